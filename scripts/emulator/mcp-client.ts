// The emulator as an MCP client over streamable HTTP (MCP 2025-06-18, Basic › Transports), for
// tools/list and tools/call on an account's behalf. Hand-rolled rather than the MCP SDK's client:
// the SDK is a devDependency (the emulator ships in the package), and what is needed is three
// JSON-RPC exchanges, each under the emulator's time limit and byte cap, without redirects (the
// credential must not follow one), which upstream-fetch.ts already does.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import pkg from "../../package.json" with { type: "json" };
import { eventData } from "../mcp/sse.ts";
import { mcpAnswerMaxBytes } from "./behaviour.ts";
import { exchange, type UpstreamAnswer, type UpstreamLimits } from "./upstream-fetch.ts";

export const protocolVersion = "2025-06-18";

/** The server refused the credential (401 or 403). */
export class McpRefused extends Error {
  override readonly name = "McpRefused";
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The server answered, but not as an MCP server does; `what` completes "the MCP server …". */
export class McpProtocolError extends Error {
  override readonly name = "McpProtocolError";
}

/** A JSON-RPC error answer. */
export class McpRpcError extends Error {
  override readonly name = "McpRpcError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface McpSession {
  /** Sends a request and gives its result; throws McpRpcError for an error answer. */
  request(method: string, params: JsonObject): Promise<JsonObject>;
  /** Ends the session the server opened, if it opened one (best effort). */
  close(): Promise<void>;
}

// the end of the last complete event (a blank line) in `text`, looking only from `from` on, so
// a long event arriving in many pieces is scanned once
const lastBoundary = (text: string, from: number): number => {
  const blankLine = /(?:\r\n|\r|\n)(?:\r\n|\r|\n)/g;
  blankLine.lastIndex = from;
  let end = -1;
  for (let match = blankLine.exec(text); match; match = blankLine.exec(text))
    end = match.index + match[0].length;
  return end;
};

/** Stops reading an event stream once the answer to request `id` is in; `found` holds it. */
function streamWatcher(id: number) {
  let buffer = "";
  let found: unknown;
  return {
    get found() {
      return found;
    },
    onPiece(piece: string): boolean {
      const scanFrom = Math.max(0, buffer.length - 3);
      buffer += piece;
      const cut = lastBoundary(buffer, scanFrom);
      if (cut < 0) return false;
      const complete = buffer.slice(0, cut);
      buffer = buffer.slice(cut);
      for (const data of eventData(complete)) {
        const message = parse(data);
        if (isObject(message) && message.id === id) found = message;
      }
      return found !== undefined;
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const mediaType = (answer: UpstreamAnswer): string =>
  (answer.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** initialize, then notifications/initialized; the session's requests carry `credentials`. */
export async function openSession(
  endpoint: URL,
  credentials: readonly [string, string][],
  limits: UpstreamLimits,
): Promise<McpSession> {
  let nextId = 1;
  let sessionId: string | undefined;
  let version: string | undefined;
  const headersFor = (): Record<string, string> => ({
    ...Object.fromEntries(credentials),
    accept: "application/json, text/event-stream",
    "content-type": "application/json",
    ...(version !== undefined && { "mcp-protocol-version": version }),
    ...(sessionId !== undefined && { "mcp-session-id": sessionId }),
  });
  const post = async (message: JsonObject, id?: number): Promise<unknown> => {
    const watcher = id === undefined ? undefined : streamWatcher(id);
    const answer = await exchange(
      endpoint,
      {
        method: "POST",
        headers: headersFor(),
        body: JSON.stringify(message),
        maxBytes: mcpAnswerMaxBytes,
        readUntil: (headers) =>
          watcher && (headers.get("content-type") ?? "").toLowerCase().startsWith("text/event-stream")
            ? (piece) => watcher.onPiece(piece)
            : undefined,
      },
      limits,
    );
    const method = String(message.method);
    if (answer.status === 401 || answer.status === 403) throw new McpRefused(answer.status);
    if (answer.status >= 300 && answer.status < 400)
      throw new McpProtocolError(
        `redirected ${method} (HTTP ${answer.status}): the MCP endpoint must be proxy_url itself`,
      );
    if (answer.status < 200 || answer.status >= 300)
      throw new McpProtocolError(`answered ${method} with HTTP ${answer.status}`);
    sessionId ??= answer.headers.get("mcp-session-id") ?? undefined;
    if (watcher === undefined) return undefined;
    const type = mediaType(answer);
    const reply =
      type === "application/json"
        ? parse(answer.body)
        : type === "text/event-stream"
          ? watcher.found
          : undefined;
    if (!isObject(reply) || reply.jsonrpc !== "2.0" || reply.id !== id)
      throw new McpProtocolError(`answered ${method} without a JSON-RPC answer (content-type "${type}")`);
    if (isObject(reply.error)) {
      const code = typeof reply.error.code === "number" ? reply.error.code : 0;
      throw new McpRpcError(code, String(reply.error.message ?? ""));
    }
    if (!isObject(reply.result)) throw new McpProtocolError(`answered ${method} without a result object`);
    return reply.result;
  };
  const request = async (method: string, params: JsonObject): Promise<JsonObject> => {
    const id = nextId++;
    return (await post({ jsonrpc: "2.0", id, method, params }, id)) as JsonObject;
  };

  const initialized = await request("initialize", {
    protocolVersion,
    capabilities: {},
    clientInfo: { name: `${pkg.name}-emulator`, version: pkg.version },
  }).catch((error: unknown) => {
    if (error instanceof McpRpcError) throw new McpProtocolError(`refused initialize: ${error.message}`);
    throw error;
  });
  if (typeof initialized.protocolVersion !== "string")
    throw new McpProtocolError("answered initialize without a protocolVersion");
  version = initialized.protocolVersion;
  await post({ jsonrpc: "2.0", method: "notifications/initialized" });

  return {
    request,
    async close() {
      if (sessionId === undefined) return;
      await exchange(endpoint, { method: "DELETE", headers: headersFor(), maxBytes: 4096 }, limits).catch(
        () => undefined,
      );
    },
  };
}
