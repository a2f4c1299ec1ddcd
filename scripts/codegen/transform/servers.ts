/**
 * proxy_url from the servers: https and production first; variables, placeholder hosts and regional
 * alternatives become `{{…}}` templates with a declared field, hint and example (see
 * shared/reference/scalekit-api.md §3.5 for the placeholders Scalekit substitutes).
 */
import { Context } from "../context.ts";
import { isObj, type SpecDoc } from "../refs.ts";
import { warnWeakHost } from "./host-evidence.ts";
import { isCredentialName, isMockServer, isPlaceholderHost, regionLabel } from "./host-words.ts";
import type { OperationScan } from "./operations.ts";
import { type ServerCandidate, type ServerVariable, serverCandidates } from "./server-candidates.ts";
import { serverFromText } from "./text-host.ts";

export interface ProxyField {
  readonly name: string;
  /** Default: the DSL's label for the name. */
  readonly label?: string;
  readonly hint: string;
  readonly options?: readonly { readonly value: string; readonly displayName?: string }[];
}

export interface ProxyPlan {
  readonly url: string;
  /** scheme://authority of the URL (maybe templated), the base of relative OAuth URLs. */
  readonly origin: string;
  readonly fields: readonly ProxyField[];
  /** A concrete host the URL stands for (the example when it is templated); empty when unknown. */
  readonly exampleHost: string;
  /** True when the URL holds the credential itself as {{api_key}}. */
  readonly credentialInUrl: boolean;
  readonly pointer: string;
  /**
   * The base path the document's own server gives operation paths, templated as in url, when
   * proxy_url comes from --proxy-url (otherwise it is url's own path).
   */
  readonly documentPath?: string;
  /** The server's path, left out of url because every operation path already starts with it. */
  readonly repeatedPath?: string;
}

export const DOMAIN = "domain";

const score = (server: ServerCandidate): number =>
  (server.authority === "" ? 8 : 0) +
  (isMockServer(server.authority, server.path) ? 4 : 0) +
  (server.test ? 2 : 0) +
  (server.scheme !== "https" ? 1 : 0);

export function chooseProxy(doc: SpecDoc, scan: OperationScan, ctx: Context): ProxyPlan {
  const given = ctx.options.proxyUrl;
  if (given !== undefined) {
    // what the document's server would have given, read without its warnings, for operation paths
    const own = chooseProxy(doc, scan, new Context());
    return { ...fromOption(given, ctx), documentPath: pathOf(own.url) };
  }
  const candidates = serverCandidates(doc, scan, ctx);
  const ranked = [...candidates].sort((a, b) => score(a) - score(b))[0];
  const found = ranked && ranked.authority !== "" ? ranked : serverFromText(doc, scan.paths, ranked, ctx);
  if (!found) return noHost(ranked, ctx);
  const chosen = withRelativePath(found, candidates, ctx);
  if (chosen.relative)
    ctx.infer(`server ${chosen.path || "/"} resolved against the spec's URL`, chosen.pointer);
  if (chosen.scheme !== "https") {
    ctx.warn(
      "proxy-http-server",
      `the server uses ${chosen.scheme}; proxy_url uses https, which Scalekit requires`,
      chosen.pointer,
    );
  }
  if (chosen.test) {
    ctx.warn(
      "proxy-test-server",
      `the only servers are for testing (${chosen.authority}); check the production host`,
      chosen.pointer,
    );
  } else if (candidates.some((c) => c.test)) {
    ctx.infer(`production server ${chosen.authority} rather than the test servers`, chosen.pointer);
  }
  const fields: ProxyField[] = [];
  const authority = templateAuthority(
    chosen,
    candidates,
    documentedHosts(doc, chosen.authority),
    fields,
    ctx,
  );
  let credentialInUrl = false;
  const path = chosen.path.replace(/\{([^{}]+)\}/g, (_, variable: string) => {
    const version = versionDefault(variable, chosen.variables.get(variable));
    if (version !== undefined) {
      ctx.infer(`path {${variable}} = ${version}, the version the document gives by default`, chosen.pointer);
      return version;
    }
    const name = fieldName(variable);
    if (isCredentialName(name)) {
      credentialInUrl = true;
      ctx.warn(
        "auth-key-in-url",
        `server variable {${variable}} is the credential itself; proxy_url carries it as {{api_key}}`,
        chosen.pointer,
      );
      return "{{api_key}}";
    }
    if (name !== variable)
      ctx.warn(
        "proxy-odd-variable",
        `server variable {${variable}} is not a plain name; the field is "${name}"`,
        chosen.pointer,
      );
    const variableInfo = chosen.variables.get(variable);
    fields.push(pathField(name, variableInfo));
    ctx.infer(`path parameter {{${name}}} from {${variable}}`, chosen.pointer);
    return `{{${name}}}`;
  });
  const base = withoutRepeatedPath(path, scan.paths, chosen.pointer, ctx);
  warnWeakHost(authority, base, chosen.pointer, ctx);
  const origin = `https://${authority}`;
  const url = `${origin}${base}`.replace(/\/+$/, "");
  ctx.infer(`proxy_url ${url}`, chosen.pointer);
  const exampleHost = fill(chosen.authority, chosen.variables);
  const repeatedPath = base === path ? undefined : path.replace(/\/+$/, "");
  return {
    url,
    origin,
    fields,
    exampleHost,
    credentialInUrl,
    pointer: chosen.pointer,
    ...(repeatedPath !== undefined && { repeatedPath }),
  };
}

/**
 * A server path every operation path already starts with ("/v1" and "/v1/things"): tool paths are
 * relative to proxy_url, so keeping both would call "/v1/v1/things". The document contradicts
 * itself, so the choice is warned.
 */
function withoutRepeatedPath(path: string, paths: readonly string[], pointer: string, ctx: Context): string {
  const base = path.replace(/\/+$/, "");
  if (base === "" || base.includes("{{") || paths.length === 0) return path;
  if (!paths.every((p) => p.startsWith(`${base}/`))) return path;
  ctx.warn(
    "proxy-path-repeated",
    `every operation path already starts with the server's path ${base}; proxy_url leaves it out so calls are not sent to ${base}${base}/…, but check which of the two the vendor documents`,
    pointer,
  );
  return "";
}

/** Other hosts of the same API the description names (regions, environments): same first label, same site. */
function documentedHosts(doc: SpecDoc, host: string): string[] {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const text = typeof info.description === "string" ? info.description : "";
  const labels = host.toLowerCase().split(".");
  if (labels.length < 3 || host.includes("{")) return [];
  const site = labels.slice(-2).join(".");
  const hosts = new Set<string>();
  for (const match of text.matchAll(/https?:\/\/([a-z0-9.-]+\.[a-z]{2,})/gi)) {
    const other = (match[1] ?? "").toLowerCase();
    if (other !== host.toLowerCase() && other.startsWith(`${labels[0]}.`) && other.endsWith(`.${site}`))
      hosts.add(other);
  }
  return [...hosts];
}

function templateAuthority(
  chosen: ServerCandidate,
  all: ServerCandidate[],
  documented: string[],
  fields: ProxyField[],
  ctx: Context,
): string {
  const variables = [...chosen.authority.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] ?? "");
  if (variables.length > 0) {
    const example = fill(chosen.authority, chosen.variables);
    const only = variables.length === 1 ? chosen.variables.get(variables[0] ?? "") : undefined;
    const options =
      only && only.values.length > 1
        ? only.values.map((value) => ({ value: chosen.authority.replace(`{${variables[0]}}`, value) }))
        : undefined;
    const described = variables.map((v) => chosen.variables.get(v)?.description).find(Boolean);
    fields.push({
      name: DOMAIN,
      hint: described ? `${described} (e.g. ${example})` : `The API host, e.g. ${example}`,
      ...(options && { options }),
    });
    ctx.infer(`{{${DOMAIN}}} for the host ${chosen.authority}`, chosen.pointer);
    return `{{${DOMAIN}}}`;
  }
  if (isPlaceholderHost(chosen.authority)) {
    // the document says "your host here": the template is its reading, and the field asks for it
    fields.push({ name: DOMAIN, hint: `Your own host, shaped like ${chosen.authority}` });
    ctx.infer(
      `{{${DOMAIN}}} for the placeholder host ${chosen.authority}: each connection gives its own`,
      chosen.pointer,
    );
    return `{{${DOMAIN}}}`;
  }
  // the same API on several production hosts (regions): each connection picks one
  const regional = all.filter(
    (c) => !c.test && !c.relative && c.variables.size === 0 && c.path === chosen.path && c.scheme === "https",
  );
  const hosts = [...new Set(regional.map((c) => c.authority))];
  if (hosts.length > 1 && hosts.includes(chosen.authority)) {
    const options = hosts.map((host) => {
      const description = regional.find((c) => c.authority === host)?.description;
      return { value: host, ...(description ? { displayName: description } : {}) };
    });
    fields.push({ name: DOMAIN, hint: `One of ${hosts.join(", ")}`, options });
    ctx.infer(`{{${DOMAIN}}}: one of ${hosts.length} servers (${hosts.join(", ")})`, chosen.pointer);
    return `{{${DOMAIN}}}`;
  }
  if (documented.length > 0) {
    const options = [chosen.authority, ...documented].map((value) => ({ value }));
    fields.push({
      name: DOMAIN,
      hint: `The host for your region or environment, e.g. ${chosen.authority}`,
      options,
    });
    ctx.infer(
      `{{${DOMAIN}}}: ${chosen.authority} or one of the ${documented.length} other hosts the description names`,
      "#/info/description",
    );
    return `{{${DOMAIN}}}`;
  }
  const region = regionLabel(chosen.authority);
  if (region !== undefined) {
    ctx.warn(
      "proxy-regional-host",
      `${chosen.authority} looks tied to one region ("${region}"); accounts in other regions may need another host, so check the host for your accounts' region (or make it a {{${DOMAIN}}} field)`,
      chosen.pointer,
    );
  }
  return chosen.authority;
}

/**
 * The default of a path variable that picks the API's version ("v2", "2.0", or any number in a
 * variable named for the version): the document's own base, the same for every connection,
 * rather than a field each connection must fill in. A bare number elsewhere may be an account.
 */
const versionDefault = (name: string, variable: ServerVariable | undefined): string | undefined => {
  const value = variable?.default ?? "";
  const versionLike =
    /^v\d+(?:\.\d+)*$/i.test(value) ||
    /^\d+(?:\.\d+)+$/.test(value) ||
    (/^\d+$/.test(value) && /version|^v$/i.test(name));
  return versionLike ? value : undefined;
};

const fill = (template: string, variables: ReadonlyMap<string, ServerVariable>): string =>
  template.replace(/\{([^{}]+)\}/g, (_, name: string) => variables.get(name)?.default ?? name);

/** A field name from a server variable: `{$$.env.store_hash}` → "store_hash". */
export const fieldName = (variable: string): string => {
  const words = variable.match(/[A-Za-z0-9_]+/g) ?? ["value"];
  return words.at(-1) ?? "value";
};

function pathField(name: string, variable: ServerVariable | undefined): ProxyField {
  const example = variable?.default;
  const hint = variable?.description || (example ? `e.g. ${example}` : `The ${name} in the API's URL`);
  const options =
    variable && variable.values.length > 1 ? variable.values.map((value) => ({ value })) : undefined;
  return { name, hint, ...(options && { options }) };
}

/**
 * A placeholder host with no path beside a relative server ("/api/v1"): both stand for the user's
 * own deployment, and the relative one says where on it the API lives.
 */
function withRelativePath(
  chosen: ServerCandidate,
  candidates: readonly ServerCandidate[],
  ctx: Context,
): ServerCandidate {
  if (chosen.path !== "" || !isPlaceholderHost(chosen.authority)) return chosen;
  const relative = candidates.find((c) => c.relative && c.authority === "" && c.path !== "");
  if (!relative) return chosen;
  ctx.infer(`path ${relative.path} from the relative server`, relative.pointer);
  // the path's variables are declared on the relative server
  return { ...chosen, path: relative.path, variables: new Map([...chosen.variables, ...relative.variables]) };
}

function noHost(chosen: ServerCandidate | undefined, ctx: Context): ProxyPlan {
  const path = (chosen?.path ?? "").replace(/\/+$/, "");
  const pointer = chosen?.pointer ?? "#";
  ctx.warn(
    "proxy-no-server",
    chosen
      ? `the server ${chosen.path || "/"} is relative and the spec was not read from a URL; proxy_url asks for the host`
      : "the spec names no server; proxy_url asks each connection for the API host",
    pointer,
  );
  return {
    url: `https://{{${DOMAIN}}}${path}`,
    origin: `https://{{${DOMAIN}}}`,
    fields: [{ name: DOMAIN, hint: "The API host, e.g. api.example.com" }],
    exampleHost: "",
    credentialInUrl: false,
    pointer,
  };
}

function fromOption(url: string, ctx: Context): ProxyPlan {
  ctx.infer(`proxy_url ${url} (--proxy-url)`, "--proxy-url");
  const names = [...url.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1] ?? "");
  const fields = names
    .filter((name) => name !== "api_key")
    .map((name) => ({ name, hint: `The ${name} in the API's URL` }));
  const origin = /^[^:]+:\/\/[^/]*/.exec(url)?.[0] ?? url;
  const exampleHost = origin.includes("{{") ? "" : origin.replace(/^[^:]+:\/\//, "");
  return {
    url,
    origin,
    fields,
    exampleHost,
    credentialInUrl: names.includes("api_key"),
    pointer: "--proxy-url",
  };
}

/** The path of a URL (templated or not), without a trailing slash. */
export const pathOf = (url: string): string => url.replace(/^[^:]+:\/\/[^/]*/, "").replace(/\/+$/, "");
