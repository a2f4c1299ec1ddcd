// The OAuth client the emulator acts as for one connection: where to send the user, where to
// exchange codes, how to authenticate, what to ask for. A REST connector's comes from its
// oauth_config (the URLs) and its connection (client_id, the secret, scopes, PKCE, the client
// authentication); an MCP connector's is discovered and registered (mcp-oauth.ts).
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { authorizationErrors } from "./behaviour.ts";
import type { ConnectionRecord } from "./connections.ts";
import type { ProviderRecord } from "./record.ts";

export type ClientAuthMethod = "client_secret_post" | "client_secret_basic" | "none";

export interface OAuthClient {
  readonly authorizeUrl: URL;
  readonly tokenUrl: URL;
  readonly userInfoUrl?: URL;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly authMethod: ClientAuthMethod;
  readonly scopes: readonly string[];
  readonly pkce: boolean;
  /** RFC 8707 resource indicator (MCP). */
  readonly resource?: string;
}

/** Why an authorization cannot go on; `code` is one of behaviour.ts's authorizationErrors. */
export class AuthorizationFailure extends Error {
  override readonly name = "AuthorizationFailure";
  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** The connector's first auth pattern, as stored. */
export const patternOf = (provider: ProviderRecord): JsonObject => {
  const [first] = provider.auth_patterns;
  return isObject(first) ? first : {};
};

export const isMcpConnector = (provider: ProviderRecord): boolean => patternOf(provider).is_mcp === true;

/** GUESS (behaviour.ts): client_secret_post unless the connection names another method. */
export const authMethodOf = (method: string): ClientAuthMethod =>
  method === "client_secret_basic" || method === "none" ? method : "client_secret_post";

function urlAt(config: JsonObject, key: string, required: boolean): URL | undefined {
  const value = config[key];
  if ((value === undefined || value === null || value === "") && !required) return undefined;
  if (typeof value === "string" && URL.canParse(value)) {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url;
  }
  throw new AuthorizationFailure(
    authorizationErrors.invalidConnector,
    `the connector's oauth_config.${key} ${JSON.stringify(value ?? "")} is not an http(s) URL`,
  );
}

/** A REST connector's client; throws AuthorizationFailure when the connector's URLs are unusable. */
export function restClient(
  provider: ProviderRecord,
  connection: ConnectionRecord,
  secret?: string,
): OAuthClient {
  const pattern = patternOf(provider);
  const config = isObject(pattern.oauth_config) ? pattern.oauth_config : {};
  const settings = connection.oauth;
  const userInfoUrl = urlAt(config, "user_info_uri", false);
  const authMethod = authMethodOf(settings?.token_endpoint_auth_method ?? "");
  return {
    authorizeUrl: urlAt(config, "authorize_uri", true) as URL,
    tokenUrl: urlAt(config, "token_uri", true) as URL,
    ...(userInfoUrl && { userInfoUrl }),
    clientId: settings?.client_id ?? "",
    ...(secret !== undefined && authMethod !== "none" && { clientSecret: secret }),
    authMethod,
    scopes: settings?.scopes ?? [],
    pkce: settings?.pkce_enabled ?? false,
  };
}

/** Whether a REST connection holds what its client needs to authenticate. */
export function hasClientCredentials(connection: ConnectionRecord, secret: string | undefined): boolean {
  const settings = connection.oauth;
  if (!settings || settings.client_id === "") return false;
  return authMethodOf(settings.token_endpoint_auth_method) === "none" || secret !== undefined;
}
