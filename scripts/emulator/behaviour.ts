// Every choice the emulator makes where shared/reference/scalekit-api.md is silent or marked
// GUESS, in one place, so each is easy to change once the real server is seen to differ.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { identifierStem } from "../lib/identifier-stem.ts";

const upperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const randomFrom = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

/**
 * GUESS (§4.2): the identifier is display_name without spaces, uppercased, then ":" and a
 * generated suffix, e.g. "MYASANA:3F9K2A". Clients must treat it as opaque.
 */
export const deriveIdentifier = (displayName: string): string =>
  `${identifierStem(displayName)}:${randomFrom(upperAlnum, 6)}`;

/** GUESS (§1.2): ids look like other Scalekit ids, a prefix and digits. */
export const newProviderId = (): string => `prv_${randomFrom("0123456789", 18)}`;
export const newConnectionId = (): string => `conn_${randomFrom("0123456789", 18)}`;

/** GUESS (§1.1): real tokens are JWTs; clients must not look inside, so an opaque string will do. */
export const newAccessToken = (): string => randomBytes(32).toString("base64url");

/**
 * GUESS (§4.3): a duplicate is a display_name that derives the same identifier stem as another of
 * this environment's custom providers ("Acme CRM", "ACME crm"): the safer reading, since their
 * identifiers would differ only in the generated suffix, and what sync's plan and definition rules
 * refuse. Built-in providers never clash (their identifiers have no suffix).
 */
export const sameIdentifierStem = (a: string, b: string): boolean => identifierStem(a) === identifierStem(b);

/** GUESS (§1.2): page_size 0 or absent means 50, the size Scalekit's own docs script pages with. */
export const defaultPageSize = 50;

/**
 * Connections (scalekit-api.md §10.1, §10.2). No connection exists until one is created, through
 * the API or the Dashboard (the control route POST /_emulator/connections stands in for it).
 * GUESSes, each the stricter reading where the record is silent:
 * - a create without key_id gets `<display name lowercased, spaces removed>-<8 letters and
 *   digits>`, the shape of the public example `salesforce-ubB7gpKc`; a given key_id is honoured
 *   (the rule for names is dsl/rules/connection.ts), and names are unique in the environment (409);
 * - the app flag travels in the query, `flags.is_app=true`, and a create without it is refused:
 *   custom connectors get app connections only;
 * - `type` must be the connector's pattern type; `provider` is absent or CUSTOM;
 * - a connection made through the API starts disabled (`:enable` turns it on), and a disabled
 *   one refuses authorization links and proxy calls; one made in the Dashboard starts enabled;
 * - status: COMPLETED, except an OAUTH connection without client_id and client_secret (IN_PROGRESS);
 * - PATCH cannot change type or provider_key; `oauth_config` replaces the whole OAuth settings
 *   (a client_secret left out is cleared) and is refused on a non-OAuth connection;
 * - client_secret is write-only: never in an answer, kept in memory or sealed in the state file
 *   with a key kept beside it (secret-box.ts), never in the clear;
 * - redirect_uri is `<origin>/sso/v1/oauth/<connection id>/callback`;
 * - deleting a connection with connected accounts is refused (400, `inUseConnection`);
 * - GET /api/v1/connections (public) lists app connections too; ListAppConnections' `provider`
 *   filter takes the provider's identifier (its provider_key);
 * - an environment without the PREVIEW API (`connectionsApi: false`) answers its routes 404.
 */
export const generatedConnectionName = (displayName: string): string =>
  `${identifierStem(displayName).toLowerCase()}-${randomFrom("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8)}`;
export const appConnectionsPageSize = { default: 10, max: 30 } as const;
export const redirectUriOf = (origin: string, connectionId: string): string =>
  `${origin}/sso/v1/oauth/${connectionId}/callback`;

/** §9.2: connected account ids start "ca_" (digits are a GUESS, like the other ids). */
export const newConnectedAccountId = (): string => `ca_${randomFrom("0123456789", 18)}`;

/** GUESS (§9.2): "Default is typically 10", at most 100. */
export const accountsPageSize = { default: 10, max: 100 } as const;

/**
 * GUESS (§9.2): a connected account with `oauth_token` credentials is refused for custom
 * connectors (the Node SDK says OAuth accounts come from an authorization link); the safest
 * reading, since a wrongly accepted token would make a check pass that Scalekit would refuse.
 * A static_auth account on an OAUTH connector, or oauth_token on a static one, is refused too.
 */
export const acceptsOAuthTokenAccounts = false;

/*
 * Connected accounts, also GUESSes (§9.2):
 * - `provider` on an account is its custom provider's identifier; `connector` is the connection name;
 * - a static account is ACTIVE at once; an OAuth one made without credentials is PENDING_AUTH;
 * - static_auth details are kept as sent, unchecked against the connector's fields;
 * - an account is unique per connection, identifier, organization_id and user_id (409 otherwise);
 * - a create for an unknown connection is 404 NOT_FOUND; a list filtered by one is empty;
 * - the proxy acts for the first account with the identifier on the connection, whatever its
 *   organization or user (its headers carry neither).
 */

/** GUESS (§9.2): authorization_type of a connected account, by the connector's auth type. */
export const authorizationTypeOf = (patternType: string): string =>
  ({ OAUTH: "OAUTH", BASIC: "BASIC_AUTH", BEARER: "BEARER_TOKEN", API_KEY: "API_KEY", NO_AUTH: "NO_AUTH" })[
    patternType
  ] ?? "CUSTOM";

/**
 * GUESSes for the tool proxy (§9.3), which the reference describes only in outline:
 * - path variables: static auth reads `details.path_variables[name]`, then `details[name]`;
 *   OAuth reads `api_config.path_variables[name]`, then `oauth_token.domain` for {{domain}};
 * - a placeholder left without a value makes the call fail like an unreachable host (502),
 *   naming the placeholder, rather than calling a half-filled URL;
 * - a value filling a placeholder of proxy_url's host may not hold `/ ? # @ \ :` or white space,
 *   and the host it makes must keep the template's shape (dsl/rules/placeholder-values.ts):
 *   otherwise 400 INVALID_ARGUMENT, and nothing is called (the stricter reading: Scalekit may
 *   encode or refuse such values; it must not send the credential to another host);
 * - auth_header_key_override renames the header for every auth type; the value keeps its form
 *   (`Bearer …`, `Basic …`, the raw key);
 * - a field with header_name is sent as that header with its stored value (a credential field's
 *   mutation applies to it too), besides the credential itself;
 * - the upstream's redirects are returned, not followed (the credential never follows them);
 * - an upstream with no answer in `proxyTimeoutMs` is 504 DEADLINE_EXCEEDED; one that cannot be
 *   reached (DNS, TLS, refused, an unusable URL) is 502 with code UNAVAILABLE and error_code
 *   UPSTREAM_UNREACHABLE;
 * - a connector with proxy_enabled false, or an account that is not ACTIVE (an OAuth account
 *   never authorized), answers 400 FAILED_PRECONDITION.
 */
export const proxyTimeoutMs = 30_000;
export const unreachableErrorCode = "UPSTREAM_UNREACHABLE";

/**
 * Authorizing an OAuth account (§10.3), GUESSes, each the stricter reading where the record is silent:
 * - magic_link needs the account (404), an enabled OAUTH connection (400 FAILED_PRECONDITION) with
 *   client_id and client_secret (client_id alone when token_endpoint_auth_method is `none`; nothing
 *   for an MCP connector, which registers its client by DCR), and user_verify_url, when given, an
 *   absolute http(s) URL. A link for an ACTIVE account re-authorizes it;
 * - the link is `<origin>/magic/<random>`, good for one use within `linkTtlMs`; the flow it starts
 *   (its `state`, fresh, never the app's) is good as long, and so are tokens waiting for user/verify;
 * - the authorize redirect keeps authorize_uri's own query and adds response_type=code, client_id,
 *   redirect_uri, state, scope (the connection's scopes, space-separated, left out when none) and,
 *   with pkce_enabled, code_challenge + code_challenge_method=S256 (and `resource`, RFC 8707, for MCP);
 * - client authentication at token_uri is client_secret_post (id and secret in the form body: the
 *   published default) unless the connection says client_secret_basic (HTTP Basic of the
 *   form-encoded id and secret, RFC 6749 §2.3.1) or none (client_id in the body, no secret);
 * - a token answer needs access_token, and token_type Bearer or none; without expires_in the token
 *   has no known expiry and is refreshed only after a 401. Tokens live in memory only (grants.ts);
 * - user_info_uri, when the connector has one, is called once with the new token; a failure is
 *   recorded (GET /_emulator/authorizations) and does not fail the authorization: the token
 *   exchange succeeded, and the account can call the API;
 * - without user_verify_url the account is ACTIVE at once; with it, the browser goes to
 *   user_verify_url?auth_request_id&state and user/verify makes it ACTIVE; an auth_request_id is
 *   used up by one verify, even one whose identifier does not match (403);
 * - a failure leaves the account as it was (a new one PENDING_AUTH) and sends the browser to
 *   user_verify_url?error&error_description&state when one was given, else to an HTML page (400).
 *   The codes are the vendor's own `error` (access_denied, unauthorized_client, invalid_scope …)
 *   passed through, or one of `authorizationErrors`.
 */
export const linkTtlMs = 10 * 60_000;
/** GUESS: a link's `expiry` is RFC 3339 without fractions, as Scalekit's examples write it. */
export const linkExpiryText = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** GUESS: verifying a user answers no page to send them to (none is configured in the environment). */
export const postUserVerifyRedirectUrl = "";
export const authorizationErrors = {
  /** The callback's state is unknown, expired, already used, or another connection's. */
  invalidState: "invalid_state",
  /** The callback carries neither code nor error, or an error that is not an OAuth error code. */
  invalidCallback: "invalid_callback",
  /** The token endpoint answered an OAuth error (400 or 401 with `error`); error_description is `<its error>: <its description>`. */
  tokenError: "token_error",
  /** The token endpoint answered something else: an HTTP error page, not JSON, no access_token. */
  invalidTokenResponse: "invalid_token_response",
  /** The token endpoint could not be reached, or did not answer in time. */
  tokenEndpointUnreachable: "token_endpoint_unreachable",
  /** MCP: no usable protected resource or authorization server metadata. */
  mcpDiscoveryFailed: "mcp_discovery_failed",
  /** MCP: the authorization server has no registration endpoint, or refused the registration. */
  registrationFailed: "registration_failed",
  /** The connector's authorize_uri, token_uri or user_info_uri is not an http(s) URL. */
  invalidConnector: "invalid_connector",
  /** The account or its connection was deleted, or the connection disabled, during the flow. */
  accountUnavailable: "account_unavailable",
  /** user/verify named another identifier (recorded on the attempt; the app gets 403). */
  identifierMismatch: "identifier_mismatch",
} as const;
/** The largest answer read from a token, user info or registration endpoint. */
export const oauthAnswerMaxBytes = 64 * 1024;
/** The longest error_description passed on (the vendor's text is cut after this). */
export const errorDescriptionMaxLength = 300;

/**
 * Tokens in use (§9.3: "OAUTH → the account's access token as a Bearer token"), GUESSes:
 * - an access token is refreshed before a call once its expires_in has passed, and after an
 *   upstream 401 once per call, then the call is sent again; the refresh uses token_uri with
 *   grant_type=refresh_token and the same client authentication; an answer without a new
 *   refresh_token keeps the old one;
 * - a refresh that fails makes the account EXPIRED: after a 401 the proxy answers that 401; for a
 *   token found expired before the call, 400 FAILED_PRECONDITION with `refreshFailedErrorCode`.
 */
export const refreshFailedErrorCode = "TOKEN_REFRESH_FAILED";

/**
 * MCP connectors (§10.4), GUESSes:
 * - tools are discovered at every list and execute (Scalekit discovers them once the account is
 *   ACTIVE; asking each time shows a server's change at once), from each ACTIVE account of an
 *   enabled is_mcp connector; a REST connector's accounts have none;
 * - a tool is named `c-<display name lowercased, whitespace removed>_<tool name>`; its id is
 *   `tol_` and 18 digits derived from the connection and the tool's name (stable across lists); its
 *   provider is the custom provider's identifier;
 * - GET /api/v1/tools/scoped pages by `toolsPageSize` (the spec's example page token reads
 *   {"page":3,"limit":30}); a server that fails fails the whole list, naming its connection;
 * - the MCP endpoint is proxy_url, placeholders filled as the proxy fills them, --connect-to
 *   honoured, the credential added as the proxy adds it; initialize, notifications/initialized,
 *   then tools/list (at most `maxToolPages` pages) and tools/call; an Mcp-Session-Id the server
 *   sets is sent back, and the session is ended with DELETE;
 * - execute_tool needs a tool the server lists (404 TOOL_NOT_FOUND); `data` is the tools/call
 *   result as sent, `isError: true` included (a tool's own failure is an answer, 200); a JSON-RPC
 *   error is 400 TOOL_INVALID_PARAMS for -32602 (invalid params), else 500 TOOL_EXECUTION_FAILED;
 * - a server that refuses the credential (401 or 403; for OAuth, a 401 after one refresh) is 400
 *   FAILED_PRECONDITION MCP_UNAUTHORIZED; one that cannot be reached, 502 UPSTREAM_UNREACHABLE
 *   (as the proxy); no answer within the proxy's time limit, 504; any other answer that is not
 *   MCP (another status, a redirect, not JSON-RPC, larger than `mcpAnswerMaxBytes`), 502
 *   MCP_PROTOCOL_ERROR;
 * - MCP OAuth (`.mcp().oauth()`): RFC 9728 metadata (from the 401's resource_metadata, else the
 *   well-known URLs), RFC 8414 / OpenID metadata of its first authorization server, then RFC 7591
 *   registration {client_name, redirect_uris: [the callback], grant_types: [authorization_code,
 *   refresh_token], response_types: [code], token_endpoint_auth_method: client_secret_post}, using
 *   the method the server registered (none without a client_secret). The client is remembered in
 *   memory per connection, endpoint and redirect URI, and forgotten when the token endpoint answers
 *   invalid_client. Always PKCE S256; `resource` is the metadata's resource; scope is the
 *   connection's scopes, else the 401's `scope`, else the metadata's scopes_supported.
 */
export const toolsPageSize = { default: 30, max: 100 } as const;
export const maxToolPages = 20;
export const mcpAnswerMaxBytes = 4 * 1024 * 1024;
export const toolErrorCodes = {
  unauthorized: "MCP_UNAUTHORIZED",
  protocol: "MCP_PROTOCOL_ERROR",
  notFound: "TOOL_NOT_FOUND",
  invalidParams: "TOOL_INVALID_PARAMS",
  failed: "TOOL_EXECUTION_FAILED",
} as const;
export const toolNamePrefix = (displayName: string): string =>
  `c-${displayName.toLowerCase().replace(/\s+/g, "")}_`;
export const newExecutionId = (): string => randomFrom("0123456789", 18);
export const toolIdOf = (connectionId: string, toolName: string): string => {
  const hash = createHash("sha256").update(`${connectionId}\0${toolName}`).digest("hex");
  return `tol_${(BigInt(`0x${hash.slice(0, 16)}`) % 10n ** 18n).toString().padStart(18, "0")}`;
};

/** Error messages. Only `inUse` and the token ones are quoted from Scalekit; the rest are GUESSes. */
export const messages = {
  validation: "Validation error",
  inUse: "cannot delete custom provider with existing connections",
  tokenEmpty: "Token empty",
  tokenExpired: "token expired",
  tokenInvalid: "invalid token",
  badJson: "request body is not valid JSON",
  notFoundRoute: (method: string, path: string) => `Not Found: no route for ${method} ${path}`,
  notFound: (identifier: string) => `custom provider ${JSON.stringify(identifier)} not found`,
  duplicate: (name: string, existing: string) =>
    name === existing
      ? `a custom provider with display_name ${JSON.stringify(name)} already exists`
      : `display_name ${JSON.stringify(name)} derives the same identifier (${identifierStem(name)}) as the custom provider ${JSON.stringify(existing)}`,
  immutable: (field: string, before: unknown, after: unknown) =>
    `${field} cannot change from ${JSON.stringify(before ?? null)} to ${JSON.stringify(after ?? null)}; ` +
    "delete the provider and create it again",
  unavailable: "service unavailable (injected fault)",
  exhausted: "rate limit exceeded (injected fault)",
  internal: "internal error",
  stateNotSaved: "the change was applied but the state file could not be written",
  connectionNotFound: (name: string) => `connection ${JSON.stringify(name)} not found`,
  connectionIdNotFound: (id: string) => `connection ${JSON.stringify(id)} not found`,
  connectionNameTaken: (name: string) => `a connection named ${JSON.stringify(name)} already exists`,
  connectionNotApp: "set flags.is_app=true: a custom connector's connections are app connections",
  connectionTypeMismatch: (type: string, pattern: string) =>
    `type ${JSON.stringify(type)} does not match the connector's auth type ${JSON.stringify(pattern)}`,
  connectionImmutable: (field: string) => `${field} of a connection cannot change`,
  connectionNotOAuth: "oauth_config applies only to OAUTH connections",
  inUseConnection: "cannot delete connection with existing connected accounts",
  connectionDisabled: (name: string) => `connection ${JSON.stringify(name)} is disabled: enable it first`,
  accountNotFound: "connected account not found",
  accountExists: (identifier: string) =>
    `a connected account with identifier ${JSON.stringify(identifier)} already exists on this connection`,
  oauthTokenRefused:
    "OAuth credentials cannot be supplied for a custom connector: send the user an authorization link (connected_accounts/magic_link)",
  staticAuthOnOAuth:
    "static_auth does not fit an OAUTH connector: its accounts are authorized through a link",
  missingProxyHeaders: "the proxy needs the connection_name and identifier headers",
  proxyDisabled: "the proxy is disabled for this connector (proxy_enabled is false)",
  accountInactive: (status: string) => `the connected account is ${status}, not ACTIVE: authorize it first`,
  linkNotOAuth: (name: string, type: string) =>
    `connection ${JSON.stringify(name)} is ${type}: authorization links are for OAUTH connections`,
  linkNoClient: (name: string) =>
    `connection ${JSON.stringify(name)} has no client_id and client_secret: set them in its oauth_config first`,
  badVerifyUrl: "user_verify_url must be an absolute http(s) URL",
  authRequestNotFound: "no pending authorization for this auth_request_id, or it was already used",
  identifierMismatch: "the identifier does not match the one the authorization was for",
  refreshFailed: (why: string) =>
    `the connected account's access token expired and could not be refreshed (${why}): authorize it again`,
  toolIdentifierRequired: "identifier is required",
  toolNotFound: (name: string, known: readonly string[]) =>
    `no tool named ${JSON.stringify(name)} on this connected account` +
    (known.length === 0 ? "" : `; it has ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}`),
  mcpUnauthorized: (connection: string, status: number, why = "") =>
    `the MCP server of connection ${JSON.stringify(connection)} refused the account's credential (HTTP ${status})${why}`,
  mcpProtocol: (connection: string, what: string) =>
    `the MCP server of connection ${JSON.stringify(connection)} ${what}`,
  mcpUnreachable: (connection: string, reason: string) =>
    `upstream unreachable: the MCP server of connection ${JSON.stringify(connection)}: ${reason}`,
  mcpTimeout: (connection: string, reason: string) =>
    `the MCP server of connection ${JSON.stringify(connection)}: ${reason}`,
  toolFailed: (name: string, message: string, code: number) =>
    `tool ${JSON.stringify(name)} failed: ${message} (JSON-RPC error ${code})`,
  placeholderLeavesHost: (problem: string) =>
    `the connected account's path variables would move the call to another host: ${problem}`,
  placeholderUnfilled: (names: readonly string[]) =>
    `upstream unreachable: proxy_url placeholder ${names.map((name) => `{{${name}}}`).join(", ")} has no value on this connected account`,
  upstreamUnreachable: (host: string, reason: string) => `upstream unreachable: ${host}: ${reason}`,
  upstreamTimeout: (host: string, ms: number) => `upstream ${host} did not answer within ${ms} ms`,
  stateBusy: (holder: string) =>
    `the state file is being written by ${holder}; nothing was changed: run again when it has finished`,
  stateLocked: (held: { description: string; pid?: number; heldMs: number; lockPath: string }) =>
    `the state file is locked by ${held.description}, which has held it for ${Math.round(held.heldMs / 1000)} s; ` +
    "nothing was changed. Wait for that process to finish, or stop it" +
    (held.pid === undefined ? "" : ` (kill ${held.pid})`) +
    `, then run again. If it is not a sync run or an emulator (its id reused after a crash), delete ${held.lockPath}`,
} as const;

/*
 * Routing and ordering, also GUESSes:
 * - a wrong method on a known path answers like an unknown path: 404 NOT_FOUND (code 5).
 *   grpc-gateway's own default would be 501 UNIMPLEMENTED; either way it is a client bug.
 * - /api/v1 checks the bearer token before routing, so an unknown path without a token is 401.
 * - update checks the body (400) before looking the identifier up (404), as protovalidate
 *   runs before the handler.
 * - update then checks pattern type/is_mcp changes (400) before a display_name clash (409).
 * - /oauth/token reads client_id and client_secret from the form only (no HTTP Basic).
 * - a page_token only works with the filter.provider_type and identifier it was issued for.
 * - injected 503/429 faults answer with the gRPC body on /oauth/token too.
 */
