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
    const at = pointerTo(pointer, index);
    const { urls, variables } = withUrlVariables(server.url, variablesOf(server), at, ctx);
    return urls.map((url) => toCandidate(url, text(server.description), variables, at, doc, ctx));
  });
}

// the most servers whole-URL variables may expand one server into
const maxExpanded = 32;

// a variable value that is a URL or a path ("{baseUrl}" = "https://api.acme.io/v1", "{basePath}" = "/v2")
const urlShaped = (value: string): boolean => /^[a-z][a-z0-9+.-]*:\/\/|^\//i.test(value);

/**
 * Variables that stand for a whole URL or a path rather than a label of the host are filled in,
 * one URL per value the document allows (its default first), so the usual choice among servers
 * (production before test) applies to them; left in place, their braces read as part of the host.
 */
function withUrlVariables(
  url: string,
  declared: ReadonlyMap<string, ServerVariable>,
  pointer: string,
  ctx: Context,
): { urls: string[]; variables: Map<string, ServerVariable> } {
  let urls = [url];
  const variables = new Map<string, ServerVariable>();
  for (const [name, variable] of declared) {
    const values = [
      ...new Set([variable.default, ...variable.values].filter((v): v is string => v !== undefined)),
    ];
    if (!url.includes(`{${name}}`) || values.length === 0 || !values.every(urlShaped)) {
      variables.set(name, variable);
      continue;
    }
    // every value multiplies the servers; past a handful (a hostile document), the default alone
    const chosen = urls.length * values.length <= maxExpanded ? values : values.slice(0, 1);
    urls = urls.flatMap((one) => chosen.map((value) => one.replaceAll(`{${name}}`, value)));
    const listed =
      chosen.length > 3
        ? `${chosen.slice(0, 3).join(", ")} and ${chosen.length - 3} more`
        : chosen.join(" or ");
    ctx.infer(`server variable {${name}} filled with ${listed}`, pointer);
  }
  return { urls, variables };
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
  // "host" is a bare name (§ Swagger Object), but documents also write "https://api.acme.io/"
  const host = text(doc.root.host).trim().replace(/\/+$/, "");
  const basePath = text(doc.root.basePath);
  if (host === "") return [toCandidate(basePath || "/", "", new Map(), "#/basePath", doc, ctx)];
  if (/^https?:\/\//i.test(host)) {
    ctx.infer(`host ${host} read with the scheme it names`, "#/host");
    return [toCandidate(`${host}${basePath}`, "", new Map(), "#/host", doc, ctx)];
  }
  const scheme = schemes.includes("https") || schemes.length === 0 ? "https" : (schemes[0] ?? "https");
  if (schemes.length === 0) ctx.infer("https, as the spec names no scheme", "#/host");
  return [toCandidate(`${scheme}://${host}${basePath}`, "", new Map(), "#/host", doc, ctx)];
}

// "api.acme.io/v1", "api.acme.io:8443" or "10.0.0.1:8080/api": a host, not a path relative to the document
const bareHost = /^(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:[/?#]|$)/i;

function toCandidate(
  raw: string,
  description: string,
  declared: Map<string, ServerVariable>,
  pointer: string,
  doc: SpecDoc,
  ctx: Context,
): ServerCandidate {
  // "{{name}}" (already a Scalekit template) reads as the variable "{name}"
  let url = raw.trim().replace(/\{\{([^{}]+)\}\}/g, "{$1}");
  // a variable with one possible value is a constant
  const variables = new Map<string, ServerVariable>();
  for (const [name, variable] of declared) {
    const only = variable.values.length === 1 ? variable.values[0] : undefined;
    if (only !== undefined && url.includes(`{${name}}`)) url = url.replaceAll(`{${name}}`, only);
    else variables.set(name, variable);
  }
  // a variable in the host's place ("{host}/v1"; one standing for a whole URL is filled in already):
  // with a default it is the host's template, without one the host is unknown, as for "/v1"
  const leading = /^\{([^{}]+)\}(?!:\/\/)/.exec(url);
  const hostVariable = leading !== null && variables.get(leading[1] ?? "")?.default !== undefined;
  if (leading && !hostVariable) {
    url = url.slice(leading[0].length) || "/";
    ctx.infer(`server ${raw}: {${leading[1]}} has no default, so the host is unknown`, pointer);
  }
  // a scheme-relative URL ("//api.acme.io/v1") or a host without a scheme ("api.acme.io/v1")
  if (url.startsWith("//") || bareHost.test(url) || hostVariable) {
    url = `https://${url.replace(/^\/\//, "")}`;
    ctx.infer(`server ${raw} read as ${url}`, pointer);
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
      test: isTestServer(cleanAuthority, description, path),
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
