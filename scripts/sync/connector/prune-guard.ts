// The last check before --prune deletes. A definition set that came out empty (a wrong
// --connectors path, files that export nothing, `connectors: []` in the config) looks exactly
// like "delete everything", so a plan that would delete every connector this project manages on
// the target, keeping none, is refused unless --allow-delete-all says that is meant.

export interface PlanCounts {
  /** Deletes planned. */
  readonly deletes: number;
  /** Managed connectors the plan keeps (updated or unchanged). */
  readonly kept: number;
  /** Connectors this project manages on the target. */
  readonly managed: number;
  /** Definitions loaded. */
  readonly definitions: number;
}

/** Why the plan is refused and what to do, or undefined when it may go ahead. */
export function pruneRefusal(counts: PlanCounts): { message: string; fix: string } | undefined {
  const { deletes, kept, managed, definitions } = counts;
  if (deletes === 0 || kept > 0 || deletes < managed) return undefined;
  const why =
    definitions === 0
      ? "no definitions were loaded"
      : `none of the ${definitions} definitions matches a connector it manages`;
  return {
    message: `--prune would delete all ${deletes} connector${deletes === 1 ? "" : "s"} connectorkit manages on this target: ${why}`,
    fix: "check --connectors (or the config's connectors) points at your definitions; to delete them all, pass --allow-delete-all",
  };
}
