// When to try a request again and how long to wait first. Pure functions, so the policy can be
// tested without a server or a clock.

export interface RetryPolicy {
  /** Total tries per request, the first included. */
  readonly attempts: number;
  /** The first backoff step; each later step doubles, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Whether a request may be sent again after this status (or, with `status` undefined, after a
 * dropped connection or timeout). An unanswered or 5xx POST may already have created the
 * connector, so a create is retried only after 429, which the server sends before doing
 * anything; sync reconciles the other cases by listing again (scripts/sync/connector/converge.ts).
 */
export function isRetryable(idempotent: boolean, status: number | undefined): boolean {
  if (status === undefined) return idempotent;
  if (status === 429) return true;
  return idempotent && (status === 500 || status === 502 || status === 503 || status === 504);
}

/** Exponential backoff with equal jitter: half the step, plus up to half again at random. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Reads Retry-After (seconds or an HTTP date) as milliseconds from now, if present and sane. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
