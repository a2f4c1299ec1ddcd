// The OAuth client for an MCP connector (`.mcp().oauth()`), as MCP Authorization has a client find
// and register one: the server's protected resource metadata (RFC 9728, from its 401 or the
// well-known URLs), its first authorization server's metadata (RFC 8414 / OpenID), then Dynamic
// Client Registration (RFC 7591) with the emulator's callback. Finding and checking the documents
// is scripts/mcp's; here their members are read and the registration made. Registered clients
// are remembered in memory per connection, endpoint and redirect URI (GUESSes in behaviour.ts).
import { isObject } from "../../dsl/rules/issue.ts";
import { findAuthorizationServer } from "../mcp/authorization-server.ts";
import { McpDiscoveryError } from "../mcp/errors.ts";
import type { HttpContext } from "../mcp/http.ts";
import { initialize } from "../mcp/initialize.ts";
import { fetchMetadata, urlMember } from "../mcp/metadata.ts";
import { findResourceMetadata } from "../mcp/resource-metadata.ts";
import { parseChallenges } from "../mcp/www-authenticate.ts";
import { authorizationErrors, oauthAnswerMaxBytes } from "./behaviour.ts";
import { type ConnectTo, fetchRouted, routed } from "./connect-to.ts";
import { AuthorizationFailure, type OAuthClient } from "./oauth-client.ts";
import { scrub } from "./scrub.ts";
import { exchange, UpstreamFailure, type UpstreamLimits } from "./upstream-fetch.ts";

/** Clients registered by DCR, by connection, MCP endpoint and redirect URI. */
export class RegisteredClients {
  readonly #byKey = new Map<string, OAuthClient>();

  static key(connectionId: string, endpoint: URL, redirectUri: string): string {
    return JSON.stringify([connectionId, endpoint.href, redirectUri]);
  }

  get(key: string): OAuthClient | undefined {
    return this.#byKey.get(key);
  }

  set(key: string, client: OAuthClient): void {
    this.#byKey.set(key, client);
  }

  /** Forgets the registration of `client` (its server no longer knows it). */
  forget(client: OAuthClient): void {
    for (const [key, known] of this.#byKey) if (known === client) this.#byKey.delete(key);
  }

  clear(): void {
    this.#byKey.clear();
  }
}

const routedFetch =
  (connectTo: ConnectTo): typeof fetch =>
  (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return fetchRouted(new URL(url), init ?? {}, connectTo);
  };

const discoveryFailed = (what: string) =>
  new AuthorizationFailure(authorizationErrors.mcpDiscoveryFailed, scrub(what, []));

/** Discovers the server's authorization server and registers a client; throws AuthorizationFailure. */
export async function registerMcpClient(
  endpoint: URL,
  redirectUri: string,
  connectionScopes: readonly string[],
  limits: UpstreamLimits,
): Promise<OAuthClient> {
  const http: HttpContext = { timeoutMs: limits.timeoutMs, fetch: routedFetch(limits.connectTo) };
  try {
    const local = routed(endpoint, limits.connectTo);
    const first = await initialize(local, http);
    const challenges = first.ok ? [] : parseChallenges(first.response.headers.get("www-authenticate") ?? "");
    const resourceMetadata = await findResourceMetadata(first.response.url, challenges, http);
    if (!resourceMetadata)
      throw discoveryFailed(
        `${endpoint.href} publishes no OAuth protected resource metadata (RFC 9728), so its authorization server is unknown`,
      );
    const prm = await fetchMetadata(resourceMetadata.url, "protected resource metadata", http);
    const [issuer] = resourceMetadata.authorizationServers;
    const server = await findAuthorizationServer(issuer as URL, resourceMetadata.url, http);
    const as = await fetchMetadata(server.url, "authorization server metadata", http);
    if (!prm.found || !as.found)
      throw discoveryFailed(`the metadata of ${endpoint.href} went away during discovery`);
    if (!server.registrationEndpoint)
      throw new AuthorizationFailure(
        authorizationErrors.registrationFailed,
        `authorization server ${server.issuer.href} has no registration_endpoint (RFC 7591 Dynamic Client Registration)`,
      );
    const fromChallenge = challenges.find((c) => c.scheme === "bearer")?.params.get("scope");
    const supported = Array.isArray(prm.document.scopes_supported)
      ? prm.document.scopes_supported.filter((s): s is string => typeof s === "string")
      : [];
    const scopes =
      connectionScopes.length > 0
        ? connectionScopes
        : fromChallenge
          ? fromChallenge.split(" ").filter(Boolean)
          : supported;
    const resource = typeof prm.document.resource === "string" ? prm.document.resource : undefined;
    const registered = await register(server.registrationEndpoint, redirectUri, scopes, limits);
    return {
      authorizeUrl: urlMember(as, "authorization server metadata", "authorization_endpoint"),
      tokenUrl: urlMember(as, "authorization server metadata", "token_endpoint"),
      ...registered,
      scopes,
      pkce: true,
      ...(resource !== undefined && { resource }),
    };
  } catch (error) {
    if (error instanceof McpDiscoveryError) throw discoveryFailed(error.what);
    throw error;
  }
}

async function register(
  url: URL,
  redirectUri: string,
  scopes: readonly string[],
  limits: UpstreamLimits,
): Promise<Pick<OAuthClient, "clientId" | "clientSecret" | "authMethod">> {
  const failed = (what: string, secrets: string[] = []) =>
    new AuthorizationFailure(
      authorizationErrors.registrationFailed,
      scrub(`client registration at ${url.host}${url.pathname} ${what}`, secrets),
    );
  const body = JSON.stringify({
    client_name: "connectorkit emulator",
    redirect_uris: [redirectUri],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
    ...(scopes.length > 0 && { scope: scopes.join(" ") }),
  });
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    answer = await exchange(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body,
        maxBytes: oauthAnswerMaxBytes,
      },
      limits,
    );
  } catch (error) {
    if (error instanceof UpstreamFailure) throw failed(`failed: ${error.message}`);
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(answer.body);
  } catch {
    document = undefined;
  }
  const secret =
    isObject(document) && typeof document.client_secret === "string" ? document.client_secret : "";
  if (answer.status < 200 || answer.status >= 300 || !isObject(document)) {
    const error = isObject(document) && typeof document.error === "string" ? document.error : "";
    const said =
      isObject(document) && typeof document.error_description === "string" ? document.error_description : "";
    throw failed(`answered HTTP ${answer.status}${error ? `: ${error}` : ""}${said ? `: ${said}` : ""}`, [
      secret,
    ]);
  }
  const id = document.client_id;
  if (typeof id !== "string" || id === "") throw failed("answered without a client_id", [secret]);
  const method = document.token_endpoint_auth_method;
  const authMethod =
    secret === "" || method === "none"
      ? "none"
      : method === "client_secret_basic"
        ? "client_secret_basic"
        : "client_secret_post";
  return { clientId: id, ...(secret !== "" && { clientSecret: secret }), authMethod };
}
