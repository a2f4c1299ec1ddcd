// Every shape of Scalekit's PREVIEW connection API (scalekit-api.md §10.2) that the client reads
// or writes, in one place: the API is unpublished and may change, so a change to it is an edit
// here. The rest of the project sees only `ConnectionInfo` and `ConnectionSettings`.
import type { components } from "../../generated/api/schema.ts";

type WireConnection = components["schemas"]["Connection"];
type WireUpdate = components["schemas"]["UpdateConnection"];

/** A connection as the client reports it. */
export interface ConnectionInfo {
  readonly id: string;
  /** The connection name (`key_id`): what connected accounts, proxy and tool calls name. */
  readonly name: string;
  /** The custom provider's identifier. */
  readonly providerKey: string;
  readonly type: string;
  /** DRAFT, IN_PROGRESS or COMPLETED. */
  readonly status: string;
  readonly enabled: boolean;
  /** An OAUTH connection's settings; the client secret is never returned. */
  readonly oauth?: {
    readonly clientId: string;
    readonly scopes: readonly string[];
    readonly pkce: boolean;
    /** Scalekit's callback, to register with the vendor's OAuth app. */
    readonly redirectUri: string;
    /** `client_secret_post` (also when empty), `client_secret_basic` or `none`. */
    readonly tokenAuthMethod: string;
  };
}

/** What a PATCH sets: a new name, and for OAuth the whole OAuth settings, the secret included. */
export interface ConnectionSettings {
  readonly name?: string;
  readonly oauth?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly scopes: readonly string[];
    readonly pkce: boolean;
    readonly tokenAuthMethod?: string;
  };
}

/** GUESS (§10.2): flags travel in the query, outside the `connection` body. */
export const appFlagQuery = { "flags.is_app": true } as const;

/** Statuses meaning the environment does not offer a PREVIEW route (absent, not allowed, not built). */
export const previewUnavailable = new Set([403, 404, 501]);

/** Largest page ListAppConnections serves (§10.2: 1–30). */
export const appConnectionsPageSize = 30;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

export function connectionFromWire(wire: WireConnection | undefined): ConnectionInfo | undefined {
  if (!wire || typeof wire.id !== "string" || wire.id === "") return undefined;
  const oauth = wire.oauth_config;
  return {
    id: wire.id,
    name: text(wire.key_id),
    providerKey: text(wire.provider_key),
    type: text(wire.type),
    status: text(wire.status),
    enabled: wire.enabled === true,
    ...(oauth && {
      oauth: {
        clientId: text(oauth.client_id),
        scopes: Array.isArray(oauth.scopes) ? oauth.scopes.filter((scope) => typeof scope === "string") : [],
        pkce: oauth.pkce_enabled === true,
        redirectUri: text(oauth.redirect_uri),
        tokenAuthMethod: text(oauth.token_endpoint_auth_method),
      },
    }),
  };
}

export function settingsToWire(settings: ConnectionSettings): WireUpdate {
  const oauth = settings.oauth;
  return {
    ...(settings.name !== undefined && { key_id: settings.name }),
    ...(oauth && {
      oauth_config: {
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
        scopes: [...oauth.scopes],
        pkce_enabled: oauth.pkce,
        ...(oauth.tokenAuthMethod !== undefined && { token_endpoint_auth_method: oauth.tokenAuthMethod }),
      },
    }),
  };
}
