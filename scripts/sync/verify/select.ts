// Which connectors `sync verify` checks and how, and everything that must hold before a connected
// account is made or a request sent: a request (REST) or tools to list (MCP), a way to an
// authorized account (OAuth), a deployment equal to the definition, a connection found by lookup.
// Every problem of every connector is collected, so one run names them all.
import type { Provider } from "../../../dsl/payload.ts";
import { parseVerifyRequest, type VerifyRequest } from "../../../dsl/verify.ts";
import type { ConnectionInfo } from "../../client/index.ts";
import { UsageError } from "../config.ts";
import { ambiguityFix, chooseConnection, connectionsOf } from "../connection/lookup.ts";
import { type Definition, plan } from "../plan.ts";
import { type CredentialInput, credentialInputs, patternOf } from "./credentials.ts";

export interface VerifySelection {
  readonly names: readonly string[];
  readonly request?: string;
  readonly identifier?: string;
  readonly connection?: string;
  readonly authorize: boolean;
  readonly tool?: string;
  readonly input?: string;
}

export interface Problem {
  readonly name: string;
  readonly message: string;
  readonly fix: string;
}

export interface Check {
  readonly definition: Definition;
  /** `proxy`: one request through the tool proxy; `tools`: an MCP connector's tools. */
  readonly mode: "proxy" | "tools";
  readonly request?: VerifyRequest;
  /** With --tool: the tool to run, and its input. */
  readonly tool?: { readonly name: string; readonly input: Record<string, unknown> };
  /** True when the account needs a person's authorization (OAuth). */
  readonly oauth: boolean;
  readonly inputs: readonly CredentialInput[];
  values: Readonly<Record<string, string>>;
  /** The deployed connector's identifier, once the deployment is checked. */
  remoteIdentifier: string;
  /** Its connection's name, once looked up. */
  connection: string;
}

function parsed<T>(what: string, fix: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError(`${what}: ${error instanceof Error ? error.message : String(error)}`, fix);
  }
}

/** The connectors to check, each with what to send; problems for the rest. */
export function choose(
  definitions: readonly Definition[],
  flags: VerifySelection,
): { checks: Check[]; problems: Problem[] } {
  const override =
    flags.request === undefined
      ? undefined
      : parsed("--request", 'write it as "METHOD /path", e.g. --request "GET /me"', () =>
          parseVerifyRequest(flags.request as string),
        );
  const input =
    flags.input === undefined
      ? {}
      : parsed("--input", 'give a JSON object, e.g. --input \'{"query": "x"}\'', () => {
          const value: unknown = JSON.parse(flags.input as string);
          if (typeof value !== "object" || value === null || Array.isArray(value))
            throw new Error("it is not a JSON object");
          return value as Record<string, unknown>;
        });
  if (flags.input !== undefined && flags.tool === undefined)
    throw new UsageError("--input goes with --tool", "name the tool to run: --tool NAME --input JSON");
  const problems: Problem[] = [];
  const chosen: Definition[] = [];
  for (const name of flags.names) {
    const found = definitions.find((definition) => definition.display_name === name);
    if (found) chosen.push(found);
    else
      problems.push({
        name,
        message: "no definition has this display_name",
        fix: `use one of: ${definitions.map((d) => JSON.stringify(d.display_name)).join(", ") || "(none found)"}`,
      });
  }
  if (flags.names.length === 0) chosen.push(...definitions);
  if (flags.connection !== undefined && chosen.length > 1) {
    throw new UsageError(
      `--connection names one connector's connection, but ${chosen.length} connectors would be checked`,
      'pass the connector\'s display name with it: sync verify "My Tracker" --connection NAME',
    );
  }
  if (chosen.length === 0 && problems.length === 0) {
    throw new UsageError("there are no connector definitions to verify", "pass --connectors PATH");
  }
  const checks: Check[] = [];
  for (const definition of chosen) {
    const pattern = patternOf(definition.payload);
    const name = definition.display_name;
    const mcp = pattern?.is_mcp === true;
    const oauth = pattern?.type === "OAUTH";
    const request = mcp ? undefined : (override ?? definition.verify);
    const before = problems.length;
    if (!mcp && !request)
      problems.push({
        name,
        message: `verify cannot choose a request: ${definition.source} declares none`,
        fix: 'add .verify("GET /path") to the definition (a cheap call that needs the credential, such as GET /me), or pass --request "GET /path"',
      });
    if (flags.tool !== undefined && !mcp)
      problems.push({
        name,
        message: "--tool runs an MCP connector's tool; this connector is a REST API, verified by its request",
        fix: "leave --tool out, or name an MCP connector",
      });
    if (oauth && flags.identifier === undefined && !flags.authorize)
      problems.push({
        name,
        message:
          "an OAuth connector's account is authorized by a person; connectorkit cannot make one from variables",
        fix: "pass --authorize to authorize a temporary account now (a link to open), or --identifier ID of an authorized connected account",
      });
    if (problems.length > before) continue;
    checks.push({
      definition,
      mode: mcp ? "tools" : "proxy",
      ...(request && { request }),
      ...(flags.tool !== undefined && { tool: { name: flags.tool, input } }),
      oauth,
      inputs: flags.identifier === undefined && !oauth && pattern ? credentialInputs(name, pattern) : [],
      values: {},
      remoteIdentifier: "",
      connection: "",
    });
  }
  return { checks, problems };
}

/** Problems for connectors not deployed as defined; sets remoteIdentifier on the others. */
export function deploymentProblems(checks: readonly Check[], remote: readonly Provider[]): Problem[] {
  const result = plan(
    checks.map((check) => check.definition),
    remote,
    { prune: false, adopt: false, allowReplace: false },
  );
  const problems: Problem[] = result.blockers.map((blocker) => ({
    name: blocker.name,
    message: blocker.message,
    fix: `${blocker.fix}; then apply, then verify`,
  }));
  for (const change of result.changes) {
    const check = checks.find((candidate) => candidate.definition.display_name === change.name);
    if (change.action === "unchanged" && check) check.remoteIdentifier = change.identifier;
    if (change.action === "create") {
      problems.push({
        name: change.name,
        message: "not deployed to the target",
        fix: "apply first (sync apply), then verify",
      });
    } else if (change.action === "update" || change.action === "replace") {
      const paths = change.diff.map((field) => field.path);
      problems.push({
        name: change.name,
        message: `deployed, but different from its definition (${paths.slice(0, 3).join(", ")}${paths.length > 3 ? " …" : ""})`,
        fix: "apply first (sync apply), then verify: verify checks what is deployed, so it must match the definition",
      });
    }
  }
  return problems;
}

/** Finds each check's connection by lookup (or takes --connection); problems where none is found. */
export function connectionProblems(
  checks: readonly Check[],
  connections: readonly ConnectionInfo[],
  given: string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const check of checks) {
    const name = check.definition.display_name;
    const mine = connectionsOf(check.remoteIdentifier, connections);
    if (given !== undefined) {
      const named = connections.find((connection) => connection.name === given);
      if (!named)
        problems.push({
          name,
          message: `no connection is named "${given}"`,
          fix: "check --connection, or leave it out to look the connection up",
        });
      else if (named.providerKey !== check.remoteIdentifier)
        problems.push({
          name,
          message: `connection "${given}" serves another connector (${named.providerKey}); nothing is sent through it`,
          fix:
            mine.length > 0
              ? `this connector's connections: ${mine.map((c) => c.name).join(", ")}`
              : "leave --connection out",
        });
      else check.connection = given;
      continue;
    }
    const choice = chooseConnection(mine, check.definition.connection?.name);
    if (choice.found === "none")
      problems.push({
        name,
        message: "the connector has no connection on the target",
        fix: "apply makes it (sync apply), or create it in the Scalekit Dashboard if connections are made there",
      });
    else if (choice.found === "ambiguous")
      problems.push({
        name,
        message: `${choice.candidates.length} connections serve it (${choice.candidates.map((c) => JSON.stringify(c.name)).join(", ")})`,
        fix: `${ambiguityFix(choice.candidates, check.definition.source)}, or pass --connection NAME`,
      });
    else if (
      check.definition.connection?.name !== undefined &&
      choice.connection.name !== check.definition.connection.name
    )
      problems.push({
        name,
        message: `the definition names connection "${check.definition.connection.name}", the target has "${choice.connection.name}"`,
        fix: "apply first (it renames the connection), then verify",
      });
    else check.connection = choice.connection.name;
  }
  return problems;
}
