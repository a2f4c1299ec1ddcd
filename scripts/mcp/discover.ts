// Turns a running MCP server into a connector: initialize over streamable HTTP, read how it asks for
// credentials (RFC 9728 / RFC 8414 metadata, WWW-Authenticate), check that it needs no session, and
// build the payload with the DSL. Every conclusion is reported with the URL of its evidence.
import { connector } from "../../dsl/connector.ts";
import type { Payload } from "../../dsl/payload.ts";
import { formatIssues, validate } from "../../dsl/validate.ts";
import { sameServer } from "../lib/https-upgrade.ts";
import { ReachGuard } from "../lib/reach-guard.ts";
import type { Inference } from "../lib/report.ts";
import { type AuthFinding, authFromUnauthorized, type McpAuth } from "./auth.ts";
import { McpDiscoveryError } from "./errors.ts";
import type { HttpContext, HttpResponse } from "./http.ts";
import { endSession, initialize, notifyInitialized, type ServerInfo } from "./initialize.ts";
import { checkName, chooseDescription, chooseName, type NameSource } from "./naming.ts";
import { Notes } from "./notes.ts";
import { parseServerUrl, resolveProxyUrl } from "./url-policy.ts";

export { type McpDiscoveryCode, McpDiscoveryError } from "./errors.ts";

export interface McpDiscoveryOptions {
  /** display_name; default: from the server's name, else its host name. */
  readonly name?: string | undefined;
  /** The https URL Scalekit calls; default: the endpoint discovery reached. Required for plain-http servers. */
  readonly proxyUrl?: string | undefined;
  /** Deadline for each HTTP exchange. Default: 10 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** A stand-in for the network (tests). Default: connections to addresses checked by the reach rule. */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * Discovers how the MCP server at `url` authenticates and returns its connector, with warnings and
 * inferences. Throws McpDiscoveryError when no honest connector can be built.
 * @example await discoverMcpConnector("https://mcp.example.com/mcp", { name: "Example MCP" })
 * // → { connector: { "display_name": "Example MCP", "auth_patterns": [{ "type": "OAUTH", "is_mcp": true, … }], … }, warnings: [], inferred: [ … ] }
 */
export async function discoverMcpConnector(
  url: string,
  options: McpDiscoveryOptions = {},
): Promise<Inference> {
  const server = parseServerUrl(url);
  const fixedProxyUrl = resolveProxyUrl(server, options.proxyUrl);
  if (options.name !== undefined) checkName(options.name);
  // the server the user named may be anywhere; what its answers point at must be public
  const http: HttpContext = {
    timeoutMs: options.timeoutMs ?? 10_000,
    reach: new ReachGuard(server),
    ...(options.fetch && { fetch: options.fetch }),
  };
  const notes = new Notes();

  const first = await initialize(server, http);
  const endpoint = first.response.url;
  if (endpoint.href !== server.href) notes.infer(`MCP endpoint ${endpoint.href} (redirected)`, server.href);
  // a redirect to another origin is the server's word for where it lives, not the user's: it is
  // reported, and proxy_url stays the URL the user gave unless they pass another
  const crossOrigin = !sameServer(server, endpoint);
  if (crossOrigin && fixedProxyUrl === undefined) {
    notes.warn(
      "proxy-cross-origin-redirect",
      `${server.href} redirected to ${endpoint.href}, another origin; proxy_url is ${server.href} as given. ` +
        `If the server lives at the redirect's URL, pass --proxy-url ${endpoint.href}.`,
      server.href,
    );
  }
  let info: ServerInfo | undefined;
  let finding: AuthFinding;
  if (first.ok) {
    info = first.server;
    const version = info.version ? ` ${info.version}` : "";
    notes.infer(`MCP server ${info.name}${version}, protocol ${info.protocolVersion}`, endpoint.href);
    const probe = await notifyInitialized(endpoint, info, http);
    if (first.sessionId !== undefined) await endSession(endpoint, first.sessionId, http);
    // a server may let anyone initialize and ask for credentials on the next request
    const unauthorized = probe.status === 401;
    checkStateless(endpoint, first.sessionId, unauthorized ? undefined : probe, notes);
    finding = unauthorized ? await authFromUnauthorized(probe, http, notes) : anonymous(endpoint, notes);
  } else {
    checkStateless(endpoint, undefined, undefined, notes);
    finding = await authFromUnauthorized(first.response, http, notes);
  }

  const sources: NameSource[] = [
    ...(info?.title ? [{ text: info.title, member: "serverInfo.title", from: endpoint.href }] : []),
    ...(info ? [{ text: info.name, member: "serverInfo.name", from: endpoint.href }] : []),
    ...(finding.resourceName
      ? [{ text: finding.resourceName.name, member: "resource_name", from: finding.resourceName.from }]
      : []),
  ];
  const name = chooseName(
    options.name,
    sources,
    endpoint,
    notes,
    fixedProxyUrl === undefined ? undefined : new URL(fixedProxyUrl),
  );
  const description = chooseDescription(info, name, endpoint.href, notes);
  const payload = build(
    name,
    description,
    finding.auth,
    fixedProxyUrl ?? (crossOrigin ? server.href : endpoint.href),
  );
  const issues = validate(payload);
  if (issues.length > 0) {
    throw new McpDiscoveryError(
      "INVALID_CONNECTOR",
      `the connector for ${endpoint.href} is not valid:\n${formatIssues(issues)}`,
      "fix the values above; --name and --proxy-url set display_name and proxy_url",
    );
  }
  return { connector: payload, warnings: notes.warnings, inferred: notes.inferred };
}

function anonymous(endpoint: URL, notes: Notes): AuthFinding {
  notes.infer("auth type NO_AUTH: initialize succeeded without credentials", endpoint.href);
  notes.warn(
    "auth-anonymous-access",
    "the server answers without credentials, so every user of this connector shares the same anonymous access. " +
      "If it can act per user, give it an auth method and generate again.",
    endpoint.href,
  );
  return { auth: { type: "NO_AUTH" } };
}

/**
 * Scalekit supports only stateless MCP servers. Evidence of state: an Mcp-Session-Id on the
 * initialize answer, and a request without it being rejected; both together mean it cannot work.
 */
function checkStateless(
  endpoint: URL,
  sessionId: string | undefined,
  probe: HttpResponse | undefined,
  notes: Notes,
): void {
  const where = `${endpoint.href}#Mcp-Session-Id`;
  const rejected = probe !== undefined && probe.status >= 400 ? probe.status : undefined;
  if (sessionId !== undefined && rejected !== undefined) {
    throw new McpDiscoveryError(
      "STATEFUL_SERVER",
      `${endpoint.href} opened a session (Mcp-Session-Id) and rejected a request without it (HTTP ${rejected}), ` +
        "but Scalekit supports only stateless MCP servers",
      "run the server without sessions (TypeScript SDK: sessionIdGenerator: undefined; Python SDK: stateless_http=True)",
    );
  }
  const risk = "Scalekit supports only stateless MCP servers: check that it works without sessions.";
  if (sessionId !== undefined) {
    notes.warn(
      "proxy-stateful-suspected",
      `the server opened a session (Mcp-Session-Id) at initialize. ${risk}`,
      where,
    );
  } else if (rejected !== undefined) {
    notes.warn(
      "proxy-stateful-suspected",
      `the server rejected notifications/initialized sent without a session (HTTP ${rejected}). ${risk}`,
      endpoint.href,
    );
  } else if (probe !== undefined) {
    notes.infer("stateless: no Mcp-Session-Id, and a request without one was accepted", endpoint.href);
  } else {
    notes.warn(
      "proxy-stateless-unchecked",
      `statelessness could not be checked without credentials. ${risk}`,
      endpoint.href,
    );
  }
}

function build(name: string, description: string, auth: McpAuth, proxyUrl: string): Payload {
  const draft = connector(name).description(description).mcp();
  switch (auth.type) {
    case "NO_AUTH":
      return draft.noAuth().proxy(proxyUrl).payload();
    case "OAUTH":
      return draft.oauth().proxy(proxyUrl).payload();
    case "BEARER":
      return draft.bearer().proxy(proxyUrl).payload();
    case "BASIC":
      return draft.basic().proxy(proxyUrl).payload();
    case "API_KEY":
      return draft
        .apiKey(auth.header !== undefined ? { header: auth.header } : {})
        .proxy(proxyUrl)
        .payload();
  }
}
