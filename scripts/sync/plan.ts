// The plan: what apply would do, kind by kind — each connector (connector/plan.ts) and its app
// connection (connection/plan.ts) — combined into one result that the printer, --json and apply
// read. A pure function of the definitions, the remote state and the options; no I/O.
import type { Provider } from "../../dsl/payload.ts";
import {
  type Change as ConnectorChange,
  type ConnectorPlan,
  hasDrift as connectorDrift,
  hasWrites as connectorWrites,
  planConnectors,
  summarize,
} from "./connector/plan.ts";
import type { Blocker, Definition, PlanOptions, Skipped } from "./model.ts";

export type { Blocker, ConnectorChange, Definition, PlanOptions, Skipped };
/** A connector change (the first kind; connections follow in plan.connections). */
export type Change = ConnectorChange;
export { summarize };

export interface Plan extends ConnectorPlan {}

export function plan(
  definitions: readonly Definition[],
  remote: readonly Provider[],
  options: PlanOptions,
): Plan {
  return planConnectors(definitions, remote, options);
}

/** Whether apply would write anything. */
export const hasWrites = (result: Plan): boolean => connectorWrites(result);

/**
 * Whether the remote differs from the definitions: a write is pending, or something sync manages
 * has no definition even though, without --prune, apply would leave it (`plan --exit-code` exits 2).
 */
export const hasDrift = (result: Plan): boolean => connectorDrift(result);
