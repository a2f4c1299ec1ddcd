// MCP servers on 127.0.0.1 (port 0) for the tool tests, answered by the MCP TypeScript SDK's
// low-level Server over its streamable HTTP transport: the same tools (`testTools`) behind a
// static key in a header, behind OAuth with the fake vendor as authorization server (RFC 9728
// metadata, DCR and PKCE through it), or behind the SDK's own demo authorization server (DCR,
// PKCE, strict RFC 8707 resource check). Each records the requests it received.
//
//   const server = await staticKeyMcpServer({ header: "x-api-key", key: "k-123" });
//   // proxy_url https://mcp.tools.example/mcp, --connect-to mcp.tools.example=<server.origin>
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { DemoInMemoryAuthProvider } from "@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { listening, readJson } from "../listen.ts";
import type { OAuthVendor } from "./vendor.ts";

/** The tools every server here lists: echo and add answer, fail answers isError: true. */
export const testTools = [
  {
    name: "echo",
    description: "Echo the text back",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  },
  {
    name: "add",
    description: "Add two numbers",
    inputSchema: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    },
  },
  { name: "fail", description: "Always fails", inputSchema: { type: "object", properties: {} } },
] as const;

export interface McpServerOptions {
  /** Tools per tools/list page (default all on one page); more pages are chained by nextCursor. */
  readonly pageSize?: number;
  /** Answer with JSON instead of an event stream. */
  readonly json?: boolean;
  /** Open a session at initialize (Mcp-Session-Id) and require it on every later request. */
  readonly stateful?: boolean;
  /** Where the MCP endpoint is served (default "/mcp"). */
  readonly path?: string;
}

export interface ReceivedMcp {
  readonly headers: IncomingHttpHeaders;
  /** The JSON-RPC method, or the HTTP method when the body has none (a DELETE). */
  readonly method: string;
}

export interface McpTestServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The MCP endpoint, `${origin}/mcp`. */
  readonly url: string;
  readonly received: ReceivedMcp[];
  close(): Promise<void>;
}

function toolsServer(options: McpServerOptions): Server {
  const server = new Server({ name: "test-tools", version: "1.0.0" }, { capabilities: { tools: {} } });
  const size = options.pageSize ?? testTools.length;
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const start = Number(request.params?.cursor ?? 0);
    const page = testTools.slice(start, start + size);
    const next = start + size < testTools.length ? { nextCursor: String(start + size) } : {};
    return { tools: page.map((tool) => ({ ...tool })), ...next };
  });
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const args = request.params.arguments ?? {};
    const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
    if (request.params.name === "echo") return text(String(args.text ?? ""));
    if (request.params.name === "add") {
      if (typeof args.a !== "number" || typeof args.b !== "number")
        throw new McpError(ErrorCode.InvalidParams, "a and b must be numbers");
      return text(String(args.a + args.b));
    }
    if (request.params.name === "fail") return { ...text("it failed"), isError: true };
    throw new McpError(ErrorCode.InvalidParams, `unknown tool ${request.params.name}`);
  });
  return server;
}

/** The MCP endpoint as a request handler: a fresh server per request, or per session when stateful. */
function mcpHandler(options: McpServerOptions) {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const enableJsonResponse = options.json ?? false;
  return async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    if (options.stateful) {
      const id = req.headers["mcp-session-id"];
      let transport = typeof id === "string" ? sessions.get(id) : undefined;
      if (!transport) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: randomUUID,
          enableJsonResponse,
          onsessioninitialized: (made) => {
            sessions.set(made, transport as StreamableHTTPServerTransport);
          },
          onsessionclosed: (closed) => {
            sessions.delete(closed);
          },
        });
        await toolsServer(options).connect(transport);
      }
      return transport.handleRequest(req, res, body);
    }
    const server = toolsServer(options);
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}

const rpcMethod = (req: IncomingMessage, body: unknown): string =>
  typeof body === "object" && body !== null && "method" in body ? String(body.method) : (req.method ?? "");

/**
 * Serves `/mcp` behind `gate` (a 401 when it answers one) and whatever `extra` routes; records
 * each MCP request.
 */
async function serveMcp(
  options: McpServerOptions,
  gate: (req: IncomingMessage, origin: string) => Record<string, string> | undefined,
  extra: (origin: string) => Readonly<Record<string, unknown>> = () => ({}),
): Promise<McpTestServer> {
  const received: ReceivedMcp[] = [];
  const handle = mcpHandler(options);
  const { server, origin, close } = await listening();
  const documents = extra(origin);
  server.on("request", async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", origin).pathname;
    const body = await readJson(req);
    const document = documents[path];
    if (document !== undefined && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
      return;
    }
    if (path !== (options.path ?? "/mcp")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
      return;
    }
    received.push({ headers: req.headers, method: rpcMethod(req, body) });
    const refusal = gate(req, origin);
    if (refusal) {
      res.writeHead(401, { "content-type": "application/json", ...refusal }).end('{"error":"unauthorized"}');
      return;
    }
    await handle(req, res, body);
  });
  return {
    origin,
    url: `${origin}${options.path ?? "/mcp"}`,
    received,
    close,
  };
}

/** The tools behind `gate`: it answers the headers of a 401, or undefined to let the request in. */
export const gatedMcpServer = (
  gate: (req: IncomingMessage) => Record<string, string> | undefined,
  options: McpServerOptions = {},
): Promise<McpTestServer> => serveMcp(options, gate);

/** The tools behind a static key: requests without `header: key` are answered 401. */
export function staticKeyMcpServer(
  options: McpServerOptions & { readonly header?: string; readonly key: string },
): Promise<McpTestServer> {
  const header = (options.header ?? "x-api-key").toLowerCase();
  return serveMcp(options, (req) => (req.headers[header] === options.key ? undefined : {}));
}

/**
 * The tools behind OAuth with `vendor` (started with `registration: true`) as the authorization
 * server: RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp, advertised in the 401.
 */
export function vendorOAuthMcpServer(
  vendor: OAuthVendor,
  options: McpServerOptions = {},
): Promise<McpTestServer> {
  const path = options.path ?? "/mcp";
  const metadataPath = `/.well-known/oauth-protected-resource${path}`;
  return serveMcp(
    options,
    (req, origin) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      if (vendor.isLive(token)) return undefined;
      return { "www-authenticate": `Bearer resource_metadata="${origin}${metadataPath}"` };
    },
    (origin) => ({
      [metadataPath]: {
        resource: `${origin}${path}`,
        authorization_servers: [vendor.origin],
        resource_name: "Test Tools",
      },
    }),
  );
}

/**
 * The tools behind the MCP SDK's own demo authorization server on the same origin: DCR, PKCE
 * S256, and a token endpoint that refuses a `resource` other than this endpoint (RFC 8707).
 */
export async function sdkOAuthMcpServer(
  options: McpServerOptions & {
    /** Host names it answers besides its own (the emulator's --connect-to keeps the Host it stands in for). */
    readonly hosts?: readonly string[];
  } = {},
): Promise<McpTestServer> {
  const received: ReceivedMcp[] = [];
  const { server, origin, close } = await listening();
  const resource = new URL(`${origin}/mcp`);
  const provider = new DemoInMemoryAuthProvider((asked) => asked?.href === resource.href);
  // the SDK's DNS-rebinding guard answers only the hosts it is told are its own
  const app = createMcpExpressApp({
    allowedHosts: ["127.0.0.1", "localhost", ...(options.hosts ?? [])],
  });
  app.use(mcpAuthRouter({ provider, issuerUrl: new URL(origin), resourceServerUrl: resource }));
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(resource),
  });
  const handle = mcpHandler(options);
  const record = (req: IncomingMessage & { body?: unknown }, _res: ServerResponse, next: () => void) => {
    received.push({ headers: req.headers, method: rpcMethod(req, req.body) });
    next();
  };
  app.post("/mcp", record, bearer, (req: IncomingMessage & { body?: unknown }, res: ServerResponse) =>
    handle(req, res, req.body),
  );
  server.on("request", app);
  return {
    origin,
    url: resource.href,
    received,
    close,
  };
}
