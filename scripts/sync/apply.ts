// Runs a plan's writes with bounded concurrency (p-limit) and reports each outcome as it lands.
// Every change is carried out by converge(), which recovers from lost answers and races. The
// limit counts requests in flight, not changes: the work after an answer (the drift check, the
// printed line, a recovery listing) runs outside it, so the next write leaves as soon as an
// answer arrives and a run costs the network's time, not ours.
import pLimit from "p-limit";
import type { ScalekitClient } from "../client/index.ts";
import { converge, createRelister, type Outcome } from "./connector/converge.ts";
import { type Colors, count, type Out } from "./output.ts";
import type { Plan } from "./plan.ts";
import { printable } from "./printable.ts";

export interface ApplyOptions {
  readonly concurrency: number;
  /** Called as each change finishes, in completion order. */
  readonly onOutcome?: (outcome: Outcome) => void;
  /** Once aborted, no further change starts; those in flight finish. */
  readonly signal?: AbortSignal;
}

/** The changes an interrupted apply did not start. */
export type Pending = readonly Exclude<Plan["changes"][number], { action: "unchanged" }>[];

export async function applyPlan(
  plan: Plan,
  client: ScalekitClient,
  options: ApplyOptions,
): Promise<Outcome[] & { pending?: Pending }> {
  const limit = pLimit(options.concurrency);
  const relist = createRelister(client);
  const writes = plan.changes.filter((change) => change.action !== "unchanged");
  const pending: Pending[number][] = [];
  const results = await Promise.all(
    writes.map(async (change) => {
      // an interrupt stops changes whose first write has not left; a started change finishes
      let started = false;
      const gate = <T>(write: () => Promise<T>): Promise<T> =>
        limit(() => {
          if (!started && options.signal?.aborted) throw new NotStarted();
          started = true;
          return write();
        });
      const context = { client: limitWrites(client, gate), relist, ...(plan.owner && { owner: plan.owner }) };
      try {
        const outcome = await converge(change, context);
        options.onOutcome?.(outcome);
        return outcome;
      } catch (error) {
        if (!(error instanceof NotStarted)) throw error;
        pending.push(change);
        return undefined;
      }
    }),
  );
  const outcomes: Outcome[] & { pending?: Pending } = results.filter(
    (outcome): outcome is Outcome => outcome !== undefined,
  );
  if (pending.length > 0) outcomes.pending = pending;
  return outcomes;
}

/** The line an interrupted apply ends with, and what it did not start. */
export function formatInterrupted(outcomes: readonly Outcome[], pending: Pending, c: Colors): string {
  const applied = outcomes.filter((outcome) => outcome.ok).length;
  const total = outcomes.length + pending.length;
  const failed = outcomes.length - applied;
  const lines = [
    c.bold(
      c.yellow(
        `interrupted: ${applied} of ${total} applied${failed > 0 ? ` (${failed} failed)` : ""}; ${pending.length} not started:`,
      ),
    ),
    ...pending.map((change) => `  ${change.action} ${printable(change.name)}`),
    c.dim("run apply again to carry out the rest"),
  ];
  return `${lines.join("\n")}\n`;
}

/** A write refused because apply was interrupted before the change's first write left. */
class NotStarted extends Error {}

/** The client whose custom-provider writes wait for a free slot of `limit`, in the order asked. */
function limitWrites(
  client: ScalekitClient,
  limit: <T>(write: () => Promise<T>) => Promise<T>,
): ScalekitClient {
  return {
    ...client,
    createCustomProvider: (payload) => limit(() => client.createCustomProvider(payload)),
    updateCustomProvider: (identifier, payload) =>
      limit(() => client.updateCustomProvider(identifier, payload)),
    deleteCustomProvider: (identifier) => limit(() => client.deleteCustomProvider(identifier)),
  };
}

export function formatOutcome(outcome: Outcome, c: Colors): string {
  const id = outcome.identifier ? `  ${c.dim(printable(outcome.identifier))}` : "";
  const name = printable(outcome.name);
  if (!outcome.ok) {
    const fix = outcome.fix ? `\n  ${c.dim("→")} ${outcome.fix}` : "";
    return `${c.red("✗")} ${name}${id}: ${printable(outcome.detail)}${fix}\n`;
  }
  const drift =
    outcome.drift && outcome.drift.length > 0
      ? `\n  ${c.yellow("⚠")} the server stored different values for ${printable(outcome.drift.join(", "))}; run plan to see them`
      : "";
  return `${c.green("✓")} ${name}${id}: ${printable(outcome.detail)}${drift}\n`;
}

/** The closing lines: what was done, and, when anything failed, each failure again with its fix. */
export function formatApplySummary(outcomes: readonly Outcome[], out: Out, c: Colors): void {
  const done = outcomes.filter((outcome) => outcome.ok);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const tally = (action: Outcome["action"]) => done.filter((outcome) => outcome.action === action).length;
  const parts = [`${tally("create")} created`, `${tally("update")} updated`];
  if (tally("replace") > 0) parts.push(`${tally("replace")} replaced`);
  parts.push(`${tally("delete")} deleted`);
  out.write(`\n${c.bold(`Applied: ${parts.join(", ")}.`)}\n`);
  if (failed.length === 0) return;
  out.write(
    `${c.red(c.bold(`${count(failed.length, "change")} failed; the remote does not match the definitions yet:`))}\n`,
  );
  for (const outcome of failed) out.write(formatOutcome(outcome, c));
}
