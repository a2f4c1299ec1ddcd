/**
 * Paths Object (OpenAPI 3.x §4.8.8) → the leading segments every operation path shares. When the
 * server URL is only a host and all paths start the same way ("/api/0/…"), that start is often
 * the base the vendor documents, and tool paths are written relative to proxy_url.
 * @see https://spec.openapis.org/oas/v3.1.0#paths-object
 */
import type { Context } from "../context.ts";
import type { ProxyPlan } from "./servers.ts";

// "v1", "0", "2.0", "v1beta", "2010-04-01": a version, where a documented base usually ends
const versionSegment = /^v?\d+([._-]\d+)*([a-z]+\d*)?$/i;

/** A path segment that only places the API ("api", "rest", "v2", "2.0") or a tenant ("{{store}}"). */
export const isPlainBase = (segment: string): boolean =>
  versionSegment.test(segment) || /^(api|apis|rest|public)$/i.test(segment) || segment.includes("{{");

/**
 * The literal segments every path starts with; each path keeps at least one segment after them,
 * and a templated segment ("{id}") ends them, since proxy_url cannot hold an operation parameter.
 */
export function sharedPrefix(paths: readonly string[]): string[] {
  let prefix: string[] | undefined;
  for (const path of paths) {
    const segments = path.replace(/\/+$/, "").split("/").slice(1, -1);
    if (prefix === undefined) {
      const literal = segments.findIndex((segment) => segment === "" || segment.includes("{"));
      prefix = literal < 0 ? segments : segments.slice(0, literal);
      continue;
    }
    let same = 0;
    while (same < prefix.length && same < segments.length && prefix[same] === segments[same]) same += 1;
    prefix.length = same;
    if (same === 0) return [];
  }
  return prefix ?? [];
}

/** The part of a shared prefix that reads as a base: up to and including its first version segment. */
export function basePrefix(prefix: readonly string[]): string[] {
  const version = prefix.findIndex((segment) => versionSegment.test(segment));
  const base = version < 0 ? [...prefix] : prefix.slice(0, version + 1);
  // a bare version ("/v1/…") is the usual split of host and paths, and one letter is no base
  const named = base.some((segment) => !versionSegment.test(segment));
  return named && base.join("/").length > 1 ? base : [];
}

/**
 * Notes when the server URL is only a host and every operation path starts with the same base.
 * Not a doubt: proxy_url plus each operation path is the URL the document gives, so calls reach
 * the API either way; only where the vendor's docs draw the line differs.
 */
export function noteSharedPrefix(paths: readonly string[], proxy: ProxyPlan, ctx: Context): void {
  // a server that names a path has made the split itself; --proxy-url is the user's choice
  if (paths.length < 2 || proxy.pointer === "--proxy-url" || proxy.url !== proxy.origin) return;
  // a server path the operations repeat was left out on purpose, and is warned already
  if (proxy.repeatedPath !== undefined) return;
  const base = basePrefix(sharedPrefix(paths));
  if (base.length === 0) return;
  const prefix = `/${base.join("/")}`;
  ctx.infer(
    `base path ${prefix}: every operation path starts with it and the server URL ${proxy.url} does not, so tool paths keep it (proxy_url could end with it instead)`,
    "#/paths",
  );
}
