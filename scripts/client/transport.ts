// The fetch that openapi-fetch calls. openapi-fetch never retries (its maintainers ruled it out,
// and p-retry's Node-20 line is not a dependency here), so this small loop does: it sends a fresh
// copy of the Request on every attempt (a body can be read only once), bounds every attempt by a
// deadline, reads the whole answer before deciding (a connection dropped mid-body is a network
// failure, not a JSON error later), backs off with jitter, honours Retry-After, and, for API
// calls, attaches the bearer token and fetches a new one once when the server answers 401.
// Redirects are never followed blindly (redirects.ts decides).
import {
  type Answer,
  AnswerTooLarge,
  httpExchange,
  maxAnswerBytes,
  type Outgoing,
  readLimited,
  responseOf,
} from "./http-fetch.ts";
import { followRedirect, isRedirect, RedirectRefused } from "./redirects.ts";
import { backoffMs, isRetryable, type RetryPolicy, retryAfterMs } from "./retry.ts";
import type { TokenSource } from "./token.ts";

export type FetchLike = (request: Request) => Promise<Response>;

export interface TransportOptions {
  /** Instead of node:http (httpExchange): the embedded emulator's fetch, or a test's. */
  readonly fetch?: FetchLike;
  readonly retry: RetryPolicy;
  /** Per attempt, body included. */
  readonly timeoutMs: number;
  /** The whole run: no attempt starts or continues past it. */
  readonly deadline?: Deadline;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told before each retry, so a person waiting on a silent server sees why (sync prints it). */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** One retry about to happen: what failed, and which try comes next. */
export interface RetryNotice {
  readonly method: string;
  readonly url: string;
  /** e.g. "no answer within 10000 ms", "503". */
  readonly reason: string;
  readonly next: number;
  readonly of: number;
  readonly waitMs: number;
}

/**
 * TLS failures that another try cannot mend: a certificate the client will not trust, or a peer
 * that does not speak TLS (a plain-http port behind an https URL). They are reported at once.
 */
const tlsCodes =
  /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_OSSL_)/;
const isTlsFailure = (error: unknown): boolean => {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : "";
  const direct = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return tlsCodes.test(code) || (typeof direct === "string" && tlsCodes.test(direct));
};

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

type Exchange = (outgoing: Outgoing, signal: AbortSignal) => Promise<Answer>;

/** A fetch as an exchange: a Request per attempt, the answer read whole (a redirect's is dropped). */
const viaFetch =
  (fetch: FetchLike): Exchange =>
  async (outgoing, signal) => {
    const response = await fetch(
      new Request(outgoing.url, {
        method: outgoing.method,
        headers: outgoing.headers,
        // a copy per request: fetch may transfer (detach) the buffer it is given
        body: outgoing.body === null ? null : outgoing.body.slice(0),
        signal,
        redirect: "manual",
      }),
    );
    const { status, statusText, headers } = response;
    if (isRedirect(status)) {
      // the answer to a redirect is not read: drop its body so the connection is freed
      await response.body?.cancel().catch(() => undefined);
      return { status, statusText, headers, body: Buffer.alloc(0) };
    }
    return {
      status,
      statusText,
      headers,
      body: await readLimited(response.body, maxAnswerBytes),
    };
  };

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

  const exchangeOnce: Exchange = options.fetch ? viaFetch(options.fetch) : httpExchange;

  // every attempt sends the body read once from the caller's Request (its stream can be read only
  // once). The attempt's timer is held here and cleared in `finally`, so it fires even when nothing
  // else references the signal, and it bounds reading the answer too.
  async function exchange(
    request: Request,
    body: Uint8Array | null,
    token: string | undefined,
  ): Promise<Response> {
    const headers = new Headers(request.headers);
    if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
    const remaining = options.deadline ? options.deadline.at - Date.now() : Number.POSITIVE_INFINITY;
    if (remaining <= 0) throw deadlineExpired(options.deadline as Deadline, 0);
    const limitedByRun = remaining < options.timeoutMs;
    const controller = new AbortController();
    // the attempt ends when the timer fires, whether or not the exchange reacts to the abort
    // (undici can miss one that lands while the request body is being written)
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
        const answer = await bounded(
          exchangeOnce({ url: new URL(url), method: request.method, headers, body }, controller.signal),
        );
        if (isRedirect(answer.status)) {
          url = followRedirect(request.method, url, answer, hop);
          continue;
        }
        return responseOf(answer, request.method);
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
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = sendOptions.token ? await sendOptions.token.get() : undefined;
      let response: Response;
      try {
        response = await exchange(request, body, token);
      } catch (error) {
        if (error instanceof RedirectRefused) throw error;
        // a body past the cap is what this server sends: trying again reads it again
        if (error instanceof AnswerTooLarge)
          throw new TransportFailure("network", error.message, attempt, true);
        if (error instanceof TransportFailure && error.final) {
          throw new TransportFailure(error.kind, error.detail, attempt, true);
        }
        const timedOut = error instanceof TransportFailure && error.kind === "timeout";
        const kind = timedOut ? "timeout" : "network";
        const detail = timedOut ? error.detail : failureDetail(error);
        if (isTlsFailure(error)) throw new TransportFailure(kind, `TLS: ${detail}`, attempt, true);
        if (attempt >= policy.attempts || !isRetryable(sendOptions.idempotent, undefined)) {
          throw new TransportFailure(kind, detail, attempt);
        }
        const waitMs = backoffMs(policy, attempt - 1, random);
        options.onRetry?.({
          method: request.method,
          url: request.url,
          reason: detail,
          next: attempt + 1,
          of: policy.attempts,
          waitMs,
        });
        await pause(waitMs, attempt);
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
          const waitMs = Math.max(asked ?? 0, backoffMs(policy, attempt - 1, random));
          options.onRetry?.({
            method: request.method,
            url: request.url,
            reason: `a ${response.status} answer`,
            next: attempt + 1,
            of: policy.attempts,
            waitMs,
          });
          await pause(waitMs, attempt);
          continue;
        }
      }
      attemptsByResponse.set(response, attempt);
      return response;
    }
  };
}

export type Send = ReturnType<typeof createTransport>;
