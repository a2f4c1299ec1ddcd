// The fetch that openapi-fetch calls. openapi-fetch never retries (its maintainers ruled it out,
// and p-retry's Node-20 line is not a dependency here), so this small loop does: it sends a fresh
// copy of the Request on every attempt (a body can be read only once), bounds every attempt by a
// deadline, reads the whole answer before deciding (a connection dropped mid-body is a network
// failure, not a JSON error later), backs off with jitter, honours Retry-After, and, for API
// calls, attaches the bearer token and fetches a new one once when the server answers 401.
// Redirects are never followed blindly (redirects.ts decides).
import { followRedirect, isRedirect, RedirectRefused } from "./redirects.ts";
import { backoffMs, isRetryable, type RetryPolicy, retryAfterMs } from "./retry.ts";
import type { TokenSource } from "./token.ts";

export type FetchLike = (request: Request) => Promise<Response>;

export interface TransportOptions {
  readonly fetch: FetchLike;
  readonly retry: RetryPolicy;
  /** Per attempt, body included. */
  readonly timeoutMs: number;
  /** The whole run: no attempt starts or continues past it. */
  readonly deadline?: Deadline;
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
    /** True when trying again cannot help (the run's deadline has passed). */
    readonly final = false,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** The end of the whole run, and where its length came from (named when it passes). */
export interface Deadline {
  /** Epoch ms. */
  readonly at: number;
  readonly ms: number;
}

const deadlineExpired = (deadline: Deadline, attempts: number) =>
  new TransportFailure(
    "timeout",
    `the run's overall deadline of ${deadline.ms} ms passed (CONNECTORKIT_DEADLINE_MS)`,
    attempts,
    true,
  );

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
  // a wait that would end past the run's deadline fails now instead
  const pause = async (ms: number, attempts: number) => {
    if (options.deadline && Date.now() + ms >= options.deadline.at) {
      throw deadlineExpired(options.deadline, attempts);
    }
    await sleep(ms);
  };

  // every attempt is a new Request built from the body read once: a Request's body stream can
  // be consumed only once, and copying bytes is cheaper than teeing the stream per attempt.
  // The attempt's timer is held here and cleared in `finally`, so it fires even when nothing else
  // references the signal (an AbortSignal.timeout() held only by a Request can be collected).
  async function exchange(
    request: Request,
    body: ArrayBuffer | null,
    token: string | undefined,
  ): Promise<Response> {
    const headers = new Headers(request.headers);
    if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
    const remaining = options.deadline ? options.deadline.at - Date.now() : Number.POSITIVE_INFINITY;
    if (remaining <= 0) throw deadlineExpired(options.deadline as Deadline, 0);
    const limitedByRun = remaining < options.timeoutMs;
    const controller = new AbortController();
    // the attempt ends when the timer fires, whether or not the fetch implementation reacts to
    // the abort (undici can miss one that lands while the request body is being written)
    let expire: (reason: Error) => void = () => {};
    const expired = new Promise<never>((_, reject) => {
      expire = reject;
    });
    const timer = setTimeout(
      () => {
        const reason = limitedByRun
          ? deadlineExpired(options.deadline as Deadline, 0)
          : new TransportFailure("timeout", `no answer within ${options.timeoutMs} ms`, 0);
        controller.abort(reason);
        expire(reason);
      },
      Math.min(remaining, options.timeoutMs),
    );
    const bounded = <T>(work: Promise<T>): Promise<T> => {
      work.catch(() => undefined);
      return Promise.race([work, expired]);
    };
    try {
      let url = request.url;
      for (let hop = 0; ; hop++) {
        const response = await bounded(
          options.fetch(
            new Request(url, {
              method: request.method,
              headers,
              // a copy per request: fetch may transfer (detach) the buffer it is given
              body: body === null ? null : body.slice(0),
              signal: controller.signal,
              redirect: "manual",
            }),
          ),
        );
        if (isRedirect(response.status)) {
          // the answer to a redirect is not read: drop its body so the connection is freed
          await response.body?.cancel().catch(() => undefined);
          url = followRedirect(request.method, url, response, hop);
          continue;
        }
        const answer = noBody(response.status) ? null : await bounded(response.arrayBuffer());
        return new Response(answer, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      }
    } catch (error) {
      // an abort can surface as a generic AbortError (the body reader): report why it happened
      if (controller.signal.aborted && controller.signal.reason instanceof Error)
        throw controller.signal.reason;
      throw error;
    } finally {
      expired.catch(() => undefined);
      clearTimeout(timer);
    }
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
        if (error instanceof RedirectRefused) throw error;
        if (error instanceof TransportFailure && error.final) {
          throw new TransportFailure(error.kind, error.detail, attempt, true);
        }
        const timedOut = error instanceof TransportFailure && error.kind === "timeout";
        const kind = timedOut ? "timeout" : "network";
        const detail = timedOut ? error.detail : failureDetail(error);
        if (attempt >= policy.attempts || !isRetryable(sendOptions.idempotent, undefined)) {
          throw new TransportFailure(kind, detail, attempt);
        }
        await pause(backoffMs(policy, attempt - 1, random), attempt);
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
          await pause(Math.max(asked ?? 0, backoffMs(policy, attempt - 1, random)), attempt);
          continue;
        }
      }
      attemptsByResponse.set(response, attempt);
      return response;
    }
  };
}

export type Send = ReturnType<typeof createTransport>;
