// Runs a plan's writes: one unit per connector, its connector's step first (connector/converge.ts),
// then its connection's (connection/apply.ts); a delete unit removes the connection first. Units
// run in three phases — creates and updates, then replaces, then deletes — so an interrupted or
// failing run has made what it makes before it removes anything. Within a phase units run
// concurrently (p-limit); the limit counts requests in flight, not units, so the next write
// leaves as soon as an answer arrives. Each outcome is reported as it lands.
import pLimit from "p-limit";
import type { Payload } from "../../dsl/payload.ts";
import type { ScalekitClient } from "../client/index.ts";
import { applyConnection, type ConnectionOutcome } from "./connection/apply.ts";
import type { OAuthCredentials } from "./connection/credentials.ts";
import { converge, createRelister, type Outcome } from "./connector/converge.ts";
import { type Colors, count, type Out } from "./output.ts";
import type { ConnectionChange, Plan } from "./plan.ts";
import { printable } from "./printable.ts";

export interface ApplyOptions {
  readonly concurrency: number;
  /** Called as each step finishes, in completion order. */
  readonly onOutcome?: (outcome: Outcome | ConnectionOutcome) => void;
  /** Once aborted, no further unit starts; those in flight finish all their steps. */
  readonly signal?: AbortSignal;
  /** What connection steps read: credentials by connector name, and the environment (fingerprints). */
  readonly connections?: {
    readonly credentials: ReadonlyMap<string, OAuthCredentials>;
    readonly payloads: ReadonlyMap<string, Payload>;
    readonly environment: string;
  };
}

type ConnectorWrite = Exclude<Plan["changes"][number], { action: "unchanged" }>;
type ConnectionWrite = Exclude<ConnectionChange, { action: "unchanged" }>;

/** What an interrupted apply did not start: the units' connector and connection changes. */
export type Pending = readonly (ConnectorWrite | ConnectionWrite)[];

export type AnyOutcome = Outcome | ConnectionOutcome;

interface Unit {
  readonly name: string;
  readonly connector?: ConnectorWrite;
  /** Present even when the connector does not change (an unchanged one's identifier). */
  readonly identifier?: string;
  readonly connections: readonly ConnectionWrite[];
  readonly phase: 0 | 1 | 2;
}

function unitsOf(plan: Plan): Unit[] {
  const connections = new Map<string, ConnectionWrite[]>();
  for (const change of plan.connections) {
    if (change.action === "unchanged") continue;
    connections.set(change.connector, [...(connections.get(change.connector) ?? []), change]);
  }
  const units: Unit[] = [];
  for (const change of plan.changes) {
    const own = connections.get(change.name) ?? [];
    if (change.action === "unchanged" && own.length === 0) continue;
    units.push({
      name: change.name,
      ...(change.action !== "unchanged" && { connector: change }),
      ...("identifier" in change && { identifier: change.identifier }),
      connections: own,
      phase: change.action === "delete" ? 2 : change.action === "replace" ? 1 : 0,
    });
  }
  return units;
}

export async function applyPlan(
  plan: Plan,
  client: ScalekitClient,
  options: ApplyOptions,
): Promise<AnyOutcome[] & { pending?: Pending }> {
  const limit = pLimit(options.concurrency);
  const relist = createRelister(client);
  const outcomes: AnyOutcome[] = [];
  const pending: (ConnectorWrite | ConnectionWrite)[] = [];
  const report = (outcome: AnyOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
    return outcome;
  };
  const units = unitsOf(plan);
  for (const phase of [0, 1, 2] as const) {
    await Promise.all(
      units
        .filter((unit) => unit.phase === phase)
        .map(async (unit) => {
          // an interrupt stops units whose first write has not left; a started unit finishes
          let started = false;
          const gate = <T>(write: () => Promise<T>): Promise<T> =>
            limit(() => {
              if (!started && options.signal?.aborted) throw new NotStarted();
              started = true;
              return write();
            });
          try {
            await runUnit(unit, limitWrites(client, gate), plan, relist, options, report);
          } catch (error) {
            if (!(error instanceof NotStarted)) throw error;
            pending.push(...(unit.connector ? [unit.connector] : []), ...unit.connections);
          }
        }),
    );
  }
  const result: AnyOutcome[] & { pending?: Pending } = outcomes;
  if (pending.length > 0) result.pending = pending;
  return result;
}

async function runUnit(
  unit: Unit,
  client: ScalekitClient,
  plan: Plan,
  relist: ReturnType<typeof createRelister>,
  options: ApplyOptions,
  report: (outcome: AnyOutcome) => AnyOutcome,
): Promise<void> {
  const context = {
    client,
    ...(plan.owner && { owner: plan.owner }),
    credentials: options.connections?.credentials ?? new Map(),
    payloads: options.connections?.payloads ?? new Map(),
    environment: options.connections?.environment ?? "",
  };
  const deletes = unit.connections.filter((change) => change.action === "delete");
  const writes = unit.connections.filter((change) => change.action !== "delete");
  // a connection blocks its connector's delete: it goes first
  for (const change of deletes) {
    const outcome = report(await applyConnection(change, unit.identifier ?? "", context));
    if (!outcome.ok) return;
  }
  let identifier = unit.identifier;
  if (unit.connector) {
    const outcome = await converge(unit.connector, {
      client,
      relist,
      ...(plan.owner && { owner: plan.owner }),
    });
    report(outcome);
    if (!outcome.ok) return;
    identifier = outcome.identifier ?? identifier;
  }
  if (identifier === undefined) return;
  for (const change of writes) report(await applyConnection(change, identifier, context));
}

/** The line an interrupted apply ends with, and what it did not start. */
export function formatInterrupted(outcomes: readonly AnyOutcome[], pending: Pending, c: Colors): string {
  const applied = outcomes.filter((outcome) => outcome.ok).length;
  const total = outcomes.length + pending.length;
  const failed = outcomes.length - applied;
  const lines = [
    c.bold(
      c.yellow(
        `interrupted: ${applied} of ${total} applied${failed > 0 ? ` (${failed} failed)` : ""}; ${pending.length} not started:`,
      ),
    ),
    ...pending.map((change) =>
      "kind" in change
        ? `  ${change.action} connection of ${printable(change.connector)}`
        : `  ${change.action} ${printable(change.name)}`,
    ),
    c.dim("run apply again to carry out the rest"),
  ];
  return `${lines.join("\n")}\n`;
}

/** A write refused because apply was interrupted before the unit's first write left. */
class NotStarted extends Error {}

/** The client whose writes wait for a free slot of `limit`, in the order asked. */
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
    createConnection: (input) => limit(() => client.createConnection(input)),
    updateConnection: (id, settings) => limit(() => client.updateConnection(id, settings)),
    deleteConnection: (id) => limit(() => client.deleteConnection(id)),
    setConnectionEnabled: (id, enabled) => limit(() => client.setConnectionEnabled(id, enabled)),
  };
}

export function formatOutcome(outcome: AnyOutcome, c: Colors): string {
  if ("kind" in outcome) {
    const head = `connection ${printable(outcome.name || "(new)")} of ${printable(outcome.connector)}`;
    if (!outcome.ok) {
      const fix = outcome.fix ? `\n  ${c.dim("→")} ${outcome.fix}` : "";
      return `${c.red("✗")} ${head}: ${printable(outcome.detail)}${fix}\n`;
    }
    const redirect = outcome.redirectUri
      ? `\n  ${c.cyan("→")} register this redirect URI with ${printable(outcome.connector)}'s OAuth app: ${printable(outcome.redirectUri)}`
      : "";
    return `${c.green("✓")} ${head}: ${printable(outcome.detail)}${redirect}\n`;
  }
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
export function formatApplySummary(outcomes: readonly AnyOutcome[], out: Out, c: Colors): void {
  const done = outcomes.filter((outcome) => outcome.ok);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const connectors = done.filter((outcome): outcome is Outcome => !("kind" in outcome));
  const connections = done.filter((outcome): outcome is ConnectionOutcome => "kind" in outcome);
  const tally = (action: Outcome["action"]) =>
    connectors.filter((outcome) => outcome.action === action).length;
  const parts = [`${tally("create")} created`, `${tally("update")} updated`];
  if (tally("replace") > 0) parts.push(`${tally("replace")} replaced`);
  parts.push(`${tally("delete")} deleted`);
  const made = (action: ConnectionOutcome["action"]) => connections.filter((o) => o.action === action).length;
  const connectionPart =
    connections.length > 0
      ? `; connections: ${made("create")} created, ${made("update")} updated, ${made("delete")} deleted`
      : "";
  out.write(`\n${c.bold(`Applied: ${parts.join(", ")}${connectionPart}.`)}\n`);
  if (failed.length === 0) return;
  out.write(
    `${c.red(c.bold(`${count(failed.length, "change")} failed; the remote does not match the definitions yet:`))}\n`,
  );
  for (const outcome of failed) out.write(formatOutcome(outcome, c));
}
