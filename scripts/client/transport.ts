// The fetch that openapi-fetch calls. openapi-fetch never retries (its maintainers ruled it out,
// and p-retry's Node-20 line is not a dependency here), so this small loop does: it sends a fresh
// copy of the Request on every attempt (a body can be read only once), sets a per-attempt timeout, reads
// the whole answer before deciding (a connection dropped mid-body is a network failure, not a
// JSON error later), backs off with jitter, honours Retry-After, and, for API calls, attaches
// the bearer token and fetches a new one once when the server answers 401.
import { backoffMs, isRetryable, type RetryPolicy, retryAfterMs } from "./retry.ts";
import type { TokenSource } from "./token.ts";

export type FetchLike = (request: Request) => Promise<Response>;

export interface TransportOptions {
  readonly fetch: FetchLike;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions {
  /** False for writes that must not be repeated blindly (POST create). */
  readonly idempotent: boolean;
  /** Attach `Authorization: Bearer …` from here; refreshed once on 401. */
  readonly token?: TokenSource;
}

/** No answer came back: the connection failed or the attempt timed out. */
export class TransportFailure extends Error {
  override name = "TransportFailure";
  constructor(
    readonly kind: "network" | "timeout",
    readonly detail: string,
    readonly attempts: number,
  ) {
    super(`${kind}: ${detail}`);
  }
}

const attemptsByResponse = new WeakMap<Response, number>();

/** How many tries produced this response (1 when the first one did). */
export const attemptsOf = (response: Response): number => attemptsByResponse.get(response) ?? 1;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const noBody = (status: number) => status === 204 || status === 205 || status === 304;

/** What failed, from a fetch error: its cause's code and message. */
export function failureDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

export function createTransport(options: TransportOptions) {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? delay;
  const policy = options.retry;

  // every attempt is a new Request built from the body read once: a Request's body stream can
  // be consumed only once, and copying bytes is cheaper than teeing the stream per attempt
  async function exchange(
    request: Request,
    body: ArrayBuffer | null,
    token: string | undefined,
  ): Promise<Response> {
    const headers = new Headers(request.headers);
    if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
    const signal = AbortSignal.timeout(options.timeoutMs);
    const response = await options.fetch(
      new Request(request.url, { method: request.method, headers, body, signal }),
    );
    const answer = noBody(response.status) ? null : await response.arrayBuffer();
    return new Response(answer, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  return async function send(request: Request, sendOptions: SendOptions): Promise<Response> {
    const body = request.body === null ? null : await request.arrayBuffer();
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = sendOptions.token ? await sendOptions.token.get() : undefined;
      let response: Response;
      try {
        response = await exchange(request, body, token);
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        const kind = timedOut ? "timeout" : "network";
        const detail = timedOut ? `${options.timeoutMs} ms` : failureDetail(error);
        if (attempt >= policy.attempts || !isRetryable(sendOptions.idempotent, undefined)) {
          throw new TransportFailure(kind, detail, attempt);
        }
        await sleep(backoffMs(policy, attempt - 1, random));
        continue;
      }

      if (response.status === 401 && sendOptions.token && token !== undefined && !refreshed) {
        // the token may have expired or been revoked early: fetch a new one, once, for free
        refreshed = true;
        sendOptions.token.invalidate(token);
        attempt--;
        continue;
      }
      if (attempt < policy.attempts && isRetryable(sendOptions.idempotent, response.status)) {
        const asked = retryAfterMs(response.headers.get("retry-after"), Date.now());
        if (asked === undefined || asked <= policy.maxRetryAfterMs) {
          await sleep(Math.max(asked ?? 0, backoffMs(policy, attempt - 1, random)));
          continue;
        }
      }
      attemptsByResponse.set(response, attempt);
      return response;
    }
  };
}

export type Send = ReturnType<typeof createTransport>;
