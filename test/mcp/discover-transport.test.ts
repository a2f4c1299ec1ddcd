// Discovery's transport rules: sessions, deadlines, redirects, TLS, size caps and the URLs it
// refuses before sending anything. Each failure is an McpDiscoveryError with a code and a fix.
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { discoverMcpConnector, McpDiscoveryError } from "../../scripts/mcp/discover.ts";
import { json, type Listening, mcp, reply, serve } from "./servers.ts";

let running: Listening | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const proxyUrl = "https://mcp.example.com/mcp";

async function failure(url: string, options: Parameters<typeof discoverMcpConnector>[1] = { proxyUrl }) {
  const error = await discoverMcpConnector(url, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpDiscoveryError);
  return error as McpDiscoveryError;
}

describe("discoverMcpConnector: sessions", () => {
  it("a server that needs Mcp-Session-Id is refused: Scalekit supports only stateless servers", async () => {
    running = await serve(() => ({ "/mcp": mcp({ stateful: true }) }));
    const error = await failure(`${running.origin}/mcp`);
    expect(error.code).toBe("STATEFUL_SERVER");
    expect(error.message).toContain("rejected a request without it (HTTP 400)");
    expect(error.message).toContain("sessionIdGenerator: undefined");
  });

  it("a session id the server does not insist on is a warning, and the session is ended", async () => {
    const deleted: (string | undefined)[] = [];
    running = await serve(() => ({
      "/mcp": (req, res, body) => {
        const message = body as { id?: number; method?: string } | undefined;
        if (req.method === "DELETE") {
          deleted.push(req.headers["mcp-session-id"] as string | undefined);
          return reply({ status: 405 })(req, res, body);
        }
        if (message?.method !== "initialize") return reply({ status: 202 })(req, res, body);
        const serverInfo = { name: "sessions", version: "1" };
        const result = { protocolVersion: "2025-06-18", capabilities: {}, serverInfo };
        return json({ jsonrpc: "2.0", id: message.id, result }, 200, { "mcp-session-id": "s-1" })(
          req,
          res,
          body,
        );
      },
    }));
    const inference = await discoverMcpConnector(`${running.origin}/mcp`, { proxyUrl });
    expect(inference.warnings.map((w) => w.code)).toEqual([
      "proxy-stateful-suspected",
      "auth-anonymous-access",
    ]);
    expect(inference.warnings[0]?.pointer).toBe(`${running.origin}/mcp#Mcp-Session-Id`);
    expect(deleted).toEqual(["s-1"]);
  });
});

describe("discoverMcpConnector: network", () => {
  it.each([
    ["no answer at all", "/stall"],
    ["an event stream that never sends the answer", "/stall-body"],
  ])("%s times out with a clear error", async (_, path) => {
    running = await serve(() => ({
      "/stall": () => undefined,
      "/stall-body": (_req, res: ServerResponse) => {
        res.writeHead(200, { "content-type": "text/event-stream" }).flushHeaders();
      },
    }));
    const error = await failure(`${running.origin}${path}`, { proxyUrl, timeoutMs: 200 });
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toContain(`no complete answer from ${running.origin}${path} within 200 ms`);
  });

  it("follows a redirect to the endpoint and reports it", async () => {
    running = await serve(() => ({
      "/old": reply({ status: 308, headers: { location: "/mcp" } }),
      "/mcp": mcp(),
    }));
    const inference = await discoverMcpConnector(`${running.origin}/old`, { proxyUrl });
    expect(inference.inferred[0]).toEqual({
      what: `MCP endpoint ${running.origin}/mcp (redirected)`,
      from: `${running.origin}/old`,
    });
    expect(inference.warnings).toMatchObject([
      { code: "auth-anonymous-access", pointer: `${running.origin}/mcp` },
    ]);
  });

  it("refuses a redirect to plain http on another host", async () => {
    running = await serve(() => ({
      "/mcp": reply({ status: 307, headers: { location: "http://mcp.example.com/mcp" } }),
    }));
    const error = await failure(`${running.origin}/mcp`);
    expect(error.code).toBe("REDIRECT_REFUSED");
    expect(error.message).toContain(
      `${running.origin}/mcp redirects to http://mcp.example.com/mcp, which is not https`,
    );
  });

  it("stops after five redirects", async () => {
    running = await serve(() => ({ "/loop": reply({ status: 307, headers: { location: "/loop" } }) }));
    expect((await failure(`${running.origin}/loop`)).code).toBe("TOO_MANY_REDIRECTS");
  });

  it("a failed TLS handshake is a TLS error that says how to fix it", async () => {
    running = await serve(() => ({ "/mcp": mcp() }));
    const error = await failure(`${running.origin.replace("http:", "https:")}/mcp`, {});
    expect(error.code).toBe("TLS");
    expect(error.message).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("a closed port is UNREACHABLE", async () => {
    const closed = await serve(() => ({}));
    await closed.close();
    expect((await failure(`${closed.origin}/mcp`)).code).toBe("UNREACHABLE");
  });

  it("caps response bodies", async () => {
    running = await serve(() => ({ "/mcp": json({ padding: "x".repeat(2 * 1024 * 1024) }) }));
    expect((await failure(`${running.origin}/mcp`)).code).toBe("RESPONSE_TOO_LARGE");
  });

  it.each([
    ["a 404", reply({ status: 404, body: "Not Found" }), "answered initialize with HTTP 404: Not Found"],
    [
      "an HTML page",
      reply({ status: 200, headers: { "content-type": "text/html" }, body: "<p>hi</p>" }),
      'content-type "text/html"',
    ],
    [
      "a JSON-RPC error",
      json({ jsonrpc: "2.0", id: 1, error: { code: -32600, message: "nope" } }),
      "refused initialize: nope",
    ],
  ])("%s is NOT_MCP", async (_, route, text) => {
    running = await serve(() => ({ "/mcp": route }));
    const error = await failure(`${running.origin}/mcp`);
    expect(error.code).toBe("NOT_MCP");
    expect(error.message).toContain(text);
    expect(error.message).toContain("streamable HTTP MCP endpoint");
  });
});

describe("discoverMcpConnector: refused before any request", () => {
  const noNetwork: typeof fetch = () => {
    throw new Error("discovery must not send a request here");
  };

  it.each([
    ["http://127.0.0.1:8080/mcp", {}, "PROXY_URL_REQUIRED", "pass --proxy-url https://"],
    ["http://localhost:8080/mcp", {}, "PROXY_URL_REQUIRED", "pass --proxy-url https://"],
    ["http://[::1]:8080/mcp", {}, "PROXY_URL_REQUIRED", "pass --proxy-url https://"],
    ["http://mcp.example.com/mcp", { proxyUrl }, "INSECURE_URL", "only for loopback hosts"],
    ["http://127.0.0.1.nip.io/mcp", { proxyUrl }, "INSECURE_URL", "only for loopback hosts"],
    ["ftp://mcp.example.com/mcp", { proxyUrl }, "INVALID_URL", "full URL of the MCP endpoint"],
    [
      "http://127.0.0.1:8080/mcp",
      { proxyUrl: "http://mcp.example.com" },
      "INVALID_PROXY_URL",
      "only over https",
    ],
    ["https://mcp.example.com/mcp", { name: "Acme-Docs" }, "INVALID_NAME", 'use --name "Acme Docs"'],
  ])("%s %j → %s", async (url, options, code, fix) => {
    const error = await failure(url, { ...options, fetch: noNetwork });
    expect(error.code).toBe(code);
    expect(error.fix).toContain(fix);
  });

  it("a connector that would fail validation is an error, not a payload", async () => {
    running = await serve(() => ({ "/mcp": mcp() }));
    const error = await failure(`${running.origin}/mcp`, {
      proxyUrl: `https://mcp.example.com/${"a".repeat(2100)}`,
    });
    expect(error.code).toBe("INVALID_CONNECTOR");
    expect(error.message).toContain("proxy_url");
  });
});
