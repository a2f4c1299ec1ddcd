/**
 * Where the authorization URL lies against the API. The authorization endpoint is a page a browser
 * opens for the user to sign in (RFC 6749 §3.1), usually on a sign-in or web host; one under the
 * API's own base path (the server URL plus the segments every operation path starts with) is often
 * a dated or mis-documented URL, so it is kept and warned.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1
 */
import type { Context } from "../context.ts";
import type { AuthPlan } from "./auth-plan.ts";
import { sharedPrefix } from "./path-prefix.ts";
import type { ProxyPlan } from "./servers.ts";

/** The API's base: proxy_url, plus the segments every operation path starts with when it names no path. */
export function apiBase(proxy: ProxyPlan, paths: readonly string[]): string {
  if (proxy.url !== proxy.origin || paths.length < 2) return proxy.url;
  const prefix = sharedPrefix(paths);
  return prefix.length > 0 ? `${proxy.url}/${prefix.join("/")}` : proxy.url;
}

export function warnAuthorizeInApi(
  auth: AuthPlan,
  proxy: ProxyPlan,
  paths: readonly string[],
  ctx: Context,
): void {
  const kind = auth.kind;
  if (kind.type !== "OAUTH" || proxy.pointer === "--proxy-url") return;
  const base = apiBase(proxy, paths).toLowerCase();
  // a base that is only a host says nothing: sign-in pages and APIs share hosts
  if (base === proxy.origin.toLowerCase()) return;
  if (!kind.authorizeUri.toLowerCase().startsWith(`${base}/`)) return;
  ctx.warn(
    "auth-authorize-in-api",
    `the authorization URL ${kind.authorizeUri} lies under the API's own base ${base}, where browser sign-in pages rarely are; check it in the vendor's OAuth docs (it may have moved to a sign-in or web host)`,
    auth.pointer,
  );
}
