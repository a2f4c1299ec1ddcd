/**
 * The servers a connector could call: OpenAPI 3.x Server Objects (§4.8.5, root or the override
 * most operations use) or Swagger 2.0 schemes + host + basePath, split into scheme, authority and
 * path with single-valued variables filled in.
 * @see https://spec.openapis.org/oas/v3.1.0#server-object
 */
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";
import { isTestServer } from "./host-words.ts";
import type { OperationScan } from "./operations.ts";

export interface ServerVariable {
  readonly default: string | undefined;
  readonly values: readonly string[];
  readonly description: string;
}

export interface ServerCandidate {
  readonly scheme: string;
  /** host[:port], possibly with `{variables}`; empty when the server is relative and cannot be resolved. */
  readonly authority: string;
  readonly path: string;
  readonly description: string;
  readonly variables: ReadonlyMap<string, ServerVariable>;
  readonly pointer: string;
  readonly relative: boolean;
  readonly test: boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** The candidate servers, in the document's order. */
export function serverCandidates(doc: SpecDoc, scan: OperationScan, ctx: Context): ServerCandidate[] {
  if (doc.version === "2.0") return swaggerServer(doc, ctx);
  let list: unknown = doc.root.servers;
  let pointer = "#/servers";
  const override = [...scan.servers.values()].sort((a, b) => b.count - a.count)[0];
  if (override && override.count > scan.rootServers) {
    ctx.infer(`servers that ${override.count} of ${scan.operations} operations declare`, override.pointer);
    list = override.servers;
    pointer = override.pointer;
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((server, index) => {
    if (!isObj(server) || typeof server.url !== "string") return [];
    return [
      toCandidate(server.url, text(server.description), variablesOf(server), pointerTo(pointer, index), doc),
    ];
  });
}

function variablesOf(server: Obj): Map<string, ServerVariable> {
  const variables = new Map<string, ServerVariable>();
  if (!isObj(server.variables)) return variables;
  for (const [name, raw] of Object.entries(server.variables)) {
    if (!isObj(raw)) continue;
    // only scalar values can be a host or path segment; filter also drops holes of sparse arrays
    const values = Array.isArray(raw.enum)
      ? raw.enum.filter((v) => typeof v === "string" || typeof v === "number").map(String)
      : [];
    const fallback = raw.default === undefined ? undefined : String(raw.default);
    variables.set(name, { default: fallback, values, description: text(raw.description) });
  }
  return variables;
}

function swaggerServer(doc: SpecDoc, ctx: Context): ServerCandidate[] {
  const schemes = Array.isArray(doc.root.schemes) ? doc.root.schemes.map(String) : [];
  const host = text(doc.root.host);
  const basePath = text(doc.root.basePath);
  if (host === "") return [toCandidate(basePath || "/", "", new Map(), "#/basePath", doc)];
  const scheme = schemes.includes("https") || schemes.length === 0 ? "https" : (schemes[0] ?? "https");
  if (schemes.length === 0) ctx.infer("https, as the spec names no scheme", "#/host");
  return [toCandidate(`${scheme}://${host}${basePath}`, "", new Map(), "#/host", doc)];
}

function toCandidate(
  raw: string,
  description: string,
  declared: Map<string, ServerVariable>,
  pointer: string,
  doc: SpecDoc,
): ServerCandidate {
  // "{{name}}" (already a Scalekit template) reads as the variable "{name}"
  let url = raw.replace(/\{\{([^{}]+)\}\}/g, "{$1}");
  // a variable with one possible value is a constant
  const variables = new Map<string, ServerVariable>();
  for (const [name, variable] of declared) {
    const only = variable.values.length === 1 ? variable.values[0] : undefined;
    if (only !== undefined && url.includes(`{${name}}`)) url = url.replaceAll(`{${name}}`, only);
    else variables.set(name, variable);
  }
  const match = /^([^:/?#]+):\/\/([^/?#]*)([^?#]*)/.exec(url);
  if (match) {
    const [, scheme = "", authority = "", path = ""] = match;
    const cleanAuthority = authority.replace(/:443$/, "");
    return {
      scheme: scheme.includes("{") ? "https" : scheme.toLowerCase(),
      authority: cleanAuthority,
      path,
      description,
      variables,
      pointer,
      relative: false,
      test: isTestServer(cleanAuthority, description),
    };
  }
  // relative servers resolve against the document's own URL
  const base = doc.location && /^https?:$/.test(doc.location.protocol) ? doc.location : undefined;
  const path = url.startsWith("/") || !base ? url : `${base.pathname.replace(/[^/]*$/, "")}${url}`;
  return {
    scheme: base ? base.protocol.slice(0, -1) : "https",
    authority: base ? base.host : "",
    path: path === "/" ? "" : path,
    description,
    variables,
    pointer,
    relative: true,
    test: base ? isTestServer(base.host, description) : false,
  };
}
