// The app connection each custom provider has (scalekit-api.md §1.7, §9.1): the link between a
// connector and its connected accounts, named by its key_id (the `connection_name`). The
// emulator derives them from the providers (behaviour.ts says how), so they need no storage.
import { appConnectionId, appConnectionKey } from "./behaviour.ts";
import type { ProviderRecord } from "./record.ts";
import type { StoredProvider } from "./store.ts";

export interface AppConnection {
  readonly id: string;
  /** The connection_name. */
  readonly key_id: string;
  readonly provider: ProviderRecord;
}

/** Every custom provider's app connection, in creation order. */
export function appConnections(customs: readonly StoredProvider[]): AppConnection[] {
  const taken = new Set<string>();
  return customs.map(({ record }) => {
    const base = appConnectionKey(record.display_name);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    taken.add(key);
    return { id: appConnectionId(record.id), key_id: key, provider: record };
  });
}

export const connectionNamed = (
  customs: readonly StoredProvider[],
  name: string,
): AppConnection | undefined => appConnections(customs).find((connection) => connection.key_id === name);

export const connectionOf = (
  customs: readonly StoredProvider[],
  providerIdentifier: string,
): AppConnection | undefined =>
  appConnections(customs).find((connection) => connection.provider.identifier === providerIdentifier);
