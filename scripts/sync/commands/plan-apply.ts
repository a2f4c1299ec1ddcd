// `sync plan` and `sync apply`: load and validate the definitions, list the target's custom
// connectors, print the plan; apply then asks for confirmation and carries the plan out.
import { applyPlan, formatApplySummary, formatOutcome } from "../apply.ts";
import { connectorPaths, loadConfig } from "../config.ts";
import { confirmWrites } from "../confirm.ts";
import { loadDefinitions, printLoadErrors, printSkipped } from "../definitions.ts";
import { formatPlan, planJson } from "../format-plan.ts";
import { exit, type SyncIO } from "../io.ts";
import { colorsFor, count } from "../output.ts";
import { type Definition, hasWrites, type Plan, type PlanOptions, plan } from "../plan.ts";
import {
  describeTarget,
  type OpenTarget,
  openTarget,
  resolveTarget,
  type Target,
  targetData,
} from "../target.ts";

export interface PlanFlags extends PlanOptions {
  readonly connectors?: string;
  readonly env?: string;
}

export interface WriteFlags {
  readonly yes: boolean;
  readonly concurrency: number;
}

/** Resolves the target, prints it (the first line), then loads definitions; undefined after printing errors. */
async function prepare(flags: PlanFlags, io: SyncIO, quiet: boolean) {
  const config = await loadConfig(io.cwd);
  const target = resolveTarget({ cwd: io.cwd, env: io.env, envName: flags.env, config });
  (quiet ? io.stderr : io.stdout).write(`${describeTarget(target)}\n`);
  const { definitions, errors, skipped } = await loadDefinitions(
    connectorPaths(flags.connectors, config),
    io.cwd,
  );
  printSkipped(skipped, io.stderr);
  if (errors.length === 0) return { target, definitions };
  printLoadErrors(errors, io.stderr);
  io.stderr.write(`${count(errors.length, "problem")} in the definitions; nothing was sent to the target.\n`);
  return undefined;
}

/** Opens the target and plans against its listing; the caller closes `opened`. */
async function planAgainst(
  target: Target,
  definitions: readonly Definition[],
  options: PlanOptions,
  io: SyncIO,
) {
  const opened = await openTarget(target, io.tuning);
  try {
    return { opened, result: plan(definitions, await opened.client.listCustomProviders(), options) };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

export async function runPlan(
  flags: PlanFlags & { json: boolean; exitCode: boolean },
  io: SyncIO,
): Promise<number> {
  const prepared = await prepare(flags, io, flags.json);
  if (!prepared) return exit.failed;
  const { opened, result } = await planAgainst(prepared.target, prepared.definitions, flags, io);
  await opened.close();
  if (flags.json)
    io.stdout.write(`${JSON.stringify(planJson(result, targetData(prepared.target)), null, 2)}\n`);
  else formatPlan(result, io.stdout, colorsFor(io.stdout, io.env));
  if (result.blockers.length > 0) return exit.failed;
  return flags.exitCode && hasWrites(result) ? exit.pending : exit.ok;
}

export async function runApply(flags: PlanFlags & WriteFlags, io: SyncIO): Promise<number> {
  const prepared = await prepare(flags, io, false);
  if (!prepared) return exit.failed;
  return planAndApply(prepared.target, prepared.definitions, { ...flags, dryRun: false }, io);
}

/** Lists, plans, prints, then (unless dryRun) confirms and applies: the part apply and promote share. */
export async function planAndApply(
  target: Target,
  definitions: readonly Definition[],
  flags: PlanOptions & WriteFlags & { readonly dryRun: boolean },
  io: SyncIO,
): Promise<number> {
  const { opened, result } = await planAgainst(target, definitions, flags, io);
  try {
    formatPlan(result, io.stdout, colorsFor(io.stdout, io.env));
    if (result.blockers.length > 0) {
      if (!flags.dryRun)
        io.stderr.write("Apply refused: resolve the problems listed above first. Nothing was changed.\n");
      return exit.failed;
    }
    if (flags.dryRun || !hasWrites(result)) return exit.ok;
    const writes = result.changes.filter((change) => change.action !== "unchanged").length;
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
    return (await execute(result, opened, flags, io)) ? exit.ok : exit.failed;
  } finally {
    await opened.close();
  }
}

async function execute(result: Plan, opened: OpenTarget, flags: WriteFlags, io: SyncIO): Promise<boolean> {
  const c = colorsFor(io.stdout, io.env);
  io.stdout.write("\n");
  const outcomes = await applyPlan(result, opened.client, {
    concurrency: flags.concurrency,
    onOutcome: (outcome) => io.stdout.write(formatOutcome(outcome, c)),
  });
  formatApplySummary(outcomes, io.stdout, c);
  return outcomes.every((outcome) => outcome.ok);
}
