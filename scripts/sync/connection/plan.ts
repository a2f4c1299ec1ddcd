// The connection kind's plan: for every connector the plan keeps, creates or replaces, its app
// connection as the definition wants it (wanted.ts) against the one looked up (lookup.ts); for
// every connector it deletes, its connections. A pure function of the connector plan, the remote
// connections, their accounts and the credentials read beforehand; no I/O. What cannot be done
// safely is a blocker: an OAuth connection without its client credentials, a delete that would
// disconnect accounts, a connection made in the Dashboard that a delete would need gone.
import type { ConnectionInfo, ConnectionListing } from "../../client/index.ts";
import type { Change as ConnectorChange, ConnectorPlan } from "../connector/plan.ts";
import type { Blocker, Definition } from "../model.ts";
import type { ConnectionChange, ConnectionDifference, ConnectionNote, SettingsToSend } from "./change.ts";
import { missingVariables, type OAuthCredentials } from "./credentials.ts";
import { connectionHazards } from "./hazards.ts";
import { ambiguityFix, chooseConnection, connectionsOf } from "./lookup.ts";
import { sameTokenAuth, type WantedConnection, wantedConnection } from "./wanted.ts";

export type { ConnectionChange, ConnectionDifference, ConnectionNote, SettingsToSend };

/** What the plan reads, gathered by the command before planning. */
export interface ConnectionContext {
  readonly listing: ConnectionListing;
  /** Connected account identifiers by connection id, for every connection a change would delete. */
  readonly accounts: ReadonlyMap<string, readonly string[]>;
  /** By connector display name, for OAuth API connectors. */
  readonly credentials: ReadonlyMap<string, OAuthCredentials>;
  /** By connector display name: whether the stored secret fingerprint matches the variable's value. */
  readonly secrets: ReadonlyMap<string, boolean>;
  /** The config environment's name, for `.connection({ environments })`. */
  readonly environment?: string;
  readonly managedByDefault: boolean;
}

export interface ConnectionPlan {
  readonly changes: readonly ConnectionChange[];
  readonly blockers: readonly Blocker[];
  readonly notes: readonly ConnectionNote[];
}

const quoted = (names: readonly string[]) => names.map((name) => JSON.stringify(name)).join(", ");

function settingsFor(wanted: WantedConnection, credentials: OAuthCredentials | undefined) {
  if (!wanted.settings) return { ok: true as const };
  if (!credentials || missingVariables(credentials).length > 0)
    return { ok: false as const, missing: credentials ? missingVariables(credentials) : [] };
  const settings: SettingsToSend = {
    ...wanted.settings,
    clientId: credentials.clientId as string,
    standIn: credentials.standIn,
  };
  return { ok: true as const, settings };
}

function differencesOf(
  remote: ConnectionInfo,
  wanted: WantedConnection,
  credentials: OAuthCredentials | undefined,
  secretSame: boolean | undefined,
): ConnectionDifference[] {
  const out: ConnectionDifference[] = [];
  if (wanted.name !== undefined && wanted.name !== remote.name)
    out.push({ field: "name", before: remote.name, after: wanted.name });
  const settings = wanted.settings;
  if (settings) {
    const oauth = remote.oauth ?? {
      clientId: "",
      scopes: [],
      pkce: false,
      tokenAuthMethod: "",
      redirectUri: "",
    };
    if (credentials?.clientId !== undefined && credentials.clientId !== oauth.clientId)
      out.push({ field: "client_id", before: oauth.clientId, after: credentials.clientId });
    if (credentials?.clientSecret !== undefined && secretSame !== true)
      out.push({ field: "client_secret", change: secretSame === false ? "rotated" : "set" });
    const added = settings.scopes.filter((scope) => !oauth.scopes.includes(scope));
    const removed = oauth.scopes.filter((scope) => !settings.scopes.includes(scope));
    if (added.length > 0 || removed.length > 0) out.push({ field: "scopes", added, removed });
    if (settings.pkce !== oauth.pkce) out.push({ field: "pkce", before: oauth.pkce, after: settings.pkce });
    if (!sameTokenAuth(settings.tokenAuth, oauth.tokenAuthMethod))
      out.push({ field: "token_auth", before: oauth.tokenAuthMethod, after: settings.tokenAuth });
  }
  if (!remote.enabled) out.push({ field: "enabled", before: false, after: true });
  return out;
}

export function planConnections(
  definitions: readonly Definition[],
  connectors: ConnectorPlan,
  context: ConnectionContext,
): ConnectionPlan {
  const changes: ConnectionChange[] = [];
  const blockers: Blocker[] = [];
  const notes: ConnectionNote[] = [];
  const { listing } = context;
  const byName = new Map(definitions.map((definition) => [definition.display_name, definition]));
  if (!listing.preview) {
    notes.push({
      message:
        "this environment does not offer Scalekit's PREVIEW connections API: connections are made in the Scalekit Dashboard there; apply only looks them up",
    });
  }
  const block = (connector: string, message: string, fix: string, identifier?: string) =>
    blockers.push({ name: connector, ...(identifier && { identifier }), message, fix });

  // a connection that would be deleted must have no accounts and be one apply may delete
  const deletable = (connector: string, connection: ConnectionInfo, managed: boolean, identifier: string) => {
    if (!managed || !listing.preview) {
      block(
        connector,
        `connection "${connection.name}" is made in the Scalekit Dashboard and blocks deleting the connector`,
        `delete connection "${connection.name}" in the Scalekit Dashboard (Connections), then apply again`,
        identifier,
      );
      return false;
    }
    const accounts = context.accounts.get(connection.id) ?? [];
    if (accounts.length === 0) return true;
    const shown = accounts.slice(0, 5);
    block(
      connector,
      `connection "${connection.name}" has ${accounts.length} connected account${accounts.length === 1 ? "" : "s"} (${quoted(shown)}${accounts.length > shown.length ? " …" : ""}): deleting it would disconnect ${accounts.length === 1 ? "it" : "them"}`,
      "delete those connected accounts first (Scalekit Dashboard → Connected Accounts, or POST /api/v1/connected_accounts:delete), then apply again; their users must connect again afterwards",
      identifier,
    );
    return false;
  };

  const create = (wanted: WantedConnection, replaces?: string, keepName?: string) => {
    if (!wanted.managed || !listing.preview) {
      notes.push({
        connector: wanted.connector,
        message: `no connection yet: create one for ${wanted.connector} in the Scalekit Dashboard after apply${wanted.name ? `, named "${wanted.name}"` : ""}`,
      });
      return;
    }
    const name = wanted.name ?? keepName;
    const taken =
      name === undefined ? undefined : listing.connections.find((c) => c.name === name && !replaces);
    if (taken) {
      block(
        wanted.connector,
        `the connection name "${name}" is taken by another connector's connection (provider ${taken.providerKey})`,
        "choose another name in .connection({ name })",
      );
      return;
    }
    const chosen = settingsFor(wanted, context.credentials.get(wanted.connector));
    if (!chosen.ok) {
      block(
        wanted.connector,
        `its OAuth connection needs the OAuth app's client credentials: ${chosen.missing.join(" and ")} ${chosen.missing.length === 1 ? "is" : "are"} not set`,
        `set ${chosen.missing.join(" and ")} (in the shell or .env; never in a file of the repository), then plan again`,
      );
      return;
    }
    changes.push({
      kind: "connection",
      action: "create",
      connector: wanted.connector,
      type: wanted.type,
      ...(name !== undefined && { name }),
      ...(chosen.settings && { settings: chosen.settings }),
      ...(replaces !== undefined && { replaces }),
      hazards: connectionHazards.create(wanted, replaces),
    });
  };

  const keep = (wanted: WantedConnection, identifier: string) => {
    const choice = chooseConnection(connectionsOf(identifier, listing.connections), wanted.name);
    if (choice.found === "none") return create(wanted);
    if (choice.found === "ambiguous") {
      block(
        wanted.connector,
        `${choice.candidates.length} connections serve this connector (${quoted(choice.candidates.map((c) => c.name))}) and the definition names none of them`,
        ambiguityFix(choice.candidates, byName.get(wanted.connector)?.source ?? "its definition"),
        identifier,
      );
      return;
    }
    const remote = choice.connection;
    const base = {
      kind: "connection" as const,
      connector: wanted.connector,
      type: wanted.type,
      id: remote.id,
    };
    if (!wanted.managed || !listing.preview) {
      changes.push({ ...base, action: "unchanged", name: remote.name, managed: false });
      return;
    }
    const credentials = context.credentials.get(wanted.connector);
    const differences = differencesOf(remote, wanted, credentials, context.secrets.get(wanted.connector));
    if (differences.length === 0) {
      if (wanted.settings && credentials && missingVariables(credentials).length > 0)
        notes.push({
          connector: wanted.connector,
          message: `its client id and secret were not compared: set ${missingVariables(credentials).join(" and ")} to manage them`,
        });
      changes.push({ ...base, action: "unchanged", name: remote.name, managed: true });
      return;
    }
    const settingsChange = differences.some((d) => d.field !== "name" && d.field !== "enabled");
    const chosen = settingsChange ? settingsFor(wanted, credentials) : { ok: true as const };
    if (!chosen.ok) {
      block(
        wanted.connector,
        `connection "${remote.name}" needs new OAuth settings (${differences.map((d) => d.field).join(", ")}), which Scalekit takes only with the client credentials: ${chosen.missing.join(" and ")} ${chosen.missing.length === 1 ? "is" : "are"} not set`,
        `set ${chosen.missing.join(" and ")} (in the shell or .env), then plan again`,
        identifier,
      );
      return;
    }
    changes.push({
      ...base,
      action: "update",
      name: remote.name,
      differences,
      ...(chosen.settings && { settings: chosen.settings }),
      hazards: connectionHazards.update(remote.name, differences),
    });
  };

  const remove = (
    change: Extract<ConnectorChange, { action: "delete" | "replace" }>,
    wanted: WantedConnection | undefined,
  ): ConnectionInfo[] | undefined => {
    const existing = connectionsOf(change.identifier, listing.connections);
    const managed = wanted?.managed ?? context.managedByDefault;
    const ok = existing.filter((connection) =>
      deletable(change.name, connection, managed, change.identifier),
    );
    if (ok.length < existing.length) return undefined;
    for (const connection of existing)
      changes.push({
        kind: "connection",
        action: "delete",
        connector: change.name,
        type: connection.type,
        id: connection.id,
        name: connection.name,
        reason: change.action === "delete" ? "connector deleted" : "connector replaced",
        hazards: [],
      });
    return existing;
  };

  for (const change of connectors.changes) {
    const definition = byName.get(change.name);
    const wanted =
      definition &&
      wantedConnection(definition, {
        ...(context.environment !== undefined && { environment: context.environment }),
        managedByDefault: context.managedByDefault,
      });
    if (change.action === "delete") remove(change, undefined);
    else if (!wanted) continue;
    else if (change.action === "create") create(wanted);
    else if (change.action === "replace") {
      const removed = remove(change, wanted);
      const old = removed?.[0];
      if (removed && old) create(wanted, old.name, old.name);
      else if (removed) create(wanted);
    } else keep(wanted, change.identifier);
  }
  return { changes, blockers, notes };
}

/** Whether the connection plan writes anything. */
export const connectionWrites = (plan: { readonly connections: readonly ConnectionChange[] }): boolean =>
  plan.connections.some((change) => change.action !== "unchanged");
