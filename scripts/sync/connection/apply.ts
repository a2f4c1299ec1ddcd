// The connection kind's apply steps, run after its connector's (apply.ts orders them): create
// (named as declared, or as Scalekit generates), PATCH the OAuth settings with the client secret
// read from the environment, enable, then record the secret's fingerprint on the connector
// (fingerprint.ts) so the next plan can tell whether it changed; and delete, before the connector.
// A create whose answer was lost is found again by listing instead of made twice.
import type { Payload } from "../../../dsl/payload.ts";
import {
  type ConnectionInfo,
  type ConnectionSettings,
  isScalekitApiError,
  type ScalekitApiError,
  type ScalekitClient,
} from "../../client/index.ts";
import { fixFor } from "../connector/converge.ts";
import { managedBody } from "../connector/ownership.ts";
import type { Owner } from "../model.ts";
import type { ConnectionChange } from "./change.ts";
import type { OAuthCredentials } from "./credentials.ts";
import { fingerprint } from "./fingerprint.ts";
import { connectionsOf } from "./lookup.ts";

export interface ConnectionOutcome {
  readonly kind: "connection";
  readonly connector: string;
  readonly name: string;
  readonly action: Exclude<ConnectionChange["action"], "unchanged">;
  readonly ok: boolean;
  readonly detail: string;
  readonly fix?: string;
  /** Set when an OAuth connection was made: Scalekit's callback, to register with the vendor's OAuth app. */
  readonly redirectUri?: string;
}

export interface ConnectionApplyContext {
  readonly client: ScalekitClient;
  readonly owner?: Owner;
  /** By connector display name. */
  readonly credentials: ReadonlyMap<string, OAuthCredentials>;
  /** The definitions' payloads by display name, for the connector update that records a fingerprint. */
  readonly payloads: ReadonlyMap<string, Payload>;
  /** The environment's origin, or "embedded": part of the fingerprint's scope. */
  readonly environment: string;
}

type Write = Exclude<ConnectionChange, { action: "unchanged" }>;

/** Finds a connection a create made although its answer was lost: by the declared name, else the only new one. */
async function findMade(
  change: Extract<ConnectionChange, { action: "create" }>,
  identifier: string,
  context: ConnectionApplyContext,
): Promise<ConnectionInfo | undefined> {
  const { connections } = await context.client.listConnections();
  const mine = connectionsOf(identifier, connections);
  if (change.name !== undefined) return mine.find((connection) => connection.name === change.name);
  return mine.length === 1 ? mine[0] : undefined;
}

/** Creates per connection, before giving up (each request already retried by the client). */
const maxRounds = 8;

/**
 * Creates the connection exactly once: a create whose answer is lost (no answer, 5xx) or refused
 * as a duplicate (409: an earlier attempt took effect) lists the connections and continues from
 * what is there; one refused by the rate limit (429: not applied) is sent again. While a lost
 * create cannot be ruled out, nothing is sent again: if the listing fails too, the create is
 * reported as unknown, and the next apply plans from what Scalekit has.
 */
async function createOnce(
  change: Extract<ConnectionChange, { action: "create" }>,
  identifier: string,
  context: ConnectionApplyContext,
): Promise<ConnectionInfo | { error: unknown; unknown?: true }> {
  let lastError: unknown;
  for (let round = 1; round <= maxRounds; round++) {
    if (isScalekitApiError(lastError) && lastError.status !== 429) {
      let found: ConnectionInfo | undefined;
      try {
        found = await findMade(change, identifier, context);
      } catch (error) {
        return { error, unknown: true };
      }
      if (found) return found;
    }
    try {
      return await context.client.createConnection({
        providerKey: identifier,
        type: change.type,
        ...(change.name !== undefined && { name: change.name }),
      });
    } catch (error) {
      const unclear =
        isScalekitApiError(error) && (error.ambiguous || error.status === 409 || error.status === 429);
      if (!unclear) return { error };
      lastError = error;
    }
  }
  return { error: lastError };
}

/** Creates or updates the connection of the connector `identifier`, as the change says. */
export async function applyConnection(
  change: Write,
  identifier: string,
  context: ConnectionApplyContext,
): Promise<ConnectionOutcome> {
  const { client } = context;
  const named = "name" in change && change.name !== undefined ? change.name : "";
  const outcome = (
    ok: boolean,
    detail: string,
    extra: Partial<ConnectionOutcome> = {},
  ): ConnectionOutcome => ({
    kind: "connection",
    connector: change.connector,
    name: named,
    action: change.action,
    ok,
    detail,
    ...extra,
  });
  const failed = (
    error: unknown,
    what: string,
    name = named,
    done: readonly string[] = [],
  ): ConnectionOutcome => {
    if (!isScalekitApiError(error)) throw error;
    const before = done.length > 0 ? `${done.join(", ")}; then ` : "";
    return {
      ...outcome(false, `${before}${what} failed: ${error.reason}`, { fix: connectionFix(error) }),
      name,
    };
  };

  if (change.action === "delete") {
    try {
      await client.deleteConnection(change.id);
      return outcome(true, "deleted");
    } catch (error) {
      if (isScalekitApiError(error) && error.status === 404) return outcome(true, "already deleted");
      return failed(error, "delete");
    }
  }

  let connection: ConnectionInfo;
  const done: string[] = [];
  if (change.action === "create") {
    const made = await createOnce(change, identifier, context);
    if ("unknown" in made && isScalekitApiError(made.error))
      return {
        ...outcome(
          false,
          `the create's answer was lost, and listing the connections to find it failed: ${made.error.reason}`,
        ),
        fix: "run apply again: it plans from what Scalekit has, so a connection this create made is not made twice",
      };
    if (!("id" in made)) return failed(made.error, "create");
    connection = made;
    done.push("created");
  } else {
    connection = await client
      .getConnection(change.id)
      .catch(() => ({ id: change.id, name: change.name }) as ConnectionInfo);
  }

  // a declared name Scalekit did not honour on create, or a rename, is a PATCH of key_id
  const wantedName =
    change.action === "create" ? change.name : change.differences.find((d) => d.field === "name")?.after;
  const credentials = context.credentials.get(change.connector);
  const settings = change.settings;
  const secret = settings ? credentials?.clientSecret : undefined;
  const patch: ConnectionSettings = {
    ...(wantedName !== undefined && wantedName !== connection.name && { name: wantedName }),
    ...(settings &&
      secret !== undefined && {
        oauth: {
          clientId: settings.clientId,
          clientSecret: secret,
          scopes: settings.scopes,
          pkce: settings.pkce,
          ...(settings.tokenAuth !== "" && { tokenAuthMethod: settings.tokenAuth }),
        },
      }),
  };
  const name = patch.name ?? connection.name;
  try {
    if (patch.name !== undefined || patch.oauth !== undefined) {
      connection = await client.updateConnection(connection.id, patch);
      if (patch.name !== undefined && change.action === "update") done.push(`renamed to "${patch.name}"`);
      if (patch.oauth) done.push("OAuth settings set");
    }
    if (!connection.enabled) {
      await client.setConnectionEnabled(connection.id, true);
      done.push("enabled");
    }
  } catch (error) {
    return failed(error, patch.oauth ? "setting its OAuth settings" : "updating it", name, done);
  }
  if (patch.oauth && secret !== undefined) {
    const recorded = await recordFingerprint(
      change.connector,
      identifier,
      connection.id,
      patch.oauth.clientId,
      secret,
      context,
    );
    if (recorded)
      return failed(recorded, "recording the client secret's fingerprint on the connector", name, done);
  }
  // the vendor's OAuth app must know Scalekit's callback; a stand-in (embedded) has no vendor app
  const redirectUri =
    change.action === "create" && settings && !settings.standIn ? connection.oauth?.redirectUri : undefined;
  return { ...outcome(true, done.join(", ") || "updated"), name, ...(redirectUri && { redirectUri }) };
}

/** Writes the connector again with the fingerprint of the secret just set; the error, when it fails. */
async function recordFingerprint(
  connector: string,
  identifier: string,
  connectionId: string,
  clientId: string,
  secret: string,
  context: ConnectionApplyContext,
): Promise<ScalekitApiError | undefined> {
  const payload = context.payloads.get(connector);
  if (!payload) return undefined;
  const value = await fingerprint(secret, { environment: context.environment, connectionId, clientId });
  try {
    await context.client.updateCustomProvider(identifier, managedBody(payload, context.owner, value));
    return undefined;
  } catch (error) {
    if (isScalekitApiError(error)) return error;
    throw error;
  }
}

/** The fix for a failed connection write. */
export function connectionFix(error: ScalekitApiError): string {
  if (error.status === 404 && error.path.startsWith("/api/v1/connections"))
    return "this environment may not offer Scalekit's PREVIEW connections API: create the connection in the Scalekit Dashboard, or set connections: { managed: false } in connectorkit.config.ts";
  if (error.status === 400 && /connected accounts/i.test(error.serverMessage))
    return "delete the connection's connected accounts first (Scalekit Dashboard → Connected Accounts), then apply again";
  if (error.status === 409)
    return "another connection has this name: choose another in .connection({ name })";
  return fixFor(error);
}
