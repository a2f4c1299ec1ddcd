// The plan: what apply would do, kind by kind — each connector (connector/plan.ts) and its app
// connection (connection/plan.ts) — combined into one result that the printer, --json and apply
// read. A pure function of the definitions, the remote state and the options; no I/O. A kind
// added later plans in its own folder from the kinds before it and joins the result here.
import type { Provider } from "../../dsl/payload.ts";
import {
  type ConnectionChange,
  type ConnectionContext,
  type ConnectionNote,
  connectionWrites,
  planConnections,
} from "./connection/plan.ts";
import {
  type Change as ConnectorChange,
  type ConnectorPlan,
  hasDrift as connectorDrift,
  hasWrites as connectorWrites,
  planConnectors,
  summarize,
} from "./connector/plan.ts";
import type { Blocker, Definition, PlanOptions, Skipped } from "./model.ts";

export type { Blocker, ConnectionChange, ConnectionContext, Definition, PlanOptions, Skipped };
/** A change to a connector; its connection's changes are in `Plan.connections`. */
export type Change = ConnectorChange;
export { summarize };

export interface Plan extends ConnectorPlan {
  /** The connections' changes, each naming its connector; empty when connections were not planned. */
  readonly connections: readonly ConnectionChange[];
  readonly notes: readonly ConnectionNote[];
}

export interface FullPlanOptions extends PlanOptions {
  /** What the connection kind reads; without it, only connectors are planned (verify's deployment check). */
  readonly connections?: ConnectionContext;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function plan(
  definitions: readonly Definition[],
  remote: readonly Provider[],
  options: FullPlanOptions,
): Plan {
  return combine(planConnectors(definitions, remote, options), definitions, options.connections);
}

export { planConnectors };

/** The whole plan from the connectors' part (whose identifiers the connection context was read for). */
export function combine(
  connectors: ConnectorPlan,
  definitions: readonly Definition[],
  context: ConnectionContext | undefined,
): Plan {
  if (!context) return { ...connectors, connections: [], notes: [] };
  const connections = planConnections(definitions, connectors, context);
  return {
    ...connectors,
    connections: connections.changes,
    notes: connections.notes,
    blockers: [...connectors.blockers, ...connections.blockers].sort(byName),
  };
}

/** Whether apply would write anything. */
export const hasWrites = (result: Plan): boolean => connectorWrites(result) || connectionWrites(result);

/**
 * Whether the remote differs from the definitions: a write is pending, or something sync manages
 * has no definition even though, without --prune, apply would leave it (`plan --exit-code` exits 2).
 */
export const hasDrift = (result: Plan): boolean => connectorDrift(result) || connectionWrites(result);
