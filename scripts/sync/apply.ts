// Runs a plan's writes with bounded concurrency (p-limit) and reports each outcome as it lands.
// Every change is carried out by converge(), which recovers from lost answers and races. The
// limit counts requests in flight, not changes: the work after an answer (the drift check, the
// printed line, a recovery listing) runs outside it, so the next write leaves as soon as an
// answer arrives and a run costs the network's time, not ours.
import pLimit, { type LimitFunction } from "p-limit";
import type { ScalekitClient } from "../client/index.ts";
import { converge, createRelister, type Outcome } from "./converge.ts";
import { type Colors, count, type Out } from "./output.ts";
import type { Plan } from "./plan.ts";

export interface ApplyOptions {
  readonly concurrency: number;
  /** Called as each change finishes, in completion order. */
  readonly onOutcome?: (outcome: Outcome) => void;
}

export async function applyPlan(
  plan: Plan,
  client: ScalekitClient,
  options: ApplyOptions,
): Promise<Outcome[]> {
  const context = {
    client: limitWrites(client, pLimit(options.concurrency)),
    relist: createRelister(client),
  };
  const writes = plan.changes.filter((change) => change.action !== "unchanged");
  return Promise.all(
    writes.map(async (change) => {
      const outcome = await converge(change, context);
      options.onOutcome?.(outcome);
      return outcome;
    }),
  );
}

/** The client whose custom-provider writes wait for a free slot of `limit`, in the order asked. */
function limitWrites(client: ScalekitClient, limit: LimitFunction): ScalekitClient {
  return {
    ...client,
    createCustomProvider: (payload) => limit(() => client.createCustomProvider(payload)),
    updateCustomProvider: (identifier, payload) =>
      limit(() => client.updateCustomProvider(identifier, payload)),
    deleteCustomProvider: (identifier) => limit(() => client.deleteCustomProvider(identifier)),
  };
}

export function formatOutcome(outcome: Outcome, c: Colors): string {
  const id = outcome.identifier ? `  ${c.dim(outcome.identifier)}` : "";
  if (!outcome.ok) {
    const fix = outcome.fix ? `\n  ${c.dim("→")} ${outcome.fix}` : "";
    return `${c.red("✗")} ${outcome.name}${id}: ${outcome.detail}${fix}\n`;
  }
  const drift =
    outcome.drift && outcome.drift.length > 0
      ? `\n  ${c.yellow("⚠")} the server stored different values for ${outcome.drift.join(", ")}; run plan to see them`
      : "";
  return `${c.green("✓")} ${outcome.name}${id}: ${outcome.detail}${drift}\n`;
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
