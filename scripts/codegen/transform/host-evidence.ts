/**
 * How strongly a concrete server host is evidence of where the API lives. A host that is one
 * numbered instance of several (cluster, pod, shard: "webservices5", "eu2", "na1") is right only
 * for the accounts on it; the vendor's bare web domain, with nothing in host or path that marks an
 * API, is often the site rather than the API (which then has a host of its own). Both are kept and
 * warned, since only the vendor's docs can say.
 */
import type { Context } from "../context.ts";
import { regionLabel } from "./host-words.ts";

/** The first label of a host, when it ends in a number: "webservices5" in "webservices5.x.net". */
export function numberedLabel(host: string): string | undefined {
  const labels = host.toLowerCase().replace(/:\d+$/, "").split(".");
  const first = labels[0] ?? "";
  // a region code ("eu2") is reported as a regional host instead
  const numbered = labels.length > 2 && /^[a-z]+-?\d+$/.test(first) && regionLabel(host) !== first;
  return numbered ? first : undefined;
}

/** True for a vendor's bare web domain ("x.com", "www.x.com") with no "api" in its host or path. */
export function isWebsiteHost(host: string, path: string): boolean {
  const labels = host.toLowerCase().replace(/:\d+$/, "").split(".");
  const bare = labels.length === 2 || (labels.length === 3 && labels[0] === "www");
  return bare && !/api/i.test(host) && !/(^|\/)[^/]*api[^/]*(\/|$)/i.test(path);
}

/** Warns about a concrete host (no template) that is weak evidence of where the API lives. */
export function warnWeakHost(host: string, path: string, pointer: string, ctx: Context): void {
  if (host.includes("{")) return;
  const numbered = numberedLabel(host);
  if (numbered !== undefined) {
    ctx.warn(
      "proxy-numbered-host",
      `${host} is one numbered instance ("${numbered}") of the API's hosts; accounts on other instances need theirs, so check which host yours is on (or make it a {{domain}} field)`,
      pointer,
    );
  }
  if (isWebsiteHost(host, path)) {
    ctx.warn(
      "proxy-host-not-api",
      `the server is ${host}${path}, the vendor's web domain, with nothing in its host or path that marks an API; check whether the API has a host of its own (such as api.${host.replace(/^www\./, "")})`,
      pointer,
    );
  }
}
