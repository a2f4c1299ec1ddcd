// The request log behind GET /_emulator/requests. It records what a test needs to assert on
// (method, path, query, status, time, injected fault) and never headers or bodies, so no token
// or client secret can end up in it. Query values are kept only for the listing's own
// parameters; any other value is replaced, in case a client put a credential in the URL (an
// authorization callback's code and state among them). An authorization link's path is its
// one-time token, so it is replaced too.
import type { FaultKind } from "./faults.ts";

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The status sent; for a "lost" fault, the one the handler produced; 0 when nothing was handled. */
  readonly status: number;
  /** ISO time by the emulator's clock. */
  readonly at: string;
  readonly fault?: FaultKind;
}

const loggedQueryKeys = new Set([
  "filter.provider_type",
  "filter.connection_names",
  "identifier",
  "page_size",
  "page_token",
]);
export const redacted = "[redacted]";
const linkPath = /^\/magic\/./;

export class RequestLog {
  #entries: LoggedRequest[] = [];

  get entries(): readonly LoggedRequest[] {
    return this.#entries;
  }

  clear(): void {
    this.#entries = [];
  }

  add(request: Request, status: number, at: number, fault?: FaultKind): void {
    const url = new URL(request.url);
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = loggedQueryKeys.has(key) ? value : redacted;
    this.#entries.push({
      method: request.method,
      path: linkPath.test(url.pathname) ? `/magic/${redacted}` : url.pathname,
      query,
      status,
      at: new Date(at).toISOString(),
      ...(fault === undefined ? {} : { fault }),
    });
  }
}
