// `sync verify [NAME…]`: proves each deployed connector can authenticate to its upstream. It sends
// one request through Scalekit's tool proxy (the definition's `.verify()`, or --request) for a
// connected account: an existing one (--identifier), or a temporary `connectorkit-verify-<random>`
// made from CONNECTORKIT_VERIFY_* values and deleted afterwards, also on failure and Ctrl-C.
// Nothing starts until every connector has a request, credentials, and a deployment equal to
// its definition. Output never holds a credential in any encoding.
import { randomBytes } from "node:crypto";
import { parseVerifyRequest, type VerifyRequest } from "../../../dsl/verify.ts";
import { redact } from "../../client/errors.ts";
import { isScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { defaultConnectionName } from "../../lib/connection-name.ts";
import { connectorPaths, loadConfig, UsageError } from "../config.ts";
import { loadDefinitions, printLoadErrors } from "../definitions.ts";
import { exit, type SyncIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import { type Definition, plan } from "../plan.ts";
import { describeTarget, openTarget, resolveTarget } from "../target.ts";
import { cleanupOnSignal, TemporaryAccounts } from "../verify-cleanup.ts";
import {
  type CredentialInput,
  credentialInputs,
  detailsFor,
  gatherCredentials,
  patternOf,
  secretForms,
} from "../verify-credentials.ts";
import {
  assumedConnectionFix,
  classify,
  noAnswer,
  type VerifyContext,
  type VerifyOutcome,
} from "../verify-result.ts";

export interface VerifyFlags {
  readonly names: readonly string[];
  readonly connectors?: string;
  readonly env?: string;
  readonly request?: string;
  readonly identifier?: string;
  readonly connection?: string;
  readonly json: boolean;
}

interface Problem {
  readonly name: string;
  readonly message: string;
  readonly fix: string;
}

interface Check {
  readonly definition: Definition;
  readonly request: VerifyRequest;
  readonly inputs: readonly CredentialInput[];
  values: Readonly<Record<string, string>>;
}

export interface VerifyResult extends VerifyOutcome {
  readonly name: string;
  readonly identifier: string;
  readonly connection: string;
  readonly request: string;
}

const temporaryIdentifier = () => `connectorkit-verify-${randomBytes(4).toString("hex")}`;

function printProblems(problems: readonly Problem[], io: SyncIO, what: string): number {
  for (const problem of problems)
    io.stderr.write(`✖ ${problem.name}: ${problem.message}\n  → ${problem.fix}\n`);
  io.stderr.write(`${count(problems.length, "problem")}; ${what}\n`);
  return exit.failed;
}

/** The connectors to check, each with its request; problems for the rest. */
function choose(
  definitions: readonly Definition[],
  flags: VerifyFlags,
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
      });
    }
  }
  return { checks, problems };
}

/** Each connector must be deployed and equal to its definition; verifying anything else proves nothing. */
function deploymentProblems(checks: readonly Check[], remote: Parameters<typeof plan>[1]): Problem[] {
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

async function checkOne(
  client: ScalekitClient,
  check: Check,
  flags: VerifyFlags,
  accounts: TemporaryAccounts,
): Promise<VerifyResult> {
  const { definition, request } = check;
  const temporary = flags.identifier === undefined;
  const identifier = flags.identifier ?? temporaryIdentifier();
  const connection = flags.connection ?? defaultConnectionName(definition.display_name);
  const context: VerifyContext = {
    payload: definition.payload,
    request,
    connection,
    connectionAssumed: flags.connection === undefined,
    identifier,
    temporary,
  };
  const base = {
    name: definition.display_name,
    identifier,
    connection,
    request: `${request.method} ${request.path}`,
  };
  const account = { connection, identifier };
  let created = false;
  try {
    if (temporary) {
      accounts.track(account);
      await client.createConnectedAccount({
        ...account,
        details: detailsFor(definition.payload, check.values),
      });
      created = true;
    }
    const answer = await client.proxyRequest({
      ...account,
      method: request.method,
      path: request.path,
      ...(request.body !== undefined && { body: request.body }),
    });
    return { ...base, ...classify(answer, context) };
  } catch (error) {
    if (!isScalekitApiError(error)) throw error;
    if (error.kind !== "http") return { ...base, ...noAnswer(error.reason) };
    const fix =
      error.status === 404 && context.connectionAssumed ? `${assumedConnectionFix(connection)}.` : "";
    return {
      ...base,
      status: "error",
      httpStatus: error.status ?? null,
      hint: [error.message, ...(fix ? [fix] : [])],
    };
  } finally {
    if (temporary) await accounts.remove(account, created);
  }
}

function printResults(
  results: readonly VerifyResult[],
  io: SyncIO,
  flags: VerifyFlags,
  scrub: (text: string) => string,
) {
  if (flags.json) {
    const data = results.map((r) => ({
      name: r.name,
      identifier: r.identifier,
      request: r.request,
      status: r.status,
      http_status: r.httpStatus,
      hint: r.hint.length > 0 ? r.hint.join(" ") : null,
    }));
    io.stdout.write(scrub(`${JSON.stringify({ results: data }, null, 2)}\n`));
    return;
  }
  const c = colorsFor(io.stdout, io.env);
  for (const r of results) {
    const mark = r.status === "ok" ? c.green("✔") : c.red("✖");
    const status = r.status === "ok" ? c.green(r.status) : c.red(r.status);
    const answer = r.httpStatus === null ? "no answer" : String(r.httpStatus);
    const account =
      flags.identifier === undefined
        ? `temporary account on connection ${r.connection}, deleted`
        : `account ${r.identifier} on connection ${r.connection}`;
    io.stdout.write(
      scrub(`${mark} ${r.name}  ${status}  ${r.request} → ${answer}  ${c.dim(`(${account})`)}\n`),
    );
    for (const line of r.hint) io.stdout.write(scrub(`  → ${line}\n`));
  }
  const tally = (["ok", "rejected", "not_found", "unreachable", "error"] as const)
    .map((status) => [status, results.filter((r) => r.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  io.stdout.write(`\nVerified ${count(results.length, "connector")}: ${tally.join(", ")}.\n`);
}

export async function runVerify(flags: VerifyFlags, io: SyncIO): Promise<number> {
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  (flags.json ? io.stderr : io.stdout).write(`${describeTarget(target)}\n`);
  const { definitions, errors } = await loadDefinitions(connectorPaths(flags.connectors, config), io.cwd);
  if (errors.length > 0) {
    printLoadErrors(errors, io.stderr);
    io.stderr.write(`${count(errors.length, "problem")} in the definitions; nothing was checked.\n`);
    return exit.failed;
  }
  const { checks, problems } = choose(definitions, flags);
  if (problems.length > 0) return printProblems(problems, io, "nothing was checked.");

  const opened = await openTarget(target, io.tuning);
  try {
    const notDeployed = deploymentProblems(checks, await opened.client.listCustomProviders());
    if (notDeployed.length > 0) return printProblems(notDeployed, io, "nothing was checked.");

    const secrets: string[] = [];
    const missing: Problem[] = [];
    for (const check of checks) {
      const gathered = await gatherCredentials(check.inputs, {
        env: io.env,
        interactive: io.interactive,
        prompt: io.prompt,
        name: check.definition.display_name,
      });
      if (!gathered.ok) {
        const names = gathered.missing.map((input) => input.variable);
        missing.push({
          name: check.definition.display_name,
          message: `no value for ${names.join(", ")}`,
          fix: `set ${names.join(" and ")} (in the shell or .env), run at a terminal to be asked, or pass --identifier of an existing connected account`,
        });
        continue;
      }
      check.values = gathered.values;
      const pattern = patternOf(check.definition.payload);
      if (pattern) secrets.push(...secretForms(pattern, check.inputs, gathered.values));
    }
    if (missing.length > 0) return printProblems(missing, io, "nothing was checked.");

    const scrub = (text: string) => redact(text, secrets);
    const accounts = new TemporaryAccounts(opened.client);
    const results = await cleanupOnSignal(
      () => accounts.removeAll(),
      (text) => io.stderr.write(text),
      async () => {
        const out: VerifyResult[] = [];
        for (const check of checks) out.push(await checkOne(opened.client, check, flags, accounts));
        return out;
      },
    );
    printResults(results, io, flags, scrub);
    for (const left of accounts.leftBehind) {
      io.stderr.write(
        scrub(
          `✖ the temporary connected account "${left.identifier}" on connection "${left.connection}" could not be deleted: ${left.reason}\n  → delete it in the Scalekit dashboard (Connected Accounts)\n`,
        ),
      );
    }
    return results.every((r) => r.status === "ok") && accounts.leftBehind.length === 0
      ? exit.ok
      : exit.failed;
  } finally {
    await opened.close();
  }
}
