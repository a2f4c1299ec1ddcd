// An MCP server's OAuth protected resource metadata (RFC 9728): where to look for it, and the
// members discovery relies on. MCP servers that use OAuth must publish it (MCP Authorization ›
// Authorization Server Location), so finding it is what marks an OAuth server.
import { McpDiscoveryError } from "./errors.ts";
import type { HttpContext } from "./http.ts";
import { type Fetched, fetchMetadata, malformed, urlMember } from "./metadata.ts";
import { checkFetchable } from "./url-policy.ts";
import type { Challenge } from "./www-authenticate.ts";

export interface ResourceMetadata {
  /** Where the document was found. */
  readonly url: URL;
  /** Issuer URLs, at least one. */
  readonly authorizationServers: readonly URL[];
  /** resource_name: a human-readable name for the server (RFC 9728 §2). */
  readonly resourceName?: string;
}

const what = "protected resource metadata";

/**
 * The metadata the 401 advertises in `resource_metadata` (RFC 9728 §5.1), else the first found at
 * the well-known URLs. Undefined when the server publishes none.
 */
export async function findResourceMetadata(
  endpoint: URL,
  challenges: readonly Challenge[],
  http: HttpContext,
): Promise<ResourceMetadata | undefined> {
  const advertised = challenges.map((challenge) => challenge.params.get("resource_metadata")).find(Boolean);
  if (advertised !== undefined) {
    const url = URL.canParse(advertised) ? new URL(advertised) : undefined;
    if (!url) {
      throw new McpDiscoveryError(
        "MALFORMED_METADATA",
        `${endpoint.href} advertises resource_metadata "${advertised}" in WWW-Authenticate, which is not a URL`,
        "make resource_metadata the absolute URL of the protected resource metadata (RFC 9728 §5.1)",
      );
    }
    checkFetchable(url, "resource_metadata in WWW-Authenticate:", endpoint);
    const fetched = await fetchMetadata(url, what, http);
    if (!fetched.found) {
      throw new McpDiscoveryError(
        "METADATA_UNAVAILABLE",
        `${endpoint.href} advertises protected resource metadata at ${url.href}, which answers ${fetched.reason}`,
        "publish the metadata at that URL as application/json, or fix resource_metadata in WWW-Authenticate",
      );
    }
    return read(fetched, endpoint);
  }
  for (const url of wellKnownResourceMetadata(endpoint)) {
    const fetched = await fetchMetadata(url, what, http);
    if (fetched.found) return read(fetched, endpoint);
  }
  return undefined;
}

/**
 * RFC 9728 §3.1 inserts the well-known suffix between host and path; MCP clients then try the
 * root, so `https://h/a/mcp` gives `https://h/.well-known/oauth-protected-resource/a/mcp`, then
 * `https://h/.well-known/oauth-protected-resource`.
 */
export function wellKnownResourceMetadata(endpoint: URL): URL[] {
  const root = new URL("/.well-known/oauth-protected-resource", endpoint.origin);
  if (endpoint.pathname === "/" && endpoint.search === "") return [root];
  return [new URL(`${root.pathname}${endpoint.pathname}${endpoint.search}`, endpoint.origin), root];
}

function read(fetched: Fetched & { found: true }, endpoint: URL): ResourceMetadata {
  const resource = urlMember(fetched, what, "resource");
  if (!covers(resource, endpoint)) {
    throw new McpDiscoveryError(
      "METADATA_MISMATCH",
      `the ${what} at ${fetched.url.href} is for ${resource.href}, not for ${endpoint.href} (RFC 9728 §3.3)`,
      `set "resource" in that document to the MCP endpoint's URL`,
    );
  }
  const servers = fetched.document.authorization_servers;
  if (!Array.isArray(servers) || servers.length === 0) {
    throw malformed(what, fetched.url, "names no authorization_servers, and MCP requires at least one");
  }
  const authorizationServers = servers.map((server: unknown) => {
    if (typeof server === "string" && URL.canParse(server)) return new URL(server);
    throw malformed(what, fetched.url, `lists ${JSON.stringify(server)} in authorization_servers, not a URL`);
  });
  const name = fetched.document.resource_name;
  return {
    url: fetched.url,
    authorizationServers,
    ...(typeof name === "string" && name.trim() !== "" && { resourceName: name }),
  };
}

/**
 * RFC 9728 §3.3 asks for an identical resource; MCP servers often name their origin or a parent
 * path instead, which MCP clients accept: same origin, and the endpoint's path under the resource's.
 */
function covers(resource: URL, endpoint: URL): boolean {
  const base = resource.pathname.endsWith("/") ? resource.pathname : `${resource.pathname}/`;
  return resource.origin === endpoint.origin && `${endpoint.pathname}/`.startsWith(base);
}
