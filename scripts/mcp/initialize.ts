// The MCP side of discovery over streamable HTTP (MCP 2025-06-18, Basic › Transports): the
// initialize request and its result, the follow-up that shows whether the server needs a session,
// and ending a session the server opened.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import pkg from "../../package.json" with { type: "json" };
import { McpDiscoveryError } from "./errors.ts";
import { excerpt, type HttpContext, type HttpResponse, send } from "./http.ts";
import { eventData } from "./sse.ts";

/** The protocol version discovery asks for; servers answer with the one they speak. */
export const protocolVersion = "2025-06-18";

/** What discovery uses from the initialize result: serverInfo (MCP Implementation) and instructions. */
export interface ServerInfo {
  readonly protocolVersion: string;
  readonly name: string;
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
  readonly instructions?: string;
}

/** An initialize that succeeded without credentials, or the 401 that asked for them. */
export type Initialization =
  | {
      readonly ok: true;
      readonly response: HttpResponse;
      readonly server: ServerInfo;
      readonly sessionId?: string;
    }
  | { readonly ok: false; readonly response: HttpResponse };

const accept = "application/json, text/event-stream";
const initializeId = 1;

/** POSTs `initialize` to the endpoint, following redirects; the answer may be JSON or an event stream. */
export async function initialize(url: URL, http: HttpContext): Promise<Initialization> {
  const clientInfo = { name: pkg.name, version: pkg.version };
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: initializeId,
    method: "initialize",
    params: { protocolVersion, capabilities: {}, clientInfo },
  });
  const response = await send(
    url,
    {
      method: "POST",
      headers: { accept, "content-type": "application/json" },
      body,
      enough: (text) => eventData(text).some((data) => isInitializeAnswer(parse(data))),
    },
    http,
  );
  if (response.status === 401) return { ok: false, response };
  if (response.status < 200 || response.status >= 300) {
    const said = response.body.trim() ? `: ${excerpt(response.body)}` : "";
    throw notMcp(response, `answered initialize with HTTP ${response.status}${said}`);
  }
  const server = readResult(response, answer(response));
  const sessionId = response.headers.get("mcp-session-id");
  return { ok: true, response, server, ...(sessionId !== null && { sessionId }) };
}

/**
 * Sends `notifications/initialized` without the session id: a stateless server accepts it (202),
 * a server that needs sessions rejects it (MCP Transports › Session Management: 400).
 */
export async function notifyInitialized(
  url: URL,
  server: ServerInfo,
  http: HttpContext,
): Promise<HttpResponse> {
  const body = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
  const headers = {
    accept,
    "content-type": "application/json",
    "mcp-protocol-version": server.protocolVersion,
  };
  return send(url, { method: "POST", headers, body }, http);
}

/**
 * Ends the session the server opened for discovery (MCP Transports › Session Management: DELETE).
 * A server may refuse (405); the session then expires on its own, so the answer is not checked.
 */
export async function endSession(url: URL, sessionId: string, http: HttpContext): Promise<void> {
  await send(url, { method: "DELETE", headers: { "mcp-session-id": sessionId } }, http).catch(
    () => undefined,
  );
}

function answer(response: HttpResponse): unknown {
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") {
    const message = parse(response.body);
    if (message === undefined)
      throw notMcp(response, `answered initialize with invalid JSON: ${excerpt(response.body)}`);
    return message;
  }
  if (type === "text/event-stream") {
    const message = eventData(response.body).map(parse).find(isInitializeAnswer);
    if (message === undefined) throw notMcp(response, "sent an event stream without an answer to initialize");
    return message;
  }
  throw notMcp(response, `answered initialize with content-type "${type}", neither JSON nor an event stream`);
}

function readResult(response: HttpResponse, message: unknown): ServerInfo {
  if (!isInitializeAnswer(message))
    throw notMcp(response, "answered initialize with something other than JSON-RPC");
  const error = message.error;
  if (isObject(error)) {
    throw notMcp(
      response,
      `refused initialize: ${String(error.message)} (JSON-RPC error ${String(error.code)})`,
    );
  }
  const result = message.result;
  const info = isObject(result) ? result.serverInfo : undefined;
  if (
    !isObject(result) ||
    typeof result.protocolVersion !== "string" ||
    !isObject(info) ||
    !text(info.name)
  ) {
    throw notMcp(response, "answered initialize without a protocolVersion and serverInfo.name");
  }
  return {
    protocolVersion: result.protocolVersion,
    name: info.name,
    ...(text(info.title) && { title: info.title }),
    ...(text(info.version) && { version: info.version }),
    ...(text(info.description) && { description: info.description }),
    ...(text(result.instructions) && { instructions: result.instructions }),
  };
}

function isInitializeAnswer(message: unknown): message is JsonObject {
  return isObject(message) && message.jsonrpc === "2.0" && message.id === initializeId;
}

function text(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function notMcp(response: HttpResponse, what: string): McpDiscoveryError {
  return new McpDiscoveryError(
    "NOT_MCP",
    `${response.url.href} ${what}`,
    "check that the URL is the server's streamable HTTP MCP endpoint (often ending in /mcp)",
  );
}
