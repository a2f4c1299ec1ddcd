// `sync plan` and `sync apply`: load and validate the definitions, list the target's custom
// connectors, print the plan; apply then asks for confirmation and carries the plan out.

import type { ConnectorkitConfig } from "../../../dsl/config.ts";
import type { Provider } from "../../../dsl/payload.ts";
import {
  type ApplyOptions,
  applyPlan,
  formatApplySummary,
  formatInterrupted,
  formatOutcome,
} from "../apply.ts";
import { connectionsManaged, connectorPaths, loadConfig, movesFrom, ownerFrom } from "../config.ts";
import { confirmWrites } from "../confirm.ts";
import { gatherConnections } from "../connection/gather.ts";
import { loadDefinitions, printLoadErrors, printSkipped } from "../definitions.ts";
import { formatPlan, planJson } from "../format-plan.ts";
import { interruptedExit } from "../interrupt.ts";
import { errorsJson, exit, type RunIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import {
  combine,
  type Definition,
  hasDrift,
  hasWrites,
  type Plan,
  type PlanOptions,
  planConnectors,
} from "../plan.ts";
import {
  describeTarget,
  type OpenTarget,
  openTarget,
  resolveTarget,
  type Target,
  targetData,
} from "../target.ts";

export interface PlanFlags extends PlanOptions {
  readonly connectors?: string | readonly string[];
  readonly env?: string;
}

export interface WriteFlags {
  readonly yes: boolean;
  readonly concurrency: number;
}

/**
 * Resolves the target, prints it (the first line), then loads definitions; undefined after
 * printing errors (with `json`, also as `{"errors": [{file, path?, message, fix}]}` on stdout).
 */
async function prepare(flags: PlanFlags, io: RunIO, json: boolean) {
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  (json ? io.stderr : io.stdout).write(`${describeTarget(target)}\n`);
  const { definitions, errors, skipped } = await loadDefinitions(
    connectorPaths(flags.connectors, config),
    io.cwd,
  );
  printSkipped(skipped, io.stderr);
  if (errors.length === 0)
    return { target, definitions, owner: ownerFrom(config), moved: movesFrom(config), config };
  if (json) io.stdout.write(io.secrets.json(errorsJson(errors)));
  printLoadErrors(errors, io.stderr);
  io.stderr.write(`${count(errors.length, "problem")} in the definitions; nothing was sent to the target.\n`);
  return undefined;
}

/**
 * Without a project, every connector any connectorkit repository created on the environment counts
 * as this one's: say so before such a prune deletes anything (the embedded emulator is local).
 */
function unscopedPruneNote(result: Plan, target: Target): string {
  const deletes = result.changes.some((change) => change.action === "delete");
  if (!deletes || result.owner?.project !== undefined || target.kind === "embedded") return "";
  return 'note: connectorkit.config.ts names no project, so --prune counts connectors any repository deployed here with connectorkit as this one\'s; set project: "<name>" to scope it (docs/sync.md: Ownership)\n';
}

/** A target opened, and its custom connectors as listed; the caller closes `opened`. */
export interface Listed {
  readonly opened: OpenTarget;
  readonly remote: readonly Provider[];
}

/** Opens the target and lists it; on failure nothing is left open. */
export async function openAndList(target: Target, io: RunIO): Promise<Listed> {
  const opened = await openTarget(target, io.tuning);
  try {
    return { opened, remote: await opened.client.listCustomProviders() };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** Which connection variables and fingerprint scope a target uses. */
export function connectionSource(target: Target, io: RunIO, config: ConnectorkitConfig | undefined) {
  return {
    env: io.env,
    ...(target.kind === "remote" && target.origin === "config" && { environment: target.name }),
    embedded: target.kind === "embedded",
    scope: target.kind === "remote" ? target.url : "embedded",
    managedByDefault: connectionsManaged(config),
  };
}

/** Plans connectors, reads what their connections' plan needs from the target, then plans those. */
export async function planTarget(
  listed: Listed,
  definitions: readonly Definition[],
  options: PlanOptions,
  source: ReturnType<typeof connectionSource>,
): Promise<{ result: Plan; context: Awaited<ReturnType<typeof gatherConnections>> }> {
  const connectors = planConnectors(definitions, listed.remote, options);
  const context = await gatherConnections(
    listed.opened.client,
    definitions,
    listed.remote,
    connectors,
    source,
  );
  return { result: combine(connectors, definitions, context), context };
}

export async function runPlan(
  flags: PlanFlags & { json: boolean; exitCode: boolean },
  io: RunIO,
): Promise<number> {
  const prepared = await prepare(flags, io, flags.json);
  if (!prepared) return exit.failed;
  const listed = await openAndList(prepared.target, io);
  let result: Plan;
  try {
    ({ result } = await planTarget(
      listed,
      prepared.definitions,
      { ...flags, owner: prepared.owner, moved: prepared.moved },
      connectionSource(prepared.target, io, prepared.config),
    ));
  } finally {
    await listed.opened.close();
  }
  if (flags.json) io.stdout.write(io.secrets.json(planJson(result, targetData(prepared.target))));
  else {
    formatPlan(result, io.stdout, colorsFor(io.stdout, io.env));
    io.stdout.write(unscopedPruneNote(result, prepared.target));
  }
  if (result.blockers.length > 0) return exit.failed;
  return flags.exitCode && hasDrift(result) ? exit.pending : exit.ok;
}

export async function runApply(flags: PlanFlags & WriteFlags, io: RunIO): Promise<number> {
  const prepared = await prepare(flags, io, false);
  if (!prepared) return exit.failed;
  return planAndApply(
    prepared.target,
    await openAndList(prepared.target, io),
    prepared.definitions,
    { ...flags, owner: prepared.owner, moved: prepared.moved, dryRun: false },
    io,
    connectionSource(prepared.target, io, prepared.config),
  );
}

/**
 * Plans against a listed target, prints, then (unless dryRun) confirms and applies: the part apply
 * and promote share. Closes `listed.opened`.
 */
export async function planAndApply(
  target: Target,
  listed: Listed,
  definitions: readonly Definition[],
  flags: PlanOptions & WriteFlags & { readonly dryRun: boolean },
  io: RunIO,
  source: ReturnType<typeof connectionSource>,
): Promise<number> {
  const { opened } = listed;
  try {
    const { result, context } = await planTarget(listed, definitions, flags, source);
    formatPlan(result, io.stdout, colorsFor(io.stdout, io.env));
    io.stdout.write(unscopedPruneNote(result, target));
    if (result.blockers.length > 0) {
      if (!flags.dryRun)
        io.stderr.write("Apply refused: resolve the problems listed above first. Nothing was changed.\n");
      return exit.failed;
    }
    if (flags.dryRun || !hasWrites(result)) return exit.ok;
    const writes =
      result.changes.filter((change) => change.action !== "unchanged").length +
      result.connections.filter((change) => change.action !== "unchanged").length;
    const decision = await confirmWrites({
      target,
      what: `apply ${count(writes, "change")}`,
      yes: flags.yes,
      interactive: io.interactive,
      prompt: io.prompt,
    });
    if (!decision.proceed) {
      io.stderr.write(`${decision.message}\n`);
      return exit.failed;
    }
    return await execute(result, opened, flags, io, {
      credentials: context.credentials,
      payloads: new Map(definitions.map((definition) => [definition.display_name, definition.payload])),
      environment: source.scope,
    });
  } finally {
    await opened.close();
  }
}

async function execute(
  result: Plan,
  opened: OpenTarget,
  flags: WriteFlags,
  io: RunIO,
  connections: NonNullable<ApplyOptions["connections"]>,
): Promise<number> {
  const c = colorsFor(io.stdout, io.env);
  io.stdout.write("\n");
  const run = (signal?: AbortSignal) =>
    applyPlan(result, opened.client, {
      concurrency: flags.concurrency,
      connections,
      onOutcome: (outcome) => io.stdout.write(formatOutcome(outcome, c)),
      ...(signal && { signal }),
    });
  const outcomes = io.interrupts ? await io.interrupts.during(run) : await run();
  formatApplySummary(outcomes, io.stdout, c);
  if (outcomes.pending) {
    io.stdout.write(formatInterrupted(outcomes, outcomes.pending, c));
    return io.interrupts?.exitCode ?? interruptedExit;
  }
  return outcomes.every((outcome) => outcome.ok) ? exit.ok : exit.failed;
}
