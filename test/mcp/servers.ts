// Servers on 127.0.0.1 (port 0) for the discovery tests. MCP itself is answered by the MCP
// TypeScript SDK; routes around it add 401s, OAuth metadata, redirects and stalls as a test needs.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { DemoInMemoryAuthProvider } from "@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Implementation } from "@modelcontextprotocol/sdk/types.js";
import { type Listening, listening, readJson } from "../listen.ts";

export type { Listening };

/** Listens on 127.0.0.1 port 0; the handler is made once the origin is known. */
export async function listen(handler: (origin: string) => RequestListener): Promise<Listening> {
  const running = await listening();
  running.server.on("request", handler(running.origin));
  return running;
}

/** Answers one request; `body` is the parsed JSON body, when there is one. */
export type Route = (req: IncomingMessage, res: ServerResponse, body: unknown) => void | Promise<void>;

/** Serves `routes` by path (query ignored); anything else is a JSON 404. */
export function serve(routes: (origin: string) => Readonly<Record<string, Route>>): Promise<Listening> {
  return listen((origin) => {
    const table = routes(origin);
    return async (req, res) => {
      const route = table[new URL(req.url ?? "/", origin).pathname];
      const body = await readJson(req);
      if (route) await route(req, res, body);
      else json({ error: "not_found" }, 404)(req, res, body);
    };
  });
}

export interface McpOptions {
  readonly info?: Implementation;
  readonly instructions?: string;
  /** Keep one session (Mcp-Session-Id) instead of answering each request on its own. */
  readonly stateful?: boolean;
  /** Answer with JSON instead of an event stream. */
  readonly json?: boolean;
}

/** An MCP endpoint: a fresh SDK server per request when stateless, one session-keeping transport otherwise. */
export function mcp(options: McpOptions = {}): Route {
  const info = options.info ?? { name: "test-server", version: "1.0.0" };
  const make = () =>
    new McpServer(info, options.instructions !== undefined ? { instructions: options.instructions } : {});
  const enableJsonResponse = options.json ?? false;
  if (options.stateful) {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      enableJsonResponse,
    });
    const connected = make().connect(transport);
    return async (req, res, body) => {
      await connected;
      await transport.handleRequest(req, res, body);
    };
  }
  return async (req, res, body) => {
    const server = make();
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}

/** Puts `check` in front of a route: when it returns a response, that is sent instead. */
export function gated(
  check: (req: IncomingMessage, body: unknown) => Reply | undefined,
  route: Route,
): Route {
  return (req, res, body) => {
    const reply = check(req, body);
    return reply ? send(res, reply) : route(req, res, body);
  };
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A fixed answer. */
export function reply(answer: Reply): Route {
  return (_req, res) => send(res, answer);
}

/** A JSON document. */
export function json(document: unknown, status = 200, headers: Record<string, string> = {}): Route {
  const body = JSON.stringify(document);
  return reply({ status, headers: { "content-type": "application/json", ...headers }, body });
}

function send(res: ServerResponse, answer: Reply): void {
  res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
}

/**
 * An MCP endpoint at /mcp behind the SDK's own OAuth authorization server: protected resource
 * metadata (RFC 9728), authorization server metadata (RFC 8414), DCR and PKCE S256.
 */
export function sdkOAuthServer(resourceName?: string): Promise<Listening> {
  return listen((origin) => {
    const provider = new DemoInMemoryAuthProvider();
    const resource = new URL(`${origin}/mcp`);
    const app = createMcpExpressApp();
    app.use(
      mcpAuthRouter({
        provider,
        issuerUrl: new URL(origin),
        resourceServerUrl: resource,
        ...(resourceName !== undefined && { resourceName }),
      }),
    );
    const bearer = requireBearerAuth({
      verifier: provider,
      resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(resource),
    });
    const answer = mcp();
    app.post("/mcp", bearer, (req: IncomingMessage & { body?: unknown }, res: ServerResponse) =>
      answer(req, res, req.body),
    );
    return app;
  });
}
