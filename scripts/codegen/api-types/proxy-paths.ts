// The document's paths as the tool proxy takes them: relative to the connector's proxy_url. A call
// goes to `{ENV}/proxy/<path>` and Scalekit sends it to proxy_url + <path>, so a path the types
// offer must be the operation's URL less proxy_url — the same rule as the verify request
// (transform/verify-request.ts relativePath): when proxy_url keeps a base path the document's paths
// repeat (/v1 in both), the types drop it; when proxy_url drops one the document's server holds,
// the types add it. An operation proxy_url cannot reach is left out and reported. $refs that point
// into a renamed path follow it; one into a path left out gets a copy of what it named.
import { pointerTo, tokensOf, walk } from "../pointer.ts";
import { isObj, type Obj } from "../refs.ts";
import { type ProxyPlan, pathOf } from "../transform/servers.ts";
import { relativePath } from "../transform/verify-request.ts";

export interface ProxyPaths {
  readonly root: Obj;
  /** Document paths proxy_url cannot reach (or whose relative path another path took). */
  readonly dropped: readonly string[];
  /** Paths whose key changed. */
  readonly renamed: number;
}

const segments = (path: string) => path.split("/").filter((segment) => segment !== "");

/** The path relative to proxy_url; "/" for proxy_url itself; undefined when it lies outside. */
function proxyPathOf(path: string, proxy: ProxyPlan): string | undefined {
  const relative = relativePath(path, proxy);
  if (relative !== undefined) return relative;
  const full = [...segments(proxy.documentPath ?? pathOf(proxy.url)), ...segments(path)];
  const base = segments(pathOf(proxy.url));
  return full.length === base.length && base.every((segment, index) => full[index] === segment)
    ? "/"
    : undefined;
}

/** `root` with its paths keyed relative to proxy_url. */
export function proxyPaths(root: Obj, proxy: ProxyPlan): ProxyPaths {
  if (!isObj(root.paths)) return { root, dropped: [], renamed: 0 };
  const keys = new Map<string, string | undefined>();
  const paths: Record<string, unknown> = {};
  const dropped: string[] = [];
  let renamed = 0;
  for (const [path, item] of Object.entries(root.paths)) {
    const relative = proxyPathOf(path, proxy);
    if (relative === undefined || relative in paths) {
      keys.set(path, undefined);
      dropped.push(path);
      continue;
    }
    keys.set(path, relative);
    if (relative !== path) renamed += 1;
    paths[relative] = item;
  }
  if (renamed === 0 && dropped.length === 0) return { root, dropped, renamed };
  const moved = { ...root, paths };
  return { root: follow(moved, root, keys, 0) as Obj, dropped, renamed };
}

/** Copies of what $refs into old path keys name; deeper than this is a cycle through paths. */
const maxDepth = 20;

/** `node` with each `#/paths/<old>/…` $ref pointing at the path's new key, or replaced by a copy. */
function follow(
  node: unknown,
  original: Obj,
  keys: ReadonlyMap<string, string | undefined>,
  depth: number,
): unknown {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) {
    const items = node.map((item) => follow(item, original, keys, depth));
    return items.some((item, index) => item !== node[index]) ? items : node;
  }
  const ref = (node as Obj).$ref;
  if (typeof ref === "string" && ref.startsWith("#/paths/")) {
    const tokens = tokensOf(ref) ?? [];
    const [, old = "", ...rest] = tokens;
    if (!keys.has(old)) return node;
    const now = keys.get(old);
    if (now !== undefined) return { ...node, $ref: pointerTo("#/paths", now, ...rest) };
    const target = walk(original, tokens);
    return target === undefined || depth >= maxDepth ? {} : follow(target, original, keys, depth + 1);
  }
  let out: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(node)) {
    const next = follow(value, original, keys, depth);
    if (next !== value) {
      out ??= { ...node };
      out[name] = next;
    }
  }
  return out ?? node;
}
