// What the route modules share: the environment's data and the services around it.
import type { ConnectTo } from "./connect-to.ts";
import type { FaultPlan } from "./faults.ts";
import type { RegisteredClients } from "./mcp-oauth.ts";
import type { Authorizations } from "./oauth-state.ts";
import type { RequestLog } from "./request-log.ts";
import type { Store } from "./store.ts";
import type { Tokens } from "./tokens.ts";

export interface EmulatorContext {
  readonly store: Store;
  readonly tokens: Tokens;
  readonly log: RequestLog;
  readonly faults: FaultPlan;
  readonly pageSizeCap: number;
  /** False for an environment without the PREVIEW connections API (its routes answer 404). */
  readonly connectionsApi: boolean;
  /** The emulator's clock, in ms since the epoch. */
  readonly now: () => number;
  /** The emulator's upstream calls (proxy, OAuth, MCP): --connect-to and the time an upstream has to answer. */
  readonly proxy: { readonly connectTo: ConnectTo; readonly timeoutMs: number };
  /** Authorizations in progress (links, flows, tokens awaiting user/verify) and their record. */
  readonly authorizations: Authorizations;
  /** MCP connectors' OAuth clients, registered by DCR. */
  readonly mcpClients: RegisteredClients;
  /** Runs a change to the store, then persists the state (when there is a state file) before returning. */
  write<T>(change: () => T): Promise<T>;
}
