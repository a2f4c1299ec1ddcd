// Which URLs discovery may fetch and which it may write as proxy_url: https anywhere, plain http
// only on loopback (a server on this machine), and never a step down from https to http.
import { McpDiscoveryError } from "./errors.ts";

const loopbackHint =
  "plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost), and never after https";

/** 127.0.0.0/8, ::1 and localhost (RFC 6761 §6.3). `URL` has already normalised the host. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses the URL the user gave and checks that discovery may fetch it. */
export function parseServerUrl(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new McpDiscoveryError(
      "INVALID_URL",
      `"${text}" is not an http(s) URL`,
      "give the full URL of the MCP endpoint, e.g. https://mcp.example.com/mcp",
    );
  }
  checkFetchable(url, "the MCP server URL");
  return url;
}

/** Refuses a URL discovery must not fetch; `what` says where it came from, `from` is the URL that named it. */
export function checkFetchable(url: URL, what: string, from?: URL): void {
  if (allowed(url, from)) return;
  throw new McpDiscoveryError(
    "INSECURE_URL",
    `${what} ${url.href} is not https`,
    `use https; ${loopbackHint}`,
  );
}

/** A redirect follows the same rule: it must land on a URL discovery may fetch. */
export function checkRedirect(from: URL, to: URL): void {
  if (allowed(to, from)) return;
  throw new McpDiscoveryError(
    "REDIRECT_REFUSED",
    `${from.href} redirects to ${to.href}, which is not https`,
    `point discovery at the final https URL of the server; ${loopbackHint}`,
  );
}

/**
 * https anywhere, plain http only on loopback and never after https: a server reached over https
 * cannot send a client to plain http, not even on this machine. The generator's spec reading
 * follows the same rule.
 */
export function allowed(to: URL, from: URL | undefined): boolean {
  if (to.protocol === "https:") return true;
  return to.protocol === "http:" && isLoopback(to) && from?.protocol !== "https:";
}

/**
 * The proxy_url to write, or undefined to use the endpoint discovery reaches. Scalekit accepts only
 * https proxy URLs, so a plain-http (loopback) server needs an explicit public https URL.
 */
export function resolveProxyUrl(server: URL, proxyUrl: string | undefined): string | undefined {
  if (proxyUrl !== undefined) {
    if (URL.canParse(proxyUrl) && new URL(proxyUrl).protocol === "https:") return proxyUrl;
    throw new McpDiscoveryError(
      "INVALID_PROXY_URL",
      `--proxy-url "${proxyUrl}" is not an https URL`,
      "Scalekit calls MCP servers only over https: give the https URL the server is published at",
    );
  }
  if (server.protocol === "https:") return undefined;
  throw new McpDiscoveryError(
    "PROXY_URL_REQUIRED",
    `${server.href} is plain http on this machine, and Scalekit needs an https proxy_url it can reach`,
    "pass --proxy-url https://… with the public https URL this server is published at",
  );
}
