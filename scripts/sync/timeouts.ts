// How long sync waits: CONNECTORKIT_ATTEMPT_TIMEOUT_MS bounds each request attempt (answer body
// included) and CONNECTORKIT_DEADLINE_MS the whole run's requests, so a server that accepts the
// connection and never answers fails the run with a clear error instead of hanging it. With the
// defaults (10 s per attempt, five attempts for a read) a silent server fails within a minute.
import type { RetryNotice } from "../client/index.ts";
import { defaultTimeouts } from "../client/scalekit-client.ts";
import { type Env, UsageError } from "./config.ts";
import type { SyncIO } from "./io.ts";
import type { ClientTuning } from "./target.ts";

export const timeoutVars = {
  attempt: "CONNECTORKIT_ATTEMPT_TIMEOUT_MS",
  deadline: "CONNECTORKIT_DEADLINE_MS",
} as const;

function milliseconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(
      `${name} must be a whole number of milliseconds, not ${JSON.stringify(raw)}`,
      `set e.g. ${name}=${fallback}, or unset it for the default`,
    );
  }
  return value;
}

/** The line a person sees while a request is tried again: which request, why, and the next try. */
export function retryLine(notice: RetryNotice): string {
  let where = notice.url;
  try {
    const url = new URL(notice.url);
    where = `${url.host}${url.pathname}`;
  } catch {
    // not a URL: shown as it is
  }
  const wait = notice.waitMs >= 1000 ? ` in ${(notice.waitMs / 1000).toFixed(1)} s` : "";
  return `… ${notice.method} ${where}: ${notice.reason}; trying again (${notice.next} of ${notice.of})${wait}\n`;
}

/** The timeouts the environment asks for; explicit tuning (tests, benches) wins. */
export function tuningWithTimeouts(
  env: Env,
  tuning: ClientTuning = {},
  notify?: (text: string) => void,
): ClientTuning {
  return {
    timeoutMs: milliseconds(env, timeoutVars.attempt, defaultTimeouts.attemptMs),
    deadlineMs: milliseconds(env, timeoutVars.deadline, defaultTimeouts.deadlineMs),
    // a retry after silence (no answer, a dropped connection) or before a long wait is worth a line;
    // a quick one after a 503 is not
    ...(notify && {
      onRetry: (notice: RetryNotice) => {
        if (!/^a \d{3} answer$/.test(notice.reason) || notice.waitMs >= 1000) notify(retryLine(notice));
      },
    }),
    ...tuning,
  };
}

/**
 * `io` whose `tuning` carries the timeouts, read when a command opens its target (after .env is
 * loaded into `io.env`), so a bad value is reported like any other usage error.
 */
export const withTimeouts = (io: SyncIO): SyncIO =>
  Object.defineProperty({ ...io }, "tuning", {
    enumerable: true,
    get: () => tuningWithTimeouts(io.env, io.tuning, (text) => io.stderr.write(text)),
  });
