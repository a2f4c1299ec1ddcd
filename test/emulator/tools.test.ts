// MCP connectors' tools in the emulator (scalekit-api.md §10.4), against MCP SDK servers on
// 127.0.0.1: listed under Scalekit's names with the account's credential added as the proxy
// adds it, run through execute_tool, and each failure as its Scalekit error.
import { afterEach, describe, expect, it } from "vitest";
import { findLeaks } from "../oauth/leaks.ts";
import { type McpServerOptions, type McpTestServer, staticKeyMcpServer } from "../oauth/mcp-servers.ts";
import { type Body, type Client, connect, inProcess } from "./helpers.ts";
import { createAccount, createConnector } from "./oauth-helpers.ts";
import { closedOrigin, startUpstream } from "./upstream.ts";

const key = "mcp-key-Wq3Zt8Lp2Vn6";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface ToolItem {
  connected_account_id: string;
  identifier: string;
  tool: {
    id: string;
    provider: string;
    definition: { name: string; description: string; input_schema: unknown };
  };
}
type ToolList = { tools: ToolItem[]; next_page_token: string; total_size: number };

const apiKeyMcp = {
  type: "API_KEY",
  display_name: "API Key",
  description: "",
  is_mcp: true,
  auth_header_key_override: "x-api-key",
  fields: [{ field_name: "api_key", label: "API Key", input_type: "password" }],
};

/** An emulator whose connector "Test Tools" (connection "tools") reaches `origin` as https://mcp.tools.example/mcp. */
async function withTools(origin: string, accountKey = key, options: { proxyTimeoutMs?: number } = {}) {
  const { client } = inProcess({ connectTo: [`mcp.tools.example=${origin}`], ...options });
  const identifier = await createConnector(client, "Test Tools", apiKeyMcp, "https://mcp.tools.example/mcp");
  await connect(client, identifier, { keyId: "tools", type: "API_KEY" });
  const accountId = await createAccount(client, "tools", "user-1", { api_key: accountKey });
  return { client, identifier, accountId };
}

async function staticServer(options: McpServerOptions = {}): Promise<McpTestServer> {
  const server = await staticKeyMcpServer({ header: "x-api-key", key, ...options });
  closers.push(() => server.close());
  return server;
}

const list = (client: Client, query = "identifier=user-1&filter.connection_names=tools") =>
  client.call<Body & ToolList>("GET", `/api/v1/tools/scoped?${query}`);
const execute = (client: Client, body: Record<string, unknown>) =>
  client.call<Body & { data: Record<string, unknown>; execution_id: string }>(
    "POST",
    "/api/v1/execute_tool",
    {
      body,
    },
  );

describe("MCP tools", () => {
  it("are listed under Scalekit's names, fetched with the account's key in its header", async () => {
    const server = await staticServer();
    const { client, identifier, accountId } = await withTools(server.origin);
    const listed = await list(client);
    expect(listed.status).toBe(200);
    expect(listed.body.total_size).toBe(3);
    expect(listed.body.tools.map((item) => item.tool.definition.name)).toEqual([
      "c-testtools_echo",
      "c-testtools_add",
      "c-testtools_fail",
    ]);
    const [echo] = listed.body.tools;
    expect(echo).toEqual({
      connected_account_id: accountId,
      identifier: "user-1",
      tool: {
        id: expect.stringMatching(/^tol_\d{18}$/),
        provider: identifier,
        definition: {
          name: "c-testtools_echo",
          description: "Echo the text back",
          input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        },
      },
    });
    // the same tool keeps its id
    expect((await list(client)).body.tools[0]?.tool.id).toBe(echo?.tool.id);
    expect(server.received.map((request) => request.method)).toEqual([
      "initialize",
      "notifications/initialized",
      "tools/list",
      "initialize",
      "notifications/initialized",
      "tools/list",
    ]);
    expect(server.received.every((request) => request.headers["x-api-key"] === key)).toBe(true);
  });

  it("run through execute_tool, by identifier and connector or by account id", async () => {
    const server = await staticServer();
    const { client, accountId } = await withTools(server.origin);
    const echoed = await execute(client, {
      tool_name: "c-testtools_echo",
      identifier: "user-1",
      connector: "tools",
      params: { text: "hello" },
    });
    expect(echoed.status).toBe(200);
    expect(echoed.body.data).toEqual({ content: [{ type: "text", text: "hello" }] });
    expect(echoed.body.execution_id).toMatch(/^\d{18}$/);
    const added = await execute(client, {
      tool_name: "c-testtools_add",
      connected_account_id: accountId,
      params: { a: 2, b: 3 },
    });
    expect(added.body.data).toEqual({ content: [{ type: "text", text: "5" }] });
    expect(server.received.at(-1)?.method).toBe("tools/call");
    // a tool's own failure is its answer
    const failed = await execute(client, { tool_name: "c-testtools_fail", identifier: "user-1", params: {} });
    expect(failed.status).toBe(200);
    expect(failed.body.data).toEqual({ content: [{ type: "text", text: "it failed" }], isError: true });
  });

  it("refuse bad parameters, unknown tools and a missing identifier", async () => {
    const server = await staticServer();
    const { client } = await withTools(server.origin);
    const badParams = await execute(client, {
      tool_name: "c-testtools_add",
      identifier: "user-1",
      params: { a: "x" },
    });
    expect(badParams.status).toBe(400);
    expect(badParams.body).toMatchObject({
      code: 3,
      message:
        'tool "c-testtools_add" failed: MCP error -32602: a and b must be numbers (JSON-RPC error -32602)',
      details: [{ error_code: "TOOL_INVALID_PARAMS" }],
    });
    const unknown = await execute(client, {
      tool_name: "c-testtools_nope",
      identifier: "user-1",
      connector: "tools",
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      message:
        'no tool named "c-testtools_nope" on this connected account; it has c-testtools_echo, c-testtools_add, c-testtools_fail',
      details: [{ error_code: "TOOL_NOT_FOUND" }],
    });
    const otherPrefix = await execute(client, { tool_name: "c-other_echo", identifier: "user-1" });
    expect(otherPrefix.status).toBe(404);
    expect((await list(client, "filter.connection_names=tools")).status).toBe(400);
    expect((await list(client, "identifier=user-1&page_size=101")).status).toBe(400);
  });

  it("a wrong key is MCP_UNAUTHORIZED, and the key is in no answer", async () => {
    const server = await staticServer();
    const { client } = await withTools(server.origin, "not-the-key-Hq2");
    const listed = await list(client);
    expect(listed.status).toBe(400);
    expect(listed.body).toMatchObject({
      code: 9,
      message: 'the MCP server of connection "tools" refused the account\'s credential (HTTP 401)',
      details: [{ error_code: "MCP_UNAUTHORIZED" }],
    });
    const executed = await execute(client, {
      tool_name: "c-testtools_echo",
      identifier: "user-1",
      params: { text: "x" },
    });
    expect(executed.body.details[0]?.error_code).toBe("MCP_UNAUTHORIZED");
    const log = await client.call("GET", "/_emulator/requests", { token: null });
    expect(
      findLeaks(JSON.stringify([listed.body, executed.body, log.body]), ["not-the-key-Hq2", key]),
    ).toEqual([]);
  });

  it("a server that cannot be reached is 502, one that is not MCP is MCP_PROTOCOL_ERROR, a stalled one 504", async () => {
    const unreachable = await withTools(await closedOrigin());
    const down = await list(unreachable.client);
    expect(down.status).toBe(502);
    expect(down.body).toMatchObject({ code: 14, details: [{ error_code: "UPSTREAM_UNREACHABLE" }] });
    expect(down.body.message).toBe(
      'upstream unreachable: the MCP server of connection "tools": mcp.tools.example: ECONNREFUSED',
    );

    const html = await startUpstream(() => ({
      status: 200,
      body: "<html>hi</html>",
      headers: { "content-type": "text/html" },
    }));
    closers.push(() => html.close());
    const notMcp = await list((await withTools(html.origin)).client);
    expect(notMcp.status).toBe(502);
    expect(notMcp.body).toMatchObject({ details: [{ error_code: "MCP_PROTOCOL_ERROR" }] });
    expect(notMcp.body.message).toBe(
      'the MCP server of connection "tools" answered initialize without a JSON-RPC answer (content-type "text/html")',
    );

    const huge = await startUpstream(() => ({ status: 200, body: "x".repeat(5 * 1024 * 1024) }));
    closers.push(() => huge.close());
    const tooBig = await list((await withTools(huge.origin)).client);
    expect(tooBig.status).toBe(502);
    expect(tooBig.body.message).toBe('the MCP server of connection "tools" answered more than 4194304 bytes');

    const stalled = await startUpstream(() => ({ status: 200, stall: true }));
    closers.push(() => stalled.close());
    const slow = await list((await withTools(stalled.origin, key, { proxyTimeoutMs: 200 })).client);
    expect(slow.status).toBe(504);
    expect(slow.body.code).toBe(4);
  });

  it("follow tools/list pages, and page the answer", async () => {
    const server = await staticServer({ pageSize: 1 });
    const { client } = await withTools(server.origin);
    const first = await list(client, "identifier=user-1&page_size=2");
    expect(first.body.tools.map((item) => item.tool.definition.name)).toEqual([
      "c-testtools_echo",
      "c-testtools_add",
    ]);
    expect(first.body.total_size).toBe(3);
    const second = await list(
      client,
      `identifier=user-1&page_size=2&page_token=${first.body.next_page_token}`,
    );
    expect(second.body.tools.map((item) => item.tool.definition.name)).toEqual(["c-testtools_fail"]);
    expect(second.body.next_page_token).toBe("");
    expect(server.received.filter((request) => request.method === "tools/list")).toHaveLength(6);
    const named = await list(client, "identifier=user-1&filter.tool_names=c-testtools_add");
    expect(named.body.tools.map((item) => item.tool.definition.name)).toEqual(["c-testtools_add"]);
  });

  it("pass back a session the server opens, and end it; JSON answers work as event streams do", async () => {
    const server = await staticServer({ stateful: true, json: true });
    const { client } = await withTools(server.origin);
    expect((await list(client)).body.total_size).toBe(3);
    const [initialize, ...rest] = server.received;
    expect(initialize?.headers["mcp-session-id"]).toBeUndefined();
    const session = rest[0]?.headers["mcp-session-id"];
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest.map((request) => [request.method, request.headers["mcp-session-id"]])).toEqual([
      ["notifications/initialized", session],
      ["tools/list", session],
      ["DELETE", session],
    ]);
  });

  it("come only from ACTIVE accounts of MCP connectors: a REST connector has none", async () => {
    const server = await staticServer();
    const { client } = await withTools(server.origin);
    const rest = await createConnector(
      client,
      "Rest Api",
      { ...apiKeyMcp, is_mcp: undefined },
      "https://api.rest.example",
    );
    await connect(client, rest, { keyId: "rest", type: "API_KEY" });
    await createAccount(client, "rest", "user-1", { api_key: "rest-key" });
    expect((await list(client, "identifier=user-1")).body.total_size).toBe(3);
    const onlyRest = await list(client, "identifier=user-1&filter.connection_names=rest");
    expect(onlyRest.body).toEqual({ tools: [], next_page_token: "", prev_page_token: "", total_size: 0 });
    const executed = await execute(client, {
      tool_name: "c-restapi_echo",
      identifier: "user-1",
      connector: "rest",
    });
    expect(executed.status).toBe(404);
    expect((await list(client, "identifier=someone-else")).body.total_size).toBe(0);
  });
});
