// Which app connection is a connector's. Scalekit names a connection by a key_id a person typed or
// the server generated, never one derived from the connector (scalekit-api.md §10.1), so it is
// looked up: the connections whose provider_key is the connector's identifier, and among several
// the one the definition names. Plan, pull, promote and verify all find it this way.
import type { ConnectionInfo } from "../../client/index.ts";

/** The connections of the custom provider `identifier`. */
export const connectionsOf = (identifier: string, connections: readonly ConnectionInfo[]): ConnectionInfo[] =>
  connections.filter((connection) => connection.providerKey === identifier);

export type Choice =
  | { readonly found: "none" }
  | { readonly found: "one"; readonly connection: ConnectionInfo; readonly others: readonly ConnectionInfo[] }
  /** Several, and the definition names none of them (or names none). */
  | { readonly found: "ambiguous"; readonly candidates: readonly ConnectionInfo[] };

/**
 * The connector's connection among `candidates`: the one named `declared`, else the only one. A
 * declared name matching none of several is ambiguous; matching none of one is that one (to be
 * renamed by apply).
 */
export function chooseConnection(candidates: readonly ConnectionInfo[], declared?: string): Choice {
  if (candidates.length === 0) return { found: "none" };
  const named = declared === undefined ? undefined : candidates.find((c) => c.name === declared);
  const chosen = named ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen) return { found: "ambiguous", candidates };
  return { found: "one", connection: chosen, others: candidates.filter((c) => c !== chosen) };
}

/** The fix for an ambiguous choice, naming the candidates. */
export const ambiguityFix = (candidates: readonly ConnectionInfo[], where: string): string =>
  `name the one to use: .connection({ name: ${candidates.map((c) => JSON.stringify(c.name)).join(" | ")} }) in ${where}`;
