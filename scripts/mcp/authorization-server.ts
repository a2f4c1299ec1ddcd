// Authorization server metadata (RFC 8414, with OpenID Connect Discovery 1.0 as the fallback MCP
// clients also use): where it lives for an issuer, and what Scalekit's MCP OAuth needs from it.
import { McpDiscoveryError } from "./errors.ts";
import type { HttpContext } from "./http.ts";
import { fetchMetadata, malformed, urlMember } from "./metadata.ts";
import { checkFetchable } from "./url-policy.ts";

export interface AuthorizationServer {
  /** Where the metadata was found. */
  readonly url: URL;
  readonly issuer: URL;
  /** RFC 7591 Dynamic Client Registration, which Scalekit's MCP OAuth registers its client with. */
  readonly registrationEndpoint?: URL;
  /** code_challenge_methods_supported; absent when the server does not say. */
  readonly pkceMethods?: readonly string[];
}

const what = "authorization server metadata";

/** Fetches and checks the metadata of the authorization server `issuer`, named by the document at `from`. */
export async function findAuthorizationServer(
  issuer: URL,
  from: URL,
  http: HttpContext,
): Promise<AuthorizationServer> {
  checkFetchable(issuer, `the authorization server named in ${from.href}:`, from);
  const misses: string[] = [];
  for (const url of authorizationServerMetadataUrls(issuer)) {
    const fetched = await fetchMetadata(url, what, http);
    if (!fetched.found) {
      misses.push(`${url.href} (${fetched.reason})`);
      continue;
    }
    const named = fetched.document.issuer;
    // RFC 8414 §3.3: the issuer must be the one the URL was built from; compared as parsed URLs
    if (typeof named !== "string" || !URL.canParse(named) || new URL(named).href !== issuer.href) {
      throw new McpDiscoveryError(
        "METADATA_MISMATCH",
        `the ${what} at ${url.href} names issuer ${JSON.stringify(named) ?? "nothing"}, not ${issuer.href} (RFC 8414 §3.3)`,
        "make the metadata's issuer the exact URL the protected resource metadata lists in authorization_servers",
      );
    }
    urlMember(fetched, what, "authorization_endpoint");
    urlMember(fetched, what, "token_endpoint");
    const registrationEndpoint = urlMember(fetched, what, "registration_endpoint", true);
    const methods = fetched.document.code_challenge_methods_supported;
    if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === "string"))) {
      throw malformed(what, url, "has a code_challenge_methods_supported that is not a list of strings");
    }
    return {
      url,
      issuer,
      ...(registrationEndpoint && { registrationEndpoint }),
      ...(methods !== undefined && { pkceMethods: methods }),
    };
  }
  throw new McpDiscoveryError(
    "METADATA_UNAVAILABLE",
    `authorization server ${issuer.href} publishes no metadata: ${misses.join(", ")}`,
    "publish RFC 8414 authorization server metadata (or OpenID Connect discovery) for that issuer",
  );
}

/**
 * RFC 8414 §3.1 inserts the well-known suffix before the issuer's path; OpenID Connect Discovery
 * §4 appends it, and MCP clients also try it inserted. An issuer without a path has two URLs.
 */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/$/, "");
  const at = (suffix: string) => new URL(suffix, issuer.origin);
  if (path === "") {
    return [at("/.well-known/oauth-authorization-server"), at("/.well-known/openid-configuration")];
  }
  return [
    at(`/.well-known/oauth-authorization-server${path}`),
    at(`/.well-known/openid-configuration${path}`),
    at(`${path}/.well-known/openid-configuration`),
  ];
}
