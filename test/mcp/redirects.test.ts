// An MCP server URL that redirects elsewhere: a redirect to another origin is the server's word for
// where it lives, so it is reported and proxy_url stays the URL the user gave; a redirect within
// the origin, or its https upgrade on the same port, is followed into proxy_url as before.
import { describe, expect, it } from "vitest";
import { isHttpsUpgrade, sameServer } from "../../scripts/lib/https-upgrade.ts";
import { discoverMcpConnector } from "../../scripts/mcp/discover.ts";

/** A fetch that answers by exact URL, and 404 for anything else. */
function fakeFetch(
  routes: Readonly<Record<string, (init: RequestInit | undefined) => Response>>,
): typeof fetch {
  return async (input, init) =>
    routes[input instanceof URL ? input.href : String(input)]?.(init) ??
    new Response("not found", { status: 404 });
}

const mcpServer = (init: RequestInit | undefined) => {
  const message = JSON.parse(String(init?.body)) as { id?: number; method: string };
  if (message.method !== "initialize") return new Response(null, { status: 202 });
  return Response.json({
    jsonrpc: "2.0",
    id: message.id,
    result: { protocolVersion: "2025-06-18", capabilities: {}, serverInfo: { name: "notes", version: "1" } },
  });
};
const to = (location: string) => () => new Response(null, { status: 308, headers: { location } });

describe("an MCP server URL that redirects to another origin", () => {
  const fetch = fakeFetch({
    "https://notes.example.com/mcp": to("https://mcp.elsewhere.example/mcp"),
    "https://mcp.elsewhere.example/mcp": mcpServer,
  });

  it("keeps the URL given as proxy_url, and says where the redirect led", async () => {
    const inference = await discoverMcpConnector("https://notes.example.com/mcp", { fetch });
    expect(inference.connector.proxy_url).toBe("https://notes.example.com/mcp");
    const warning = inference.warnings.find((entry) => entry.code === "proxy-cross-origin-redirect");
    expect(warning).toStrictEqual({
      code: "proxy-cross-origin-redirect",
      message:
        "https://notes.example.com/mcp redirected to https://mcp.elsewhere.example/mcp, another origin; proxy_url is https://notes.example.com/mcp as given. If the server lives at the redirect's URL, pass --proxy-url https://mcp.elsewhere.example/mcp.",
      pointer: "https://notes.example.com/mcp",
    });
  });

  it("takes --proxy-url as given, without the warning", async () => {
    const proxyUrl = "https://mcp.elsewhere.example/mcp";
    const inference = await discoverMcpConnector("https://notes.example.com/mcp", { fetch, proxyUrl });
    expect(inference.connector.proxy_url).toBe(proxyUrl);
    expect(inference.warnings.map((entry) => entry.code)).not.toContain("proxy-cross-origin-redirect");
  });
});

describe("an http → https upgrade", () => {
  it.each([
    ["http://h.example/mcp", "https://h.example/mcp", true],
    ["http://h.example:8080/mcp", "https://h.example:8080/mcp", true],
    ["http://h.example:80/", "https://h.example:443/", true],
    ["http://h.example:8080/mcp", "https://h.example:8443/mcp", false],
    ["http://h.example/mcp", "https://h.example:8443/mcp", false],
    ["http://h.example/mcp", "https://other.example/mcp", false],
    ["https://h.example/mcp", "https://h.example/mcp", false],
    ["https://h.example/mcp", "http://h.example/mcp", false],
  ])("%s → %s: %s", (from, to, upgrade) => {
    expect(isHttpsUpgrade(new URL(from), new URL(to))).toBe(upgrade);
  });

  it("is the same server; another port or host is not", () => {
    expect(sameServer(new URL("http://h.example/a"), new URL("https://h.example/b"))).toBe(true);
    expect(sameServer(new URL("https://h.example/a"), new URL("https://h.example/b"))).toBe(true);
    expect(sameServer(new URL("http://h.example:8080/a"), new URL("https://h.example:9443/a"))).toBe(false);
  });
});
