// What a 401 says about how to authenticate: OAuth when the server publishes protected resource
// metadata (RFC 9728), else the scheme of its WWW-Authenticate challenge, else a header the error
// names. Each choice is recorded with the URL of its evidence.
import { findAuthorizationServer } from "./authorization-server.ts";
import { McpDiscoveryError } from "./errors.ts";
import type { HttpContext, HttpResponse } from "./http.ts";
import type { Notes } from "./notes.ts";
import { findResourceMetadata, wellKnownResourceMetadata } from "./resource-metadata.ts";
import { type Challenge, parseChallenges } from "./www-authenticate.ts";

/** The auth pattern discovery chose. */
export type McpAuth =
  | { readonly type: "NO_AUTH" | "OAUTH" | "BEARER" | "BASIC" }
  | { readonly type: "API_KEY"; readonly header?: string };

export interface AuthFinding {
  readonly auth: McpAuth;
  /** resource_name from the protected resource metadata, and where it was read. */
  readonly resourceName?: { readonly name: string; readonly from: string };
}

// a header-like name (letters, digits, dashes) ending in -key or -token, e.g. X-API-Key, X-Auth-Token
const headerName = /\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-(?:key|token)\b/i;
const headerToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads the 401 the MCP endpoint sent without credentials. */
export async function authFromUnauthorized(
  response: HttpResponse,
  http: HttpContext,
  notes: Notes,
): Promise<AuthFinding> {
  const challenges = parseChallenges(response.headers.get("www-authenticate") ?? "");
  const metadata = await findResourceMetadata(response.url, challenges, http);
  if (!metadata) return { auth: staticAuth(response, challenges, notes) };

  const [issuer] = metadata.authorizationServers;
  const server = await findAuthorizationServer(issuer!, metadata.url, http);
  const count = metadata.authorizationServers.length;
  const among = count > 1 ? ` (the first of ${count})` : "";
  notes.infer(
    `auth type OAUTH: the server names authorization server ${server.issuer.href}${among}`,
    metadata.url.href,
  );
  if (server.registrationEndpoint) {
    notes.infer(`Dynamic Client Registration at ${server.registrationEndpoint.href}`, server.url.href);
  } else {
    notes.warn(
      "auth-no-dcr",
      `authorization server ${server.issuer.href} has no registration_endpoint (RFC 7591 Dynamic Client Registration). ` +
        "Scalekit's MCP OAuth registers its client that way, so connecting fails until the server supports it.",
      server.url.href,
    );
  }
  if (server.pkceMethods?.includes("S256")) {
    notes.infer("PKCE with S256", server.url.href);
  } else {
    notes.warn(
      "auth-no-pkce-s256",
      "the authorization server metadata does not list S256 in code_challenge_methods_supported. The connector " +
        "uses PKCE (pkce_enabled: true) as MCP requires, so sign-in fails if the server rejects it.",
      server.url.href,
    );
  }
  const name = metadata.resourceName;
  return { auth: { type: "OAUTH" }, ...(name && { resourceName: { name, from: metadata.url.href } }) };
}

function staticAuth(response: HttpResponse, challenges: readonly Challenge[], notes: Notes): McpAuth {
  const where = `${response.url.href}#WWW-Authenticate`;
  const known = challenges.filter((c) => ["bearer", "basic", "apikey"].includes(schemeKey(c)));
  const [chosen] = known;
  const others = known.slice(1).map((c) => c.scheme);
  const also = others.length > 0 ? ` (it also offers ${others.join(", ")})` : "";
  if (chosen && schemeKey(chosen) === "bearer") {
    notes.infer(`auth type BEARER: a Bearer challenge${also}`, where);
    const looked = wellKnownResourceMetadata(response.url).map((url) => url.href);
    notes.warn(
      "auth-bearer-without-metadata",
      `the server asks for a Bearer token but publishes no OAuth protected resource metadata (looked at ${looked.join(", ")}), ` +
        "so each user pastes a long-lived token. If its tokens come from an OAuth sign-in, publish RFC 9728 metadata " +
        "and generate again.",
      where,
    );
    return { type: "BEARER" };
  }
  if (chosen && schemeKey(chosen) === "basic") {
    notes.infer(`auth type BASIC: a Basic challenge${also}`, where);
    return { type: "BASIC" };
  }
  if (chosen) {
    const header = chosen.params.get("header") ?? chosen.params.get("name");
    if (header !== undefined && headerToken.test(header)) {
      notes.infer(`auth type API_KEY in header ${header}: a ${chosen.scheme} challenge${also}`, where);
      return { type: "API_KEY", header };
    }
    notes.infer(`auth type API_KEY: a ${chosen.scheme} challenge${also}`, where);
    notes.warn(
      "auth-key-header-unknown",
      "the API key challenge names no header, so the key is sent in Authorization. " +
        'If the server reads another header, set it with .apiKey({ header: "…" }).',
      where,
    );
    return { type: "API_KEY" };
  }
  const named = headerName.exec(response.body.slice(0, 4096))?.[0];
  if (named !== undefined) {
    const from = `${response.url.href}#body`;
    notes.infer(`auth type API_KEY in header ${named}: the 401 response names it`, from);
    notes.warn(
      "auth-key-header-from-message",
      `the header name ${named} comes from the text of the 401 response, not from a WWW-Authenticate challenge: ` +
        "check that the server reads the key from it.",
      from,
    );
    return { type: "API_KEY", header: named };
  }
  const schemes = challenges.map((c) => c.scheme);
  throw new McpDiscoveryError(
    "UNKNOWN_AUTH",
    `${response.url.href} requires credentials (HTTP 401) but does not say how: ` +
      `${schemes.length > 0 ? `unsupported WWW-Authenticate scheme ${schemes.join(", ")}` : "no WWW-Authenticate challenge"}, ` +
      "no OAuth protected resource metadata, and no header named in the response",
    "write the connector with .mcp().bearer(), .mcp().apiKey({ header }) or .mcp().basic(), " +
      "or have the server send a WWW-Authenticate challenge (RFC 9110 §11.6.1)",
  );
}

/** Bearer, Basic, or an API key scheme however it is spelled (ApiKey, Api-Key, X-API-Key). */
function schemeKey(challenge: Challenge): string {
  const key = challenge.scheme.replace(/[^a-z]/g, "");
  return key === "xapikey" ? "apikey" : key;
}
