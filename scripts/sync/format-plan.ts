// Prints a plan in the style of `cdk diff`: one `[+]/[~]/[±]/[-]` line per connector with a
// tree of its field changes and its connection's change (connection/format.ts), the hazards under
// it, `=` for unchanged, `·` for remote connectors left alone, `✖` for what blocks apply, `i` for
// notes, then a summary line. Also the plan as JSON data.
import type { Json } from "../../dsl/rules/issue.ts";
import { connectionHazardsOf, connectionRow } from "./connection/format.ts";
import type { FieldChange } from "./connector/diff.ts";
import { deleteHazards } from "./connector/hazards.ts";
import { managedBody } from "./connector/ownership.ts";
import { renameHint } from "./connector/renames.ts";
import { type Colors, count, type Out } from "./output.ts";
import {
  type Blocker,
  type Change,
  type ConnectionChange,
  hasWrites,
  type Plan,
  type Skipped,
  summarize,
} from "./plan.ts";
import { printable } from "./printable.ts";

const maxValue = 80;

const show = (value: Json | readonly string[]): string => {
  const text = printable(JSON.stringify(value) ?? "null");
  return text.length > maxValue ? `${text.slice(0, maxValue - 1)}…` : text;
};
const list = (items: readonly string[]) => items.map((item) => printable(JSON.stringify(item))).join(", ");

function fieldLine(remote: FieldChange, c: Colors): string {
  // paths name keys, and a remote connector's keys are remote text too
  const change = { ...remote, path: printable(remote.path) };
  switch (change.op) {
    case "add":
      return `${c.green("[+]")} ${change.path}: ${show(change.after)}`;
    case "remove":
      return `${c.red("[-]")} ${change.path}: ${show(change.before)}`;
    case "change":
      return `${c.yellow("[~]")} ${change.path}: ${show(change.before)} → ${show(change.after)}`;
    case "items": {
      const parts = [
        ...change.added.map((name) => c.green(`+ ${printable(JSON.stringify(name))}`)),
        ...change.removed.map((name) => c.red(`- ${printable(JSON.stringify(name))}`)),
      ];
      return `${c.yellow("[~]")} ${change.path}: ${parts.join(", ")}`;
    }
    case "order":
      return `${c.yellow("[~]")} ${change.path}: order ${list(change.before)} → ${list(change.after)}`;
  }
}

function head(remote: Change, c: Colors): string {
  const change = { ...remote, name: printable(remote.name) };
  const id = "identifier" in change ? `  ${c.dim(printable(change.identifier))}` : "";
  switch (change.action) {
    case "create":
      return `${c.green("[+]")} ${change.name}${change.renameOf ? `\n    ${c.yellow("⚠")} ${renameHint(printable(change.renameOf.name), change.name)}` : ""}`;
    case "update": {
      const renamed = change.renamedFrom
        ? `  ${c.cyan(`renamed from ${printable(JSON.stringify(change.renamedFrom))}`)}`
        : "";
      return `${c.yellow("[~]")} ${change.name}${id}${change.adopt ? `  ${c.cyan("adopt")}` : ""}${renamed}`;
    }
    case "replace":
      return `${c.magenta("[±]")} ${change.name}${id}  ${c.bold(c.red("replace"))}`;
    case "delete":
      return `${c.red("[-]")} ${change.name}${id}  ${c.bold(c.red("destroy"))}${change.reason === "duplicate" ? " (duplicate)" : ""}`;
    case "unchanged":
      return c.dim(`= ${change.name}`);
  }
}

const skippedText: Readonly<Record<Skipped["reason"], string>> = {
  unmanaged: "not managed by connectorkit; left untouched",
  "no definition": "managed by connectorkit but no longer defined; --prune deletes it",
  duplicate: "a second managed connector with this name; --prune deletes it",
  "other project": "managed by another connectorkit project; left untouched",
  unscoped:
    "marked by connectorkit before projects; never pruned (define it here to claim it, or delete it in the dashboard)",
};

/**
 * One line for a plan: "2 to create, 1 to update, 1 to delete" or "No changes."; with blocked
 * changes it leads with them, since apply then writes nothing at all.
 */
export function summaryLine(plan: Plan): string {
  const blocked = plan.blockers.length;
  const undefinedManaged = plan.skipped.filter(
    (s) => s.reason === "no definition" || s.reason === "duplicate",
  ).length;
  if (!hasWrites(plan) && blocked === 0)
    return undefinedManaged === 0
      ? "No changes."
      : `No changes to apply; ${count(undefinedManaged, "managed connector")} ${undefinedManaged === 1 ? "has" : "have"} no definition (apply --prune deletes ${undefinedManaged === 1 ? "it" : "them"}), which plan --exit-code counts as drift.`;
  const s = summarize(plan);
  const parts = [`${s.create} to create`, `${s.update} to update`];
  if (s.replace > 0) parts.push(`${s.replace} to replace`);
  parts.push(`${s.delete} to delete`);
  const k = connectionSummary(plan);
  const connections =
    k.create + k.update + k.delete > 0
      ? `; connections: ${k.create} to create, ${k.update} to update, ${k.delete} to delete`
      : "";
  const tally = `${parts.join(", ")}${s.unchanged > 0 ? ` (${s.unchanged} unchanged)` : ""}${connections}`;
  if (blocked === 0) return `${tally}.`;
  return `${blocked} blocked; apply changes nothing until ${blocked === 1 ? "it is" : "they are"} resolved (then: ${tally}).`;
}

function blockedLines(blocker: Blocker, c: Colors): string {
  const id = blocker.identifier ? `  ${c.dim(printable(blocker.identifier))}` : "";
  return [
    `${c.red("[!]")} ${printable(blocker.name)}${id}  ${c.bold(c.red("blocked"))}`,
    `    ${c.red("✖")} ${printable(blocker.message)}`,
    `    ${c.dim("→")} ${blocker.fix}`,
  ].join("\n");
}

/** Counts of connection changes by action. */
export function connectionSummary(plan: Plan): Record<ConnectionChange["action"], number> {
  const counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const change of plan.connections) counts[change.action]++;
  return counts;
}

export function formatPlan(plan: Plan, out: Out, c: Colors): void {
  const connectionsOf = new Map<string, ConnectionChange[]>();
  for (const change of plan.connections) {
    const list = connectionsOf.get(change.connector) ?? [];
    list.push(change);
    connectionsOf.set(change.connector, list);
  }
  for (const change of plan.changes) {
    out.write(`${head(change, c)}\n`);
    const connections = connectionsOf.get(change.name) ?? [];
    const rows = [
      ...("diff" in change ? change.diff : []).map((field) => fieldLine(field, c)),
      ...connections.flatMap((connection) => connectionRow(connection, c) ?? []),
    ];
    rows.forEach((row, index) => {
      out.write(` ${index === rows.length - 1 ? "└─" : "├─"} ${row}\n`);
    });
    for (const connection of connections)
      for (const hazard of connectionHazardsOf(connection)) out.write(`    ${c.yellow("⚠")} ${hazard}\n`);
    if ("reasons" in change) {
      for (const reason of change.reasons) out.write(`    ${c.red("needs replace:")} ${reason}\n`);
    }
    // the warning every delete carries is said once, below, not once per connector
    const hazards = "hazards" in change ? change.hazards : [];
    for (const hazard of change.action === "delete"
      ? hazards.filter((h) => !deleteHazards.includes(h))
      : hazards)
      out.write(`    ${c.yellow("⚠")} ${hazard}\n`);
  }
  for (const blocker of plan.blockers) out.write(`${blockedLines(blocker, c)}\n`);
  for (const note of plan.notes)
    out.write(
      `${c.cyan("i")} ${note.connector ? `${printable(note.connector)}: ` : ""}${printable(note.message)}\n`,
    );
  for (const skipped of plan.skipped) {
    out.write(
      `${c.dim("·")} ${printable(skipped.name)}  ${c.dim(printable(skipped.identifier))}  ${c.dim(skippedText[skipped.reason])}\n`,
    );
  }
  const deletes = plan.changes.filter((change) => change.action === "delete").length;
  if (deletes > 0) {
    for (const hazard of deleteHazards)
      out.write(`${c.yellow("⚠")} ${count(deletes, "delete")} planned: ${hazard}\n`);
  }
  if (plan.changes.length > 0 || plan.skipped.length > 0 || plan.blockers.length > 0 || plan.notes.length > 0)
    out.write("\n");
  const summary = summaryLine(plan);
  out.write(`${plan.blockers.length > 0 ? c.red(c.bold(summary)) : c.bold(summary)}\n`);
}

/** The plan as data for `--json`. Bodies are exactly what apply would send. */
export function planJson(plan: Plan, target: Readonly<Record<string, unknown>>): unknown {
  return {
    target,
    summary: { ...summarize(plan), blocked: plan.blockers.length, connections: connectionSummary(plan) },
    changes: plan.changes.map((change) => {
      // the secret's fingerprint goes back to Scalekit with an update, never into output
      const { name, action, ...all } = change;
      const { fingerprint: _fingerprint, ...rest } = all as typeof all & { fingerprint?: string };
      return "payload" in rest
        ? { action, display_name: name, ...rest, payload: managedBody(rest.payload, plan.owner) }
        : { action, display_name: name, ...rest };
    }),
    connections: plan.connections.map(({ kind: _kind, connector, ...rest }) => ({ connector, ...rest })),
    notes: plan.notes,
    skipped: plan.skipped.map(({ name, ...rest }) => ({ display_name: name, ...rest })),
    blockers: plan.blockers.map(({ name, ...rest }) => ({ display_name: name, ...rest })),
  };
}
