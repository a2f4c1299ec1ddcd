// The only way discovery (and spec reading) talks to the network: fetch with a deadline on every
// exchange, redirects followed by hand and checked against url-policy.ts, every connection made
// to an address the source's reach guard checked (lib/reach-guard.ts), and response bodies read
// up to a size cap and a byte budget shared by the source's fetches.
import { pinnedFetch } from "../lib/pinned-fetch.ts";
import { ReachGuard, ReachRefused } from "../lib/reach-guard.ts";
import { withTimeLimit } from "../lib/time-limit.ts";
import { McpDiscoveryError } from "./errors.ts";
import { checkRedirect } from "./url-policy.ts";

/** How discovery fetches: the deadline for each exchange, and where it may connect. */
export interface HttpContext {
  readonly timeoutMs: number;
  /**
   * The addresses this source may reach (default: public ones only). Its connections are pinned
   * to the addresses it checked.
   */
  readonly reach?: ReachGuard;
  /**
   * A fetch used instead of the guarded one (a test's stand-in, or the emulator's --connect-to
   * routing): it makes its own connections, and no address is checked against `reach`.
   */
  readonly fetch?: typeof fetch;
}

/** Bytes several responses may take together; each response's reading draws on it. */
export class ByteBudget {
  #left: number;
  constructor(
    readonly total: number,
    /** What the budget covers, for the error: "the documents this spec's $refs name". */
    readonly what: string,
  ) {
    this.#left = total;
  }

  /** Whether nothing is left: a fetch that would draw on it need not start. */
  get spent(): boolean {
    return this.#left <= 0;
  }

  /** Takes `bytes`; false when they do not fit, which spends the budget: what is read is bounded by it. */
  take(bytes: number): boolean {
    if (bytes > this.#left) {
      this.#left = 0;
      return false;
    }
    this.#left -= bytes;
    return true;
  }
}

const fetchers = new WeakMap<ReachGuard, typeof fetch>();
/** The context's fetch: its stand-in, or the network pinned to what its guard checked. */
function fetcherOf(context: HttpContext): typeof fetch {
  if (context.fetch) return context.fetch;
  const guard = context.reach ?? new ReachGuard();
  let found = fetchers.get(guard);
  if (!found) {
    found = pinnedFetch(guard);
    fetchers.set(guard, found);
  }
  return found;
}

export interface HttpRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Stops reading once the body so far holds the answer: an event stream may stay open after it. */
  readonly enough?: (body: string) => boolean;
  /** The largest body read, in bytes (default 1 MiB: discovery's answers are small JSON documents). */
  readonly maxBytes?: number;
  /** A budget this body's bytes are also taken from. */
  readonly budget?: ByteBudget;
}

export interface HttpResponse {
  /** The URL that answered, after redirects. */
  readonly url: URL;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

const maxRedirects = 5;
const maxBodyBytes = 1024 * 1024;
// RFC 9110 §15.4.2-3 let 301/302 keep POST and §15.4.8-9 make 307/308 keep it; a 303 names a
// different resource (§15.4.4), so it is an answer, not a hop to the same endpoint.
const redirectStatuses = new Set([301, 302, 307, 308]);
// OpenSSL and Node.js error codes for handshake and certificate failures.
const tlsCode = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|EPROTO$)/;

/** Sends one request, following at most five redirects; each hop gets its own deadline. */
export async function send(url: URL, request: HttpRequest, context: HttpContext): Promise<HttpResponse> {
  let current = url;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const target = current;
    const step = await withTimeLimit(context.timeoutMs, async (signal) => {
      const response = await guard(target, context, () =>
        fetcherOf(context)(target, {
          method: request.method,
          headers: { ...request.headers },
          ...(request.body !== undefined && { body: request.body }),
          redirect: "manual",
          signal,
        }),
      );
      const location = response.headers.get("location");
      if (redirectStatuses.has(response.status) && location !== null && URL.canParse(location, target.href)) {
        await response.body?.cancel();
        return { next: new URL(location, target) };
      }
      const body = await guard(target, context, () =>
        readBody(target, response, request.maxBytes ?? maxBodyBytes, request.enough, request.budget),
      );
      return { answer: { url: target, status: response.status, headers: response.headers, body } };
    });
    if ("answer" in step) return step.answer;
    checkRedirect(target, step.next);
    current = step.next;
  }
  throw new McpDiscoveryError(
    "TOO_MANY_REDIRECTS",
    `${url.href} redirected more than ${maxRedirects} times`,
    "give discovery the final URL of the MCP endpoint",
  );
}

/** The first characters of a body, on one line, for error messages. */
export function excerpt(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

async function readBody(
  url: URL,
  response: Response,
  maxBytes: number,
  enough?: (body: string) => boolean,
  budget?: ByteBudget,
): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new McpDiscoveryError(
        "RESPONSE_TOO_LARGE",
        `the response from ${url.href} is larger than ${maxBytes / 1024 / 1024} MiB`,
        "check that the URL is the MCP endpoint: initialize results and OAuth metadata are small JSON documents",
      );
    }
    if (budget && !budget.take(value.byteLength)) {
      await reader.cancel();
      throw new McpDiscoveryError(
        "BUDGET_EXCEEDED",
        `reading ${url.href} would take ${budget.what} past ${budget.total / 1024 / 1024} MiB together`,
        "download the documents and check them; that much is not read over the network",
      );
    }
    text += decoder.decode(value, { stream: true });
    if (enough?.(text)) {
      await reader.cancel();
      return text;
    }
  }
}

async function guard<T>(url: URL, context: HttpContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof McpDiscoveryError) throw error;
    throw networkError(url, context, error);
  }
}

function networkError(url: URL, context: HttpContext, error: unknown): McpDiscoveryError {
  if (error instanceof ReachRefused)
    return new McpDiscoveryError("ADDRESS_REFUSED", error.message, error.fix);
  if (error instanceof Error && error.name === "TimeoutError") {
    return new McpDiscoveryError(
      "TIMEOUT",
      `no complete answer from ${url.href} within ${context.timeoutMs} ms`,
      "check that the server is running and reachable from this machine",
      { cause: error },
    );
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : "";
  if (tlsCode.test(code)) {
    return new McpDiscoveryError(
      "TLS",
      `the TLS connection to ${url.host} failed (${code})`,
      "check that the server speaks https on this port with a certificate Node.js trusts for this host name " +
        "(for a private CA, set NODE_EXTRA_CA_CERTS to its PEM file)",
      { cause: error },
    );
  }
  const detail = code || (cause instanceof Error ? cause.message : String(error));
  return new McpDiscoveryError(
    "UNREACHABLE",
    `the request to ${url.href} failed (${detail})`,
    "check the URL, this machine's network, and that the server is running",
    { cause: error },
  );
}
