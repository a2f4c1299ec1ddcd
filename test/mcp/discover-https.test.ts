// https servers cannot run on loopback without certificates, so these cases answer through the
// `fetch` option: proxy_url defaults to the https endpoint reached, and https never leads to plain http.
import { describe, expect, it } from "vitest";
import { discoverMcpConnector, McpDiscoveryError } from "../../scripts/mcp/discover.ts";

type Answer = (init: RequestInit | undefined) => Response;

/** A fetch that answers by exact URL, and 404 for anything else; it records what was asked. */
function fakeFetch(routes: Readonly<Record<string, Answer>>, asked: string[] = []): typeof fetch {
  return async (input, init) => {
    const url = input instanceof URL ? input.href : String(input);
    asked.push(url);
    return routes[url]?.(init) ?? new Response("not found", { status: 404 });
  };
}

/** A stateless MCP server: initialize gets a JSON result, notifications get 202. */
const mcpServer: Answer = (init) => {
  const message = JSON.parse(String(init?.body)) as { id?: number; method: string };
  if (message.method !== "initialize") return new Response(null, { status: 202 });
  const result = {
    protocolVersion: "2025-06-18",
    capabilities: {},
    serverInfo: { name: "notes", version: "1" },
  };
  return Response.json({ jsonrpc: "2.0", id: message.id, result });
};

const to =
  (location: string, status = 308): Answer =>
  () =>
    new Response(null, { status, headers: { location } });
const unauthorized =
  (challenge: string): Answer =>
  () =>
    new Response(null, { status: 401, headers: { "www-authenticate": challenge } });

async function failure(url: string, fetch: typeof globalThis.fetch) {
  const error = await discoverMcpConnector(url, { fetch }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpDiscoveryError);
  return error as McpDiscoveryError;
}

describe("discoverMcpConnector over https", () => {
  it("writes the https endpoint it reached, after redirects, as proxy_url", async () => {
    const fetch = fakeFetch({
      "https://notes.example.com/mcp": to("/mcp/"),
      "https://notes.example.com/mcp/": mcpServer,
    });
    const { connector } = await discoverMcpConnector("https://notes.example.com/mcp", { fetch });
    expect(connector).toStrictEqual({
      display_name: "Notes MCP",
      description: "Connect to Notes MCP",
      auth_patterns: [
        {
          type: "NO_AUTH",
          display_name: "No Auth",
          description: "Public server - no credentials required.",
          is_mcp: true,
          fields: [],
        },
      ],
      proxy_url: "https://notes.example.com/mcp/",
      proxy_enabled: true,
    });
  });

  it("names a server from its host when it says nothing else", async () => {
    const fetch = fakeFetch({ "https://mcp.acme-notes.example/mcp": unauthorized("Bearer") });
    const { connector } = await discoverMcpConnector("https://mcp.acme-notes.example/mcp", { fetch });
    expect(connector.display_name).toBe("Acme Notes MCP");
  });

  it.each([
    [
      "a redirect to plain http on loopback",
      { "https://notes.example.com/mcp": to("http://127.0.0.1:8080/mcp", 307) },
      "REDIRECT_REFUSED",
    ],
    [
      "resource_metadata on plain http",
      {
        "https://notes.example.com/mcp": unauthorized(
          'Bearer resource_metadata="http://127.0.0.1:8080/meta"',
        ),
      },
      "INSECURE_URL",
    ],
    [
      "an authorization server on plain http",
      {
        "https://notes.example.com/mcp": unauthorized("Bearer"),
        "https://notes.example.com/.well-known/oauth-protected-resource/mcp": () =>
          Response.json({
            resource: "https://notes.example.com/mcp",
            authorization_servers: ["http://127.0.0.1:8080"],
          }),
      },
      "INSECURE_URL",
    ],
  ])("refuses %s", async (_, routes, code) => {
    const asked: string[] = [];
    const error = await failure("https://notes.example.com/mcp", fakeFetch(routes, asked));
    expect(error.code).toBe(code);
    expect(error.message).toContain("never after https");
    expect(asked.filter((url) => url.startsWith("http:"))).toEqual([]);
  });
});
