// Which URLs discovery may fetch and which it may write as proxy_url: https anywhere, plain http
// only on loopback (a server on this machine), and never a step down from https to http.
import { McpDiscoveryError } from "./errors.ts";

const loopbackHint = "plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost)";

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

/** Refuses plain http to anything but loopback; `what` names where the URL came from. */
export function checkFetchable(url: URL, what: string): void {
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url))) return;
  throw new McpDiscoveryError(
    "INSECURE_URL",
    `${what} ${url.href} is not https`,
    `use https; ${loopbackHint}`,
  );
}

/** A redirect must land on a fetchable URL and never downgrade https to http. */
export function checkRedirect(from: URL, to: URL): void {
  const downgrade = from.protocol === "https:" && to.protocol !== "https:";
  if (!downgrade && (to.protocol === "https:" || (to.protocol === "http:" && isLoopback(to)))) return;
  throw new McpDiscoveryError(
    "REDIRECT_REFUSED",
    `${from.href} redirects to ${to.href}, which is not https`,
    `point discovery at the final https URL of the server; ${loopbackHint}, and never after https`,
  );
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
