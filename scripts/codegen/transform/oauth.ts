/**
 * OAuth Flow Objects (OpenAPI 3.x §4.8.29, Swagger 2.0 `flow`) → oauth_config: authorize and token
 * URLs made absolute against the chosen server (as OpenAPI 3.1 resolves a relative one), and the
 * scopes the flow declares plus any that operations require without declaring them.
 * @see https://spec.openapis.org/oas/v3.1.0#oauth-flow-object
 */
import { pointerTo } from "../pointer.ts";
import { absoluteUrl } from "./absolute-url.ts";
import type { AuthKind, PlanNote, ScopePlan } from "./auth-plan.ts";
import type { OperationScan } from "./operations.ts";
import type { Flow } from "./security-schemes.ts";

// parameters of the authorization and token requests themselves (RFC 6749 §4.1.1, §4.1.3, §6; RFC
// 7636; OpenID Connect's nonce): Scalekit's OAuth client sends them, with values per request, so a
// copy written into the document's URL (often as "client_id={client_id}") would be wrong or doubled
const requestParams: Record<string, ReadonlySet<string>> = {
  authorization: new Set([
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "nonce",
  ]),
  token: new Set([
    "grant_type",
    "code",
    "redirect_uri",
    "client_id",
    "client_secret",
    "code_verifier",
    "refresh_token",
  ]),
};

/** `url` without the query parameters its request defines; other parameters stay. */
function withoutRequestParams(url: string, what: string): string {
  const at = url.indexOf("?");
  const defined = requestParams[what];
  if (at < 0 || !defined) return url;
  const kept = url
    .slice(at + 1)
    .split("&")
    .filter((pair) => pair !== "" && !defined.has(decodeName(pair.split("=")[0] ?? "")));
  return kept.length > 0 ? `${url.slice(0, at)}?${kept.join("&")}` : url.slice(0, at);
}

const decodeName = (name: string): string => {
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
};

/** An OAuth URL as the connector sends it, and what was done to the document's. */
interface Endpoint {
  readonly what: "authorization" | "token";
  readonly written: string;
  readonly url: string;
  readonly pointer: string;
  /** Resolved against the server (OpenAPI 3.1 §4.8.29: relative to the Server Object). */
  readonly relative: boolean;
  /** Written with http, sent with https. */
  readonly http: boolean;
}

function endpoint(
  url: string,
  what: Endpoint["what"],
  origin: string,
  base: string,
  pointer: string,
): Endpoint {
  const absolute = absoluteUrl(url, origin, base);
  const cleaned = withoutRequestParams(absolute, what);
  const http = cleaned.startsWith("http://");
  return {
    what,
    written: url,
    url: http ? `https://${cleaned.slice("http://".length)}` : cleaned,
    pointer,
    relative: absolute !== url,
    http,
  };
}

const listed = (endpoints: readonly Endpoint[]): string =>
  endpoints.map((e) => `${e.what} URL ${e.url}`).join(" and ");

/**
 * One note per doubt about the flow's URLs, whichever of them it touches: a relative URL resolved
 * against a concrete server is what OpenAPI defines (an inference); one that lands on a templated
 * host, or any URL on one, depends on each tenant; http became https.
 */
function endpointNotes(endpoints: readonly Endpoint[], notes: PlanNote[]): void {
  const templated = endpoints.filter((e) => e.url.includes("{{"));
  for (const e of endpoints) {
    if (e.relative && !e.url.includes("{{"))
      notes.push({
        level: "infer",
        message: `${e.what} URL ${e.written} resolved against the server: ${e.url}`,
        pointer: e.pointer,
      });
  }
  const first = templated[0];
  if (first) {
    const relative = templated.some((e) => e.relative) ? " (written relative to the templated server)" : "";
    notes.push({
      code: "auth-templated-oauth-url",
      message: `the ${listed(templated)} depend on each tenant's host${relative}; check that Scalekit fills in the host, or write your tenant's URLs`,
      pointer: first.pointer,
    });
  }
  const insecure = endpoints.filter((e) => e.http);
  if (insecure[0]) {
    notes.push({
      code: "auth-http-oauth-url",
      message: `the document writes the ${listed(insecure)} with http; ${insecure.length > 1 ? "they became https, so check that they answer" : "it became https, so check that it answers"} there`,
      pointer: insecure[0].pointer,
    });
  }
}

/** A token URL for a flow that has none (implicit): the authorize URL's sibling "token". */
function guessTokenUrl(authorize: string): string {
  const path = authorize.split("?")[0] ?? authorize;
  return /\/(authori[sz]e|auth)\/?$/i.test(path)
    ? path.replace(/(authori[sz]e|auth)(\/?)$/i, "token$2")
    : `${path.replace(/\/+$/, "")}/token`;
}

// a token endpoint's path: ".../token", ".../access_token", a method-style ".../oauth.v2.access"
const tokenPath = /(^|[/_.-])((access_)?token|oauth[._-](v\d+[._-])?access)([/_.-]|$)/i;

/** The registrable site of a host: "acme.io" for "auth.acme.io", "acme.co.uk" for "id.acme.co.uk". */
function siteOf(host: string): string {
  const labels = host.replace(/:\d+$/, "").split(".");
  const last = labels.at(-1) ?? "";
  const second = labels.at(-2) ?? "";
  const keep = last.length === 2 && second.length <= 3 && labels.length > 2 ? 3 : 2;
  return labels.slice(-keep).join(".");
}

/**
 * Where a flow with no token URL (implicit) can still learn it: another flow of the same scheme
 * (one authorization server has one token endpoint for every grant), else a token URL the
 * document's text names on the authorize URL's host, else on another host of its site.
 */
function statedTokenUrl(
  authorizeUri: string,
  siblings: readonly Flow[],
  texts: readonly string[],
): { url: string; where: string; pointer?: string } | undefined {
  const sibling = siblings.find((f) => f.tokenUrl !== undefined && f.tokenUrl !== "");
  if (sibling?.tokenUrl)
    return {
      url: sibling.tokenUrl,
      where: `its ${sibling.kind} flow`,
      pointer: pointerTo(sibling.pointer, "tokenUrl"),
    };
  const host = /^https:\/\/([^/?#]+)/i.exec(authorizeUri)?.[1]?.toLowerCase();
  if (!host) return undefined;
  const site = siteOf(host);
  // the authorize URL's own host first, then another host of its site with an OAuth path
  // ("oauth" in it, or OpenID Connect's ".../connect/token")
  let onSite: string | undefined;
  for (const text of texts) {
    if (!text.toLowerCase().includes(site)) continue;
    for (const match of text.matchAll(/https:\/\/([^/\s"'<>()[\]`|]+)(\/[^\s"'<>()[\]`|?#]*)/gi)) {
      const [, rawHost = "", rawPath = ""] = match;
      const urlHost = rawHost.toLowerCase();
      // a sentence may end right after the URL
      const path = rawPath.replace(/[.,;:]+$/, "");
      if (!tokenPath.test(path)) continue;
      if (urlHost === host) return { url: `https://${urlHost}${path}`, where: "the document's text" };
      const oauthLike = /oauth/i.test(path) || /\/connect\/token$/i.test(path);
      if (onSite === undefined && siteOf(urlHost) === site && oauthLike) onSite = `https://${urlHost}${path}`;
    }
  }
  if (onSite !== undefined) return { url: onSite, where: "the document's text" };
  return undefined;
}

export function oauthKind(
  schemeName: string,
  flow: Flow,
  scan: OperationScan,
  server: { readonly origin: string; readonly url: string },
  notes: PlanNote[],
  context: { readonly siblings: readonly Flow[]; readonly texts: readonly string[] } = {
    siblings: [],
    texts: [],
  },
): AuthKind & { readonly type: "OAUTH" } {
  const authorizePointer = pointerTo(flow.pointer, "authorizationUrl");
  const tokenPointer = pointerTo(flow.pointer, "tokenUrl");
  const authorize = endpoint(
    flow.authorizationUrl ?? "",
    "authorization",
    server.origin,
    server.url,
    authorizePointer,
  );
  const authorizeUri = authorize.url;
  let token: Endpoint | undefined;
  let tokenUri: string;
  if (flow.tokenUrl !== undefined) {
    token = endpoint(flow.tokenUrl, "token", server.origin, server.url, tokenPointer);
    tokenUri = token.url;
  } else {
    const stated = statedTokenUrl(authorizeUri, context.siblings, context.texts);
    token =
      stated && endpoint(stated.url, "token", server.origin, server.url, stated.pointer ?? flow.pointer);
    tokenUri = token?.url ?? guessTokenUrl(authorizeUri);
    notes.push({
      code: "auth-guessed-token-url",
      message: stated
        ? `the ${flow.kind} flow of "${schemeName}" has no token URL; ${tokenUri} comes from ${stated.where}, check the provider's docs`
        : `the ${flow.kind} flow of "${schemeName}" has no token URL; ${tokenUri} is a guess, check the provider's docs`,
      pointer: flow.pointer,
    });
  }
  endpointNotes(token ? [authorize, token] : [authorize], notes);
  if (flow.refreshUrl !== undefined && flow.refreshUrl !== flow.tokenUrl) {
    notes.push({
      code: "auth-refresh-url",
      message: `"${schemeName}" refreshes tokens at ${flow.refreshUrl}; Scalekit refreshes at the token URL, so check that refreshing works there`,
      pointer: pointerTo(flow.pointer, "refreshUrl"),
    });
  }
  return {
    type: "OAUTH",
    authorizeUri,
    tokenUri,
    ...(flow.tokenUrl !== undefined && { tokenPointer }),
    scopes: scopesOf(schemeName, flow, scan, notes),
  };
}

function scopesOf(schemeName: string, flow: Flow, scan: OperationScan, notes: PlanNote[]): ScopePlan[] {
  const required = new Set<string>();
  const used = new Set<string>();
  let usedAt = "";
  for (const requirement of scan.requirements.values()) {
    const scopes = requirement.scopes.get(schemeName);
    if (!scopes) continue;
    for (const scope of scopes) used.add(scope);
    if (scopes.size > 0 && usedAt === "") usedAt = requirement.pointer;
    if (requirement.pointer.startsWith("#/security/")) for (const scope of scopes) required.add(scope);
  }
  const plans: ScopePlan[] = [...flow.scopes].map(([name, description]) => ({
    name,
    description: description.replace(/\s+/g, " ").trim(),
    required: required.has(name),
  }));
  const undeclared = [...used].filter((scope) => !flow.scopes.has(scope)).sort();
  if (undeclared.length > 0) {
    // the operations' own requirements name them: a reading of the document, not a guess
    notes.push({
      level: "infer",
      message: `scopes ${undeclared.join(", ")}: required by operations, not declared by "${schemeName}"; added`,
      pointer: usedAt,
    });
    plans.push(...undeclared.map((name) => ({ name, description: "", required: required.has(name) })));
  }
  return plans;
}
