// The connection a connector's calls go through, found as sync finds it (sync/connection/lookup.ts):
// the deployed custom provider with the connector's display name, then the connections whose
// provider_key is its identifier, and among several the one `.connection({ name })` names. Never
// derived from the display name. Found once per connector and environment and kept; forgotten when
// Scalekit says the connection is gone (renamed or made again), so the next call looks again.
import type { Connector } from "../../dsl/builders.ts";
import { ambiguityFix, chooseConnection, connectionsOf } from "../sync/connection/lookup.ts";
import { ProxyError } from "./errors.ts";
import type { SharedClient } from "./shared-client.ts";

const keyOf = (connector: Connector) =>
  JSON.stringify([connector.displayName, connector.connectionSpec?.name ?? null]);

async function lookUp(shared: SharedClient, connector: Connector): Promise<string> {
  const where = shared.environment.url;
  const name = JSON.stringify(connector.displayName);
  const provider = (await shared.client.listCustomProviders()).find(
    (candidate) => candidate.display_name === connector.displayName,
  );
  if (!provider)
    throw new ProxyError({
      kind: "not_deployed",
      what: `connector ${name} is not deployed to ${where}`,
      fix: "apply it first (sync apply), or check the environment (SCALEKIT_ENVIRONMENT_URL)",
    });
  const { connections } = await shared.client.listConnections();
  const choice = chooseConnection(
    connectionsOf(provider.identifier, connections),
    connector.connectionSpec?.name,
  );
  if (choice.found === "none")
    throw new ProxyError({
      kind: "not_deployed",
      what: `connector ${name} has no connection on ${where}`,
      fix: "apply makes it (sync apply), or create it in the Scalekit Dashboard if connections are made there",
    });
  if (choice.found === "ambiguous")
    throw new ProxyError({
      kind: "not_deployed",
      what: `${choice.candidates.length} connections serve connector ${name} on ${where}`,
      fix: `${ambiguityFix(choice.candidates, "the connector's definition")}, or pass the connection name to proxyClient() instead of the connector`,
    });
  // the only one, even when the definition names another: apply would rename it, and calls work meanwhile
  return choice.connection.name;
}

/** The connector's connection name on the shared client's environment. */
export function connectionOf(shared: SharedClient, connector: Connector): Promise<string> {
  const key = keyOf(connector);
  const known = shared.connections.get(key);
  if (known) return known;
  const found = lookUp(shared, connector);
  shared.connections.set(key, found);
  // a failed lookup is not kept: the next call tries again
  found.catch(() => {
    if (shared.connections.get(key) === found) shared.connections.delete(key);
  });
  return found;
}

/** Forgets the connector's connection name, so the next call looks it up again. */
export function forgetConnection(shared: SharedClient, connector: Connector): void {
  shared.connections.delete(keyOf(connector));
}
