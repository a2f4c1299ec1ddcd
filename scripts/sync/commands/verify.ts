// `sync verify [NAME…]`: proves each deployed connector can authenticate to its upstream. It sends
// one request through Scalekit's tool proxy (the definition's `.verify()`, or --request) for a
// connected account: an existing one (--identifier), or a temporary `connectorkit-verify-<random>`
// made from CONNECTORKIT_VERIFY_* values and deleted afterwards, also on failure and Ctrl-C.
// Nothing starts until every connector has a request, credentials, and a deployment equal to
// its definition. Output never holds a credential in any encoding.
import { randomBytes } from "node:crypto";
import { redact } from "../../client/errors.ts";
import { isScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { defaultConnectionName } from "../../lib/connection-name.ts";
import { connectorPaths, loadConfig } from "../config.ts";
import { loadDefinitions, printLoadErrors } from "../definitions.ts";
import { exit, jsonErrors, type SyncIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import { describeTarget, openTarget, resolveTarget } from "../target.ts";
import { cleanupOnSignal, TemporaryAccounts } from "../verify-cleanup.ts";
import { detailsFor, gatherCredentials, patternOf, secretForms } from "../verify-credentials.ts";
import {
  assumedConnectionFix,
  classify,
  noAnswer,
  otherConnector,
  type VerifyContext,
  type VerifyOutcome,
} from "../verify-result.ts";
import { type Check, choose, deploymentProblems, type Problem } from "../verify-select.ts";

export interface VerifyFlags {
  readonly names: readonly string[];
  readonly connectors?: readonly string[];
  readonly env?: string;
  readonly request?: string;
  readonly identifier?: string;
  readonly connection?: string;
  readonly json: boolean;
}

export interface VerifyResult extends VerifyOutcome {
  readonly name: string;
  readonly identifier: string;
  readonly connection: string;
  readonly request: string;
}

const temporaryIdentifier = () => `connectorkit-verify-${randomBytes(4).toString("hex")}`;

function printProblems(problems: readonly Problem[], io: SyncIO, what: string, json: boolean): number {
  if (json) {
    io.stdout.write(
      jsonErrors(problems.map(({ name, message, fix }) => ({ message: `${name}: ${message}`, fix }))),
    );
  }
  for (const problem of problems)
    io.stderr.write(`✖ ${problem.name}: ${problem.message}\n  → ${problem.fix}\n`);
  io.stderr.write(`${count(problems.length, "problem")}; ${what}\n`);
  return exit.failed;
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
      const made = await client.createConnectedAccount({
        ...account,
        details: detailsFor(definition.payload, check.values),
      });
      created = true;
      // an assumed name may belong to another connector (two names that differ only in case or
      // spaces): its upstream must never receive this connector's credential
      if (context.connectionAssumed && made.provider && made.provider !== check.remoteIdentifier) {
        return { ...base, ...otherConnector(connection, made.provider) };
      }
    }
    const answer = await client.proxyRequest({
      ...account,
      method: request.method,
      path: request.path,
      headers: request.headers,
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

/** One result in text: a line, then its hint lines. */
function formatResult(r: VerifyResult, io: SyncIO, flags: VerifyFlags): string {
  const c = colorsFor(io.stdout, io.env);
  const mark = r.status === "ok" ? c.green("✔") : c.red("✖");
  const status = r.status === "ok" ? c.green(r.status) : c.red(r.status);
  const answer = r.httpStatus === null ? "no answer" : String(r.httpStatus);
  const account =
    flags.identifier === undefined
      ? `temporary account on connection ${r.connection}, deleted`
      : `account ${r.identifier} on connection ${r.connection}`;
  const hint = r.hint.map((line) => `  → ${line}\n`).join("");
  return `${mark} ${r.name}  ${status}  ${r.request} → ${answer}  ${c.dim(`(${account})`)}\n${hint}`;
}

function formatSummary(results: readonly VerifyResult[]): string {
  const tally = (["ok", "rejected", "not_found", "unreachable", "error"] as const)
    .map((status) => [status, results.filter((r) => r.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  return `\nVerified ${count(results.length, "connector")}: ${tally.join(", ")}.\n`;
}

/** `--json`: {"results":[{name, identifier, request, status, http_status, hint}]}. */
function resultsJson(results: readonly VerifyResult[]): string {
  const data = results.map((r) => ({
    name: r.name,
    identifier: r.identifier,
    request: r.request,
    status: r.status,
    http_status: r.httpStatus,
    hint: r.hint.length > 0 ? r.hint.join(" ") : null,
  }));
  return `${JSON.stringify({ results: data }, null, 2)}\n`;
}

export async function runVerify(flags: VerifyFlags, io: SyncIO): Promise<number> {
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  (flags.json ? io.stderr : io.stdout).write(`${describeTarget(target)}\n`);
  const { definitions, errors } = await loadDefinitions(connectorPaths(flags.connectors, config), io.cwd);
  if (errors.length > 0) {
    if (flags.json) io.stdout.write(jsonErrors(errors));
    printLoadErrors(errors, io.stderr);
    io.stderr.write(`${count(errors.length, "problem")} in the definitions; nothing was checked.\n`);
    return exit.failed;
  }
  const { checks, problems } = choose(definitions, flags);
  if (problems.length > 0) return printProblems(problems, io, "nothing was checked.", flags.json);

  const opened = await openTarget(target, io.tuning);
  try {
    const notDeployed = deploymentProblems(checks, await opened.client.listCustomProviders());
    if (notDeployed.length > 0) return printProblems(notDeployed, io, "nothing was checked.", flags.json);

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
    if (missing.length > 0) return printProblems(missing, io, "nothing was checked.", flags.json);

    const scrub = (text: string) => redact(text, secrets);
    const accounts = new TemporaryAccounts(opened.client);
    const results = await cleanupOnSignal(
      () => accounts.removeAll(),
      (text) => io.stderr.write(text),
      async () => {
        const out: VerifyResult[] = [];
        for (const check of checks) {
          const result = await checkOne(opened.client, check, flags, accounts);
          out.push(result);
          // each result as it comes: a slow upstream should not hide the others
          if (!flags.json) io.stdout.write(scrub(formatResult(result, io, flags)));
        }
        return out;
      },
      io.interrupts,
    );
    io.stdout.write(scrub(flags.json ? resultsJson(results) : formatSummary(results)));
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
