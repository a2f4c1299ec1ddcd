// `sync verify [NAME…]`: proves each deployed connector works end to end, through Scalekit, with
// a real credential. A REST connector gets one request through the tool proxy (the definition's
// `.verify()`, or --request); an MCP connector gets its tools listed (and with --tool, one run).
// The account is an existing one (--identifier), or a temporary `connectorkit-verify-…` made from
// CONNECTORKIT_VERIFY_<CONNECTOR>_<FIELD> values, or, for OAuth, one a person authorizes through
// a link (--authorize); it is deleted afterwards, also on failure and on Ctrl-C. Nothing is sent
// until every connector has what it needs; every problem is listed at once. Output never holds a
// credential in any encoding.

import { hostValueProblem } from "../../../dsl/rules/placeholder-values.ts";
import { isScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { connectorPaths, loadConfig } from "../config.ts";
import { loadDefinitions, printLoadErrors } from "../definitions.ts";
import { errorsJson, exit, type RunIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import { printable } from "../printable.ts";
import { describeTarget, openTarget, resolveTarget } from "../target.ts";
import { authorizeAccount } from "../verify/authorize.ts";
import {
  cleanupOnSignal,
  removeLeftovers,
  staleAfterMs,
  TemporaryAccounts,
  temporaryIdentifier,
} from "../verify/cleanup.ts";
import { detailsFor, gatherCredentials, patternOf, secretForms } from "../verify/credentials.ts";
import {
  authorizationFailure,
  authorizationTimeout,
  classify,
  noAnswer,
  type VerifyContext,
  type VerifyOutcome,
} from "../verify/result.ts";
import {
  type Check,
  choose,
  connectionProblems,
  deploymentProblems,
  type Problem,
} from "../verify/select.ts";
import { checkTools } from "../verify/tools.ts";

export interface VerifyFlags {
  readonly names: readonly string[];
  readonly connectors?: readonly string[];
  readonly env?: string;
  readonly request?: string;
  readonly identifier?: string;
  readonly connection?: string;
  readonly json: boolean;
  /** OAuth: make a temporary account and have a person authorize it through a link. */
  readonly authorize: boolean;
  /** Keep the account made under this identifier, for later runs with --identifier. */
  readonly keep?: string;
  /** How long --authorize waits for the person, in seconds. */
  readonly waitSeconds: number;
  /** Open the link in the browser (at a terminal). */
  readonly browser: boolean;
  readonly tool?: string;
  readonly input?: string;
  /** Delete every temporary verify account on the chosen connectors' connections, then stop. */
  readonly cleanUp: boolean;
}

export interface VerifyResult extends VerifyOutcome {
  readonly name: string;
  readonly identifier: string;
  readonly connection: string;
  /** The request sent, or "tools" for an MCP connector. */
  readonly request: string;
  /** How the account came to be: temporary (deleted), kept, or an existing one. */
  readonly account: "temporary" | "kept" | "existing";
}

function printProblems(problems: readonly Problem[], io: RunIO, what: string, json: boolean): number {
  if (json) {
    io.stdout.write(
      io.secrets.json(
        errorsJson(problems.map(({ name, message, fix }) => ({ message: `${name}: ${message}`, fix }))),
      ),
    );
  }
  for (const problem of problems)
    io.stderr.write(`✖ ${printable(problem.name)}: ${printable(problem.message)}\n  → ${problem.fix}\n`);
  io.stderr.write(`${count(problems.length, "problem")}; ${what}\n`);
  return exit.failed;
}

interface RunContext {
  readonly client: ScalekitClient;
  readonly flags: VerifyFlags;
  readonly accounts: TemporaryAccounts;
  readonly io: RunIO;
  readonly signal?: AbortSignal;
  /** The config environment's name, for the OAuth variables named in hints. */
  readonly environment?: string;
}

/** Makes (or finds) the account a check uses; undefined when it is ready, else the outcome to report. */
async function prepareAccount(
  check: Check,
  identifier: string,
  account: VerifyResult["account"],
  run: RunContext,
): Promise<VerifyOutcome | undefined> {
  const { client, flags } = run;
  const ref = { connection: check.connection, identifier };
  if (account === "existing") return undefined;
  const [existing] = account === "kept" ? await client.listConnectedAccounts(ref) : [];
  if (!existing) {
    if (account === "temporary") run.accounts.track(ref);
    await client.createConnectedAccount({
      ...ref,
      ...(!check.oauth && { details: detailsFor(check.definition.payload, check.values) }),
    });
  }
  if (!check.oauth || existing?.status === "ACTIVE") return undefined;
  const connections = await client.listConnections();
  const connection = connections.connections.find((c) => c.name === check.connection);
  const authorized = await authorizeAccount({
    client,
    connection: check.connection,
    identifier,
    connector: check.definition.display_name,
    waitMs: flags.waitSeconds * 1000,
    openBrowser: flags.browser && run.io.interactive,
    stdout: run.io.stdout,
    stderr: run.io.stderr,
    terminal: run.io.interactive,
    ...(run.signal && { signal: run.signal }),
  });
  if (authorized.ok) return undefined;
  if (authorized.kind === "timeout") return authorizationTimeout(check.definition.payload, flags.waitSeconds);
  if (authorized.kind === "interrupted") return noAnswer("interrupted");
  return authorizationFailure(
    check.definition.payload,
    authorized.error,
    authorized.description,
    connection?.oauth?.redirectUri,
    run.environment,
  );
}

async function checkOne(check: Check, run: RunContext): Promise<VerifyResult> {
  const { client, flags } = run;
  const { definition, request } = check;
  const account: VerifyResult["account"] =
    flags.identifier !== undefined ? "existing" : flags.keep !== undefined ? "kept" : "temporary";
  const identifier = flags.identifier ?? flags.keep ?? temporaryIdentifier();
  const base = {
    name: definition.display_name,
    identifier,
    connection: check.connection,
    request: request ? `${request.method} ${request.path}` : check.tool ? `tool ${check.tool.name}` : "tools",
    account,
  };
  const ref = { connection: check.connection, identifier };
  let created = false;
  try {
    const early = await prepareAccount(check, identifier, account, run);
    created = true;
    if (early) return { ...base, ...early };
    if (check.mode === "tools")
      return { ...base, ...(await checkTools(client, definition.display_name, ref, check.tool)) };
    const context: VerifyContext = {
      payload: definition.payload,
      request: request as NonNullable<typeof request>,
      connection: check.connection,
      identifier,
      temporary: account !== "existing",
    };
    const answer = await client.proxyRequest({
      ...ref,
      method: context.request.method,
      path: context.request.path,
      headers: context.request.headers,
      ...(context.request.body !== undefined && { body: context.request.body }),
    });
    return { ...base, ...classify(answer, context) };
  } catch (error) {
    if (!isScalekitApiError(error)) throw error;
    if (error.kind !== "http") return { ...base, ...noAnswer(error.reason) };
    return { ...base, status: "error", httpStatus: error.status ?? null, hint: [error.message] };
  } finally {
    if (account === "temporary") await run.accounts.remove(ref, created);
  }
}

/** One result in text: a line, then its hint lines. */
function formatResult(r: VerifyResult, io: RunIO): string {
  const c = colorsFor(io.stdout, io.env);
  const mark = r.status === "ok" ? c.green("✔") : c.red("✖");
  const status = r.status === "ok" ? c.green(r.status) : c.red(r.status);
  const answer = r.tools
    ? `${count(r.tools.length, "tool")}`
    : r.httpStatus === null
      ? r.status === "not_authorized"
        ? "no authorization"
        : "no answer"
      : String(r.httpStatus);
  const account =
    r.account === "temporary"
      ? `temporary account on connection ${r.connection}, deleted`
      : `${r.account === "kept" ? "kept " : ""}account ${r.identifier} on connection ${r.connection}`;
  const tools = r.tools && r.tools.length > 0 ? `  ${r.tools.map((t) => printable(t)).join(", ")}\n` : "";
  const hint = r.hint.map((line) => `  → ${printable(line)}\n`).join("");
  return `${mark} ${printable(r.name)}  ${status}  ${printable(r.request)} → ${answer}  ${c.dim(`(${printable(account)})`)}\n${tools}${hint}`;
}

function formatSummary(results: readonly VerifyResult[]): string {
  const tally = (["ok", "rejected", "not_found", "unreachable", "not_authorized", "error"] as const)
    .map((status) => [status, results.filter((r) => r.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  return `\nVerified ${count(results.length, "connector")}: ${tally.join(", ")}.\n`;
}

/** `--json`: {"results":[{name, identifier, connection, request, status, http_status, tools?, hint}]}. */
function resultsJson(results: readonly VerifyResult[]): unknown {
  return {
    results: results.map((r) => ({
      name: r.name,
      identifier: r.identifier,
      connection: r.connection,
      request: r.request,
      status: r.status,
      http_status: r.httpStatus,
      ...(r.tools && { tools: r.tools }),
      hint: r.hint.length > 0 ? r.hint.join(" ") : null,
    })),
  };
}

/** Every credential value, per check, and the problems of the checks that lack one. */
async function gather(checks: readonly Check[], io: RunIO, alone: boolean): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const check of checks) {
    const name = check.definition.display_name;
    const gathered = await gatherCredentials(check.inputs, {
      env: io.env,
      interactive: io.interactive,
      prompt: io.prompt,
      name,
      alone,
    });
    if (!gathered.ok && "ambiguous" in gathered) {
      problems.push({
        name,
        message: `${gathered.ambiguous.map((i) => i.shared).join(", ")} name${gathered.ambiguous.length === 1 ? "s" : ""} no connector, and several are verified: its value would go to each of them`,
        fix: `set ${gathered.ambiguous.map((i) => i.variable).join(" and ")} for ${name} (a value is sent only to the connector its variable names), or verify one connector at a time`,
      });
      continue;
    }
    if (!gathered.ok) {
      const names = gathered.missing.map((input) => input.variable);
      problems.push({
        name,
        message: `no value for ${names.join(", ")}`,
        fix: `set ${names.join(" and ")} (in the shell or .env${alone ? `; ${gathered.missing.map((i) => i.shared).join(", ")} also works when one connector is verified` : ""}), run at a terminal to be asked, or pass --identifier of an existing connected account`,
      });
      continue;
    }
    check.values = gathered.values;
    // a value that fills proxy_url's host must stay in the host: checked before anything is sent
    const hostProblem = hostValueProblem(check.definition.payload.proxy_url, gathered.values);
    if (hostProblem)
      problems.push({ name, message: hostProblem, fix: "set the variable to the host part alone" });
  }
  return problems;
}

export async function runVerify(flags: VerifyFlags, io: RunIO): Promise<number> {
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  (flags.json ? io.stderr : io.stdout).write(`${describeTarget(target)}\n`);
  const { definitions, errors } = await loadDefinitions(connectorPaths(flags.connectors, config), io.cwd);
  if (errors.length > 0) {
    if (flags.json) io.stdout.write(io.secrets.json(errorsJson(errors)));
    printLoadErrors(errors, io.stderr);
    io.stderr.write(`${count(errors.length, "problem")} in the definitions; nothing was checked.\n`);
    return exit.failed;
  }
  const { checks, problems } = choose(definitions, flags);
  // a person's browser must reach the embedded emulator: it is served on 127.0.0.1 for the run
  const opened = await openTarget(target, io.tuning, {
    serve: flags.authorize && target.kind === "embedded",
  });
  try {
    const { client } = opened;
    problems.push(...deploymentProblems(checks, await client.listCustomProviders()));
    const deployed = checks.filter((check) => check.remoteIdentifier !== "");
    problems.push(
      ...connectionProblems(deployed, (await client.listConnections()).connections, flags.connection),
    );
    const connected = deployed.filter((check) => check.connection !== "");
    if (flags.cleanUp) return await cleanUp(client, connected, io, problems);
    const alone = (flags.names.length > 0 ? flags.names.length : definitions.length) === 1;
    problems.push(...(await gather(connected, io, alone)));
    if (problems.length > 0) return printProblems(problems, io, "nothing was checked.", flags.json);

    for (const check of checks) {
      const pattern = patternOf(check.definition.payload);
      if (pattern) io.secrets.addForms(secretForms(pattern, check.inputs, check.values));
    }
    const accounts = new TemporaryAccounts(client);
    const environment = target.kind === "remote" && target.origin === "config" ? target.name : undefined;
    const results = await cleanupOnSignal(
      accounts,
      (text) => io.stderr.write(text),
      async () => {
        const out: VerifyResult[] = [];
        const swept = new Set<string>();
        for (const check of checks) {
          // temporary accounts a killed run left on this connection go first
          if (flags.identifier === undefined && !swept.has(check.connection)) {
            swept.add(check.connection);
            const { removed } = await removeLeftovers(client, check.connection, Date.now() - staleAfterMs);
            if (removed.length > 0)
              io.stderr.write(
                `removed ${count(removed.length, "temporary account")} an interrupted run left on ${check.connection}\n`,
              );
          }
          const result = await checkOne(check, {
            client,
            flags,
            accounts,
            io,
            ...(environment !== undefined && { environment }),
          });
          out.push(result);
          // each result as it comes: a slow upstream should not hide the others
          if (!flags.json) io.stdout.write(formatResult(result, io));
        }
        return out;
      },
      io.interrupts,
    );
    if (flags.json) io.stdout.write(io.secrets.json(resultsJson(results)));
    else io.stdout.write(formatSummary(results));
    for (const left of accounts.leftBehind) {
      io.stderr.write(
        `✖ the temporary connected account "${left.identifier}" on connection "${left.connection}" could not be deleted: ${left.reason}\n  → delete it in the Scalekit dashboard (Connected Accounts), or run sync verify --clean-up\n`,
      );
    }
    return results.every((r) => r.status === "ok") && accounts.leftBehind.length === 0
      ? exit.ok
      : exit.failed;
  } finally {
    await opened.close();
  }
}

/** `--clean-up`: deletes every temporary verify account on the connections of the chosen connectors. */
async function cleanUp(
  client: ScalekitClient,
  checks: readonly Check[],
  io: RunIO,
  problems: Problem[],
): Promise<number> {
  if (problems.length > 0) printProblems(problems, io, "their connections were not cleaned up.", false);
  let removed = 0;
  let failed = 0;
  for (const connection of new Set(checks.map((check) => check.connection))) {
    const result = await removeLeftovers(client, connection, Number.POSITIVE_INFINITY);
    for (const identifier of result.removed)
      io.stdout.write(`deleted ${identifier} on connection ${connection}\n`);
    for (const left of result.failed)
      io.stderr.write(`✖ ${left.identifier} on ${connection}: ${left.reason}\n`);
    removed += result.removed.length;
    failed += result.failed.length;
  }
  io.stdout.write(
    `\nDeleted ${count(removed, "temporary connected account")}${failed > 0 ? `; ${failed} could not be deleted` : ""}.\n`,
  );
  return failed > 0 || problems.length > 0 ? exit.failed : exit.ok;
}
