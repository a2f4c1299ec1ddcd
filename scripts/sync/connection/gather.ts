// What the connection plan reads, gathered before planning: the environment's connections, the
// OAuth credentials in its variables, whether each stored secret fingerprint matches them, and the
// connected accounts of every connection a change would delete (a plan must say how many accounts
// hang on it). The connectors' plan comes first, for the identifiers.
import pLimit from "p-limit";
import type { Provider } from "../../../dsl/payload.ts";
import type { ScalekitClient } from "../../client/index.ts";
import { fingerprintOf } from "../connector/ownership.ts";
import type { ConnectorPlan } from "../connector/plan.ts";
import type { Definition } from "../model.ts";
import { type CredentialSource, type OAuthCredentials, oauthCredentials } from "./credentials.ts";
import { fingerprintConnection, sameSecret } from "./fingerprint.ts";
import { chooseConnection, connectionsOf } from "./lookup.ts";
import type { ConnectionContext } from "./plan.ts";
import { isApiOAuth } from "./wanted.ts";

export interface GatherOptions extends CredentialSource {
  /** The environment's origin, or "embedded": the fingerprint's scope. */
  readonly scope: string;
  readonly managedByDefault: boolean;
}

export async function gatherConnections(
  client: ScalekitClient,
  definitions: readonly Definition[],
  remote: readonly Provider[],
  connectors: ConnectorPlan,
  options: GatherOptions,
): Promise<ConnectionContext> {
  const listing = await client.listConnections();
  const credentials = new Map<string, OAuthCredentials>();
  for (const definition of definitions)
    if (isApiOAuth(definition.payload))
      credentials.set(definition.display_name, oauthCredentials(definition.display_name, options));

  const byIdentifier = new Map(remote.map((provider) => [provider.identifier, provider]));
  const identifierOf = new Map<string, string>();
  for (const change of connectors.changes)
    if ("identifier" in change) identifierOf.set(change.name, change.identifier);

  const secrets = new Map<string, boolean>();
  await Promise.all(
    definitions.map(async (definition) => {
      const name = definition.display_name;
      const given = credentials.get(name);
      const identifier = identifierOf.get(name);
      const provider = identifier === undefined ? undefined : byIdentifier.get(identifier);
      const stored = provider && fingerprintOf(provider);
      if (!given?.clientSecret || !given.clientId || !stored || identifier === undefined) return;
      const choice = chooseConnection(
        connectionsOf(identifier, listing.connections),
        definition.connection?.name,
      );
      if (choice.found !== "one" || fingerprintConnection(stored) !== choice.connection.id) return;
      secrets.set(
        name,
        await sameSecret(stored, given.clientSecret, {
          environment: options.scope,
          connectionId: choice.connection.id,
          clientId: given.clientId,
        }),
      );
    }),
  );

  // the accounts of every connection a delete or replace would remove
  const doomed = connectors.changes.flatMap((change) =>
    change.action === "delete" || change.action === "replace"
      ? connectionsOf(change.identifier, listing.connections)
      : [],
  );
  const limit = pLimit(4);
  const accounts = new Map<string, readonly string[]>();
  await Promise.all(
    doomed.map((connection) =>
      limit(async () => {
        const list = await client.listConnectedAccounts({ connection: connection.name });
        accounts.set(
          connection.id,
          list.map((account) => account.identifier ?? account.id ?? ""),
        );
      }),
    ),
  );
  return {
    listing,
    accounts,
    credentials,
    secrets,
    ...(options.environment !== undefined && { environment: options.environment }),
    managedByDefault: options.managedByDefault,
  };
}
