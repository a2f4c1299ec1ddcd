/**
 * When no server names a host: the host the document's own text sends requests to. Descriptions
 * often show a whole request ("you can use GET https://api.acme.io/v1/history to list them"); a
 * URL whose path ends in one of the spec's operation paths names the API's base. Read only in
 * that case, so the walk over every string of the document costs nothing otherwise.
 */
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import type { SpecDoc } from "../refs.ts";
import { isPlaceholderHost, isTestServer } from "./host-words.ts";
import type { ServerCandidate } from "./server-candidates.ts";

const urlPattern = /\bhttps?:\/\/[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:\/[^\s"'<>`|\\^?#()[\]]*)?/gi;
// URLs in prose end before punctuation and closing brackets
const trailing = /[.,;:!)\]*_]+$/;
// enough to find the host of any document; the walk stops there
const maxUrls = 2_000;

interface Found {
  readonly url: string;
  readonly pointer: string;
}

/** Absolute URLs in the document's strings, with where each was written. */
function urlsIn(root: unknown): Found[] {
  const found: Found[] = [];
  // YAML aliases can make a node its own descendant
  const seen = new WeakSet<object>();
  const visit = (node: unknown, pointer: string): void => {
    if (found.length >= maxUrls) return;
    if (typeof node === "string") {
      if (!node.includes("://")) return;
      for (const match of node.matchAll(urlPattern))
        found.push({ url: match[0].replace(trailing, ""), pointer });
      return;
    }
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, pointerTo(pointer, index));
    } else {
      for (const [key, value] of Object.entries(node)) visit(value, pointerTo(pointer, key));
    }
  };
  visit(root, "#");
  return found;
}

const literal = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

/** "…(prefix)/things/{id}" for an operation path with at least one literal segment. */
function pathMatcher(path: string): RegExp | undefined {
  const trimmed = path.replace(/\/+$/, "");
  const segments = trimmed.split("/").slice(1);
  if (!segments.some((segment) => segment !== "" && !segment.includes("{"))) return undefined;
  const body = segments.map((s) => (s.includes("{") ? "[^/]+" : literal(s))).join("/");
  return new RegExp(`^(.*?)/${body}/?$`);
}

/**
 * The server at the base (origin and path prefix) the document's text calls most operation paths
 * at, with a warning; `relative` (a relative server) keeps its own path.
 */
export function serverFromText(
  doc: SpecDoc,
  paths: readonly string[],
  relative: ServerCandidate | undefined,
  ctx: Context,
): ServerCandidate | undefined {
  const matchers = paths.flatMap((path) => pathMatcher(path) ?? []);
  if (matchers.length === 0) return undefined;
  // base → the distinct operation paths called at it, and its first sighting
  const bases = new Map<string, { paths: Set<RegExp>; first: Found; host: string; prefix: string }>();
  for (const found of urlsIn(doc.root)) {
    const parts = /^(https?):\/\/([^/]+)(\/.*)?$/i.exec(found.url);
    const host = parts?.[2]?.toLowerCase() ?? "";
    if (!parts || isPlaceholderHost(host)) continue;
    const path = parts[3] ?? "";
    for (const matcher of matchers) {
      const prefix = matcher.exec(path)?.[1];
      if (prefix === undefined) continue;
      const key = `${host}${prefix}`;
      const base = bases.get(key) ?? { paths: new Set(), first: found, host, prefix };
      base.paths.add(matcher);
      bases.set(key, base);
      break;
    }
  }
  const best = [...bases.values()].sort((a, b) => b.paths.size - a.paths.size)[0];
  if (!best) return undefined;
  const server: ServerCandidate = {
    scheme: "https",
    authority: best.host,
    path: relative?.path || best.prefix,
    description: "",
    variables: new Map(),
    pointer: best.first.pointer,
    relative: false,
    test: isTestServer(best.host, ""),
  };
  ctx.warn(
    "proxy-host-from-text",
    `${relative ? `the server ${relative.path || "/"} is relative` : "the spec names no server"}; https://${server.authority}${server.path} is taken from a request its text shows (${best.first.url}), so check it`,
    server.pointer,
  );
  return server;
}
