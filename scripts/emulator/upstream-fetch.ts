// One exchange with a server the emulator calls on its own behalf (a token endpoint, a user info
// endpoint, a client registration endpoint, an MCP server): --connect-to applied, redirects not
// followed (a credential must not follow one), the whole exchange under one time limit
// (scripts/lib/time-limit.ts), and the answer read up to a byte cap, so a server that stalls or
// streams without end can neither hang a request nor fill memory.
import { isObject } from "../../dsl/rules/issue.ts";
import { withTimeLimit } from "../lib/time-limit.ts";
import { type ConnectTo, fetchRouted } from "./connect-to.ts";

export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface UpstreamLimits {
  readonly connectTo: ConnectTo;
  readonly timeoutMs: number;
}

export interface UpstreamRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The largest answer read, in bytes. */
  readonly maxBytes: number;
  /**
   * Given the answer's headers, a watcher called with each piece of the body as it arrives, whose
   * true stops reading (an event stream that stays open once its answer is in).
   */
  readonly readUntil?: (headers: Headers) => ((piece: string) => boolean) | undefined;
}

export type UpstreamFailureKind = "timeout" | "unreachable" | "too_large";

/** Why an exchange gave no answer; `message` names the host and says why, never a header or body. */
export class UpstreamFailure extends Error {
  override readonly name = "UpstreamFailure";
  constructor(
    readonly kind: UpstreamFailureKind,
    readonly host: string,
    /** What happened, without the host: "did not answer within 300 ms", "ECONNREFUSED". */
    readonly detail: string,
  ) {
    super(kind === "unreachable" ? `${host}: ${detail}` : `${host} ${detail}`);
  }
}

function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (isObject(cause) && typeof cause.code === "string") return cause.code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Sends one request to `url` (routed by --connect-to) and reads its answer within the limits. */
export async function exchange(
  url: URL,
  request: UpstreamRequest,
  limits: UpstreamLimits,
): Promise<UpstreamAnswer> {
  try {
    return await withTimeLimit(limits.timeoutMs, async (signal) => {
      const response = await fetchRouted(
        url,
        {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined && { body: request.body }),
          redirect: "manual",
          signal,
        },
        limits.connectTo,
      );
      const body = await readCapped(response, url, request.maxBytes, request.readUntil?.(response.headers));
      return { status: response.status, headers: response.headers, body };
    });
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error;
    if (error instanceof Error && error.name === "TimeoutError")
      throw new UpstreamFailure("timeout", url.host, `did not answer within ${limits.timeoutMs} ms`);
    throw new UpstreamFailure("unreachable", url.host, reasonOf(error));
  }
}

async function readCapped(
  response: Response,
  url: URL,
  maxBytes: number,
  enough?: (piece: string) => boolean,
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const rest = decoder.decode();
      enough?.(rest);
      return text + rest;
    }
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamFailure("too_large", url.host, `answered more than ${maxBytes} bytes`);
    }
    const piece = decoder.decode(value, { stream: true });
    text += piece;
    if (enough?.(piece)) {
      await reader.cancel();
      return text;
    }
  }
}
