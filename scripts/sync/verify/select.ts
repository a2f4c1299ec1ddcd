// Which connectors `sync verify` checks and with which request, and whether each is deployed
// as defined: everything that must hold before a connected account is made or a request sent.
import type { Provider } from "../../../dsl/payload.ts";
import { parseVerifyRequest, type VerifyRequest } from "../../../dsl/verify.ts";
import { UsageError } from "../config.ts";
import { type Definition, plan } from "../plan.ts";
import { type CredentialInput, credentialInputs, patternOf } from "./credentials.ts";

export interface VerifySelection {
  readonly names: readonly string[];
  readonly request?: string;
  readonly identifier?: string;
  readonly connection?: string;
}

export interface Problem {
  readonly name: string;
  readonly message: string;
  readonly fix: string;
}

export interface Check {
  readonly definition: Definition;
  readonly request: VerifyRequest;
  readonly inputs: readonly CredentialInput[];
  values: Readonly<Record<string, string>>;
  /** The deployed connector's identifier, once the deployment is checked. */
  remoteIdentifier: string;
}

/** The connectors to check, each with its request; problems for the rest. */
export function choose(
  definitions: readonly Definition[],
  flags: VerifySelection,
): { checks: Check[]; problems: Problem[] } {
  let override: VerifyRequest | undefined;
  if (flags.request !== undefined) {
    try {
      override = parseVerifyRequest(flags.request);
    } catch (error) {
      throw new UsageError(
        `--request: ${error instanceof Error ? error.message : String(error)}`,
        'write it as "METHOD /path", e.g. --request "GET /me"',
      );
    }
  }
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
    const request = override ?? definition.verify;
    const pattern = patternOf(definition.payload);
    if (!request) {
      problems.push({
        name: definition.display_name,
        message: `verify cannot choose a request: ${definition.source} declares none`,
        fix: 'add .verify("GET /path") to the definition (a cheap call that needs the credential, such as GET /me), or pass --request "GET /path"',
      });
    } else if (pattern?.type === "OAUTH" && flags.identifier === undefined) {
      problems.push({
        name: definition.display_name,
        message:
          "an OAuth connector's credentials come from a user's authorization; connectorkit cannot make a temporary account",
        fix: "authorize a connected account for it (in the Scalekit dashboard, or by sending a user the link from POST /api/v1/connected_accounts/magic_link), then pass --identifier ID",
      });
    } else {
      checks.push({
        definition,
        request,
        inputs: flags.identifier === undefined && pattern ? credentialInputs(pattern) : [],
        values: {},
        remoteIdentifier: "",
      });
    }
  }
  return { checks, problems };
}

/** Each connector must be deployed and equal to its definition; verifying anything else proves nothing. */
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
