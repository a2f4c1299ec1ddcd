// One Scalekit client per environment for the whole process, shared by every proxyClient made for
// it: an application makes a proxy client per user or per request, and each must not fetch its own
// access token. The client lives as long as the process, so the run-length deadline sync gives its
// clients does not apply. Connection names found by lookup are kept with it (connection.ts).
import { createHash } from "node:crypto";
import { createScalekitClient, type FetchLike, type ScalekitClient } from "../client/index.ts";
import type { ProxyEnvironment } from "./environment.ts";

export interface SharedClient {
  readonly client: ScalekitClient;
  readonly environment: ProxyEnvironment;
  readonly timeoutMs: number;
  /** The access tokens issued to it lately, to scrub from what a failure shows. */
  readonly tokens: readonly string[];
  /** Connection names by connector, found by lookup (a promise, so concurrent calls look up once). */
  readonly connections: Map<string, Promise<string>>;
}

const shared = new Map<string, SharedClient>();
// a caller's own fetch gets clients of its own, let go with it
const byFetch = new WeakMap<FetchLike, Map<string, SharedClient>>();

/** The client for `environment` (with this time limit for proxy calls, through `fetch` if given). */
export function sharedClient(
  environment: ProxyEnvironment,
  timeoutMs: number,
  fetch?: FetchLike,
): SharedClient {
  // keyed by a digest: the secret is not kept in one more place
  const key = createHash("sha256")
    .update(JSON.stringify([environment.url, environment.clientId, environment.clientSecret, timeoutMs]))
    .digest("hex");
  let pool = shared;
  if (fetch) {
    pool = byFetch.get(fetch) ?? new Map();
    byFetch.set(fetch, pool);
  }
  const known = pool.get(key);
  if (known) return known;
  const tokens: string[] = [];
  const client = createScalekitClient({
    environmentUrl: environment.url,
    clientId: environment.clientId,
    clientSecret: environment.clientSecret,
    ...(fetch && { fetch }),
    proxyTimeoutMs: timeoutMs,
    deadlineMs: Number.POSITIVE_INFINITY,
    // the client secret is scrubbed by name; the tokens, a few at a time, as they are issued
    onSecret: (value, user) => {
      if (user !== undefined) return;
      tokens.push(value);
      if (tokens.length > 8) tokens.shift();
    },
  });
  const made: SharedClient = { client, environment, timeoutMs, tokens, connections: new Map() };
  pool.set(key, made);
  return made;
}
