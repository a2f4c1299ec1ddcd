/**
 * One pass over the Paths Object (OpenAPI 3.x §4.8.8, Swagger 2.0 "Paths Object"): which security
 * requirements operations use, which header parameters they share, which servers they override,
 * their description text, which of them issue tokens and which paths carry them. Below an
 * operation, only parameters are dereferenced, and POST bodies and responses as far as
 * token-requests.ts needs.
 */
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";
import { markOf } from "./operation-marks.ts";
import { givenValues } from "./parameter-values.ts";
import { operationMarker, type PlatformMarker } from "./platform.ts";
import {
  type ExchangeOperation,
  exchangeOperation,
  requestFields,
  type TokenOperation,
  tokenOperation,
} from "./token-requests.ts";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** One alternative of a security requirement: the schemes it combines and the scopes it asks for. */
export interface RequirementUse {
  readonly schemes: readonly string[];
  readonly scopes: ReadonlyMap<string, ReadonlySet<string>>;
  count: number;
  readonly pointer: string;
}

export interface HeaderUse {
  readonly name: string;
  count: number;
  required: number;
  readonly pointer: string;
  readonly description: string;
  /** A value the document gives for it (default, example, or a single allowed value). */
  readonly example: string | undefined;
  /** The values its schema allows, when it lists them. */
  readonly values: readonly string[];
}

export interface ServersUse {
  readonly servers: readonly unknown[];
  readonly pointer: string;
  count: number;
}

/** A GET operation, as far as choosing a request that proves a credential needs. */
export interface ReadOperation {
  readonly path: string;
  readonly pointer: string;
  /** The scheme names of each alternative of its security; undefined when none is declared. */
  readonly security: readonly (readonly string[])[] | undefined;
  /** Its required parameters ("in:name"), path parameters included. */
  readonly required: readonly string[];
  /** The value the document gives each required header (by "header:name"), where it gives one. */
  readonly headerValues: ReadonlyMap<string, { readonly name: string; readonly value: string }>;
  /** Path parameters the document says take a literal for the caller (`me`), by name. */
  readonly selfValues: ReadonlyMap<string, string>;
  /** operationId, summary and the start of the description. */
  readonly text: string;
  /** A query parameter that caps how many items a page holds, when it declares one. */
  readonly limit: string | undefined;
  /** Why a verify request should not rely on it: "deprecated", "beta", "premium"; undefined when nothing says so. */
  readonly marked: string | undefined;
}

export interface OperationScan {
  operations: number;
  /** Operations that use each scheme, in any alternative. */
  readonly schemeUse: Map<string, number>;
  readonly requirements: Map<string, RequirementUse>;
  /** Operations with no requirement at all, or an empty alternative (anonymous access). */
  anonymous: number;
  /** Header parameters by lower-cased name. */
  readonly headers: Map<string, HeaderUse>;
  /** Server lists that paths or operations declare (3.x), keyed by their URLs. */
  readonly servers: Map<string, ServersUse>;
  /** Operations that use the document's root servers. */
  rootServers: number;
  /** Summaries and descriptions, for evidence when the spec declares no security. */
  readonly texts: string[];
  /** Operations that look like token endpoints of the API itself. */
  readonly tokenOperations: TokenOperation[];
  /** Operations that exchange an authorization code for tokens (GET or POST), whatever the auth. */
  readonly exchangeOperations: ExchangeOperation[];
  /** Paths with at least one operation, in the document's order. */
  readonly paths: string[];
  /** GET operations, in the document's order. */
  readonly reads: ReadOperation[];
  /** The first operation that carries a connector-platform extension. */
  platformOperation: PlatformMarker | undefined;
}

export function scanOperations(doc: SpecDoc): OperationScan {
  const scan: OperationScan = {
    operations: 0,
    schemeUse: new Map(),
    requirements: new Map(),
    anonymous: 0,
    headers: new Map(),
    servers: new Map(),
    rootServers: 0,
    texts: [],
    tokenOperations: [],
    exchangeOperations: [],
    paths: [],
    reads: [],
    platformOperation: undefined,
  };
  const paths = doc.root.paths;
  if (!isObj(paths)) return scan;
  const globalSecurity = doc.root.security;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = pointerTo("#/paths", path);
    const item = doc.refs.object(rawItem, itemPointer);
    if (!item) continue;
    const shared = Array.isArray(item.value.parameters) ? item.value.parameters : [];
    for (const method of methods) {
      const operation = item.value[method];
      if (!isObj(operation)) continue;
      const opPointer = pointerTo(item.pointer, method);
      scan.operations += 1;
      if (scan.paths.at(-1) !== path) scan.paths.push(path);
      const own: readonly unknown[] = Array.isArray(operation.parameters) ? operation.parameters : [];
      const parameters = shared.length === 0 ? own : [...shared, ...own];
      countSecurity(
        scan,
        operation.security ?? globalSecurity,
        operation.security ? pointerTo(opPointer, "security") : "#/security",
      );
      // operation parameters override path-item ones of the same name (§4.8.10), so they count first
      const seen = countHeaders(scan, doc, own, opPointer, undefined);
      if (shared.length > 0) countHeaders(scan, doc, shared, item.pointer, seen);
      const servers = operation.servers ?? item.value.servers;
      countServers(scan, servers, operation.servers ? opPointer : item.pointer);
      for (const key of ["summary", "description"] as const) {
        const text = operation[key];
        if (typeof text === "string") scan.texts.push(text);
      }
      // token requests are POSTs, though some APIs take the code exchange as a GET
      if (method === "post" || method === "get") {
        const request = requestFields(doc, operation, parameters, opPointer);
        const issuer = tokenOperation(doc, path, method, operation, request, opPointer);
        if (issuer) scan.tokenOperations.push(issuer);
        const exchange =
          request.size > 0
            ? exchangeOperation(doc, path, method, operation, request, opPointer, ownServers(servers))
            : undefined;
        if (exchange) scan.exchangeOperations.push(exchange);
      }
      if (method === "get") {
        const security = operation.security ?? globalSecurity;
        scan.reads.push(readOperation(doc, path, operation, parameters, opPointer, security));
      }
      scan.platformOperation ??= operationMarker(operation, opPointer);
    }
  }
  return scan;
}

function countSecurity(scan: OperationScan, security: unknown, pointer: string): void {
  if (!Array.isArray(security) || security.length === 0) {
    scan.anonymous += 1;
    return;
  }
  const used = new Set<string>();
  // alternatives that differ only in scopes are one requirement: count each operation once
  const counted = new Set<RequirementUse>();
  security.forEach((requirement, index) => {
    if (!isObj(requirement)) return;
    const schemes = Object.keys(requirement).sort();
    if (schemes.length === 0) {
      scan.anonymous += 1;
      return;
    }
    const key = schemes.join(" + ");
    let use = scan.requirements.get(key);
    if (!use) {
      use = { schemes, scopes: new Map(), count: 0, pointer: pointerTo(pointer, index) };
      scan.requirements.set(key, use);
    }
    if (!counted.has(use)) use.count += 1;
    counted.add(use);
    const scopesByScheme = use.scopes as Map<string, Set<string>>;
    for (const scheme of schemes) {
      used.add(scheme);
      const scopes = scopesByScheme.get(scheme) ?? new Set<string>();
      scopesByScheme.set(scheme, scopes);
      const listed = requirement[scheme];
      if (!Array.isArray(listed)) continue;
      // some specs write several scopes in one space-separated string
      for (const entry of listed) for (const part of String(entry).split(/\s+/)) if (part) scopes.add(part);
    }
  });
  for (const scheme of used) scan.schemeUse.set(scheme, (scan.schemeUse.get(scheme) ?? 0) + 1);
}

/**
 * Counts the header parameters of one list: `listOwner` is where the list is declared (the
 * operation or the path item), so each pointer names the parameter where it is written, or where
 * its $ref leads. `seen` carries the names already counted for this operation.
 */
function countHeaders(
  scan: OperationScan,
  doc: SpecDoc,
  parameters: readonly unknown[],
  listOwner: string,
  seen: Set<string> | undefined,
): Set<string> | undefined {
  for (let index = 0; index < parameters.length; index += 1) {
    const raw = parameters[index];
    // the owner's pointer locates the document a $ref resolves in; the exact one is built only when kept
    const parameter = doc.refs.object(raw, listOwner);
    if (parameter?.value.in !== "header" || typeof parameter.value.name !== "string") continue;
    const name = parameter.value.name;
    const key = name.toLowerCase();
    // built at the first header parameter: most operations have none
    seen ??= new Set<string>();
    if (seen.has(key)) continue;
    seen.add(key);
    let use = scan.headers.get(key);
    if (!use) {
      const description = typeof parameter.value.description === "string" ? parameter.value.description : "";
      const pointer = parameter.value === raw ? pointerTo(listOwner, "parameters", index) : parameter.pointer;
      use = { name, count: 0, required: 0, pointer, description, ...givenValues(doc, parameter) };
      scan.headers.set(key, use);
    }
    use.count += 1;
    if (parameter.value.required === true) use.required += 1;
  }
  return seen;
}

const ownServers = (servers: unknown): readonly unknown[] | undefined =>
  Array.isArray(servers) && servers.length > 0 ? servers : undefined;

function countServers(scan: OperationScan, servers: unknown, pointer: string): void {
  if (!Array.isArray(servers) || servers.length === 0) {
    scan.rootServers += 1;
    return;
  }
  const key = servers.map((server) => (isObj(server) ? String(server.url) : "")).join(" ");
  let use = scan.servers.get(key);
  if (!use) {
    use = { servers, pointer: pointerTo(pointer, "servers"), count: 0 };
    scan.servers.set(key, use);
  }
  use.count += 1;
}

// query parameters that cap a page's size
const limitNames = /^(\$?top|limit|per_?page|page_?size|count|max_?results)$/i;

// the literal a path parameter takes for the caller: its value, or quoted in its description
// ('The special value "me" can be used to indicate the authenticated user', 'pass `me`')
const selfLiteral = /^@?me$/i;
const quotedSelf = /["'`\u201c]\s*(@?me)\s*["'`\u201d]/i;

/** The literal the document says a path parameter takes for the caller, if it says one. */
function selfValueOf(
  doc: SpecDoc,
  parameter: { readonly value: Obj; readonly pointer: string },
): string | undefined {
  const { example } = givenValues(doc, parameter);
  if (example !== undefined && selfLiteral.test(example)) return example.toLowerCase();
  const description = typeof parameter.value.description === "string" ? parameter.value.description : "";
  return quotedSelf.exec(description.slice(0, 2000))?.[1]?.toLowerCase();
}

function readOperation(
  doc: SpecDoc,
  path: string,
  operation: Obj,
  parameters: readonly unknown[],
  pointer: string,
  security: unknown,
): ReadOperation {
  const required: string[] = [];
  const headerValues = new Map<string, { name: string; value: string }>();
  const selfValues = new Map<string, string>();
  let limit: string | undefined;
  for (const raw of parameters) {
    const found = doc.refs.object(raw, pointer);
    const parameter = found?.value;
    if (!found || !parameter || typeof parameter.name !== "string") continue;
    const where = String(parameter.in);
    if (parameter.required === true || where === "path") {
      required.push(`${where}:${parameter.name}`);
      const value = where === "header" ? givenValues(doc, found).example : undefined;
      if (value !== undefined)
        headerValues.set(`header:${parameter.name.toLowerCase()}`, { name: parameter.name, value });
      const self = where === "path" ? selfValueOf(doc, found) : undefined;
      if (self !== undefined) selfValues.set(parameter.name, self);
    } else if (where === "query" && limit === undefined && limitNames.test(parameter.name))
      limit = parameter.name;
  }
  const alternatives = Array.isArray(security)
    ? security.map((alternative) => (isObj(alternative) ? Object.keys(alternative) : []))
    : undefined;
  const description = typeof operation.description === "string" ? operation.description.slice(0, 200) : "";
  const text = [operation.operationId, operation.summary]
    .filter((part): part is string => typeof part === "string")
    .concat(description)
    .join(" ");
  const marked = markOf(operation);
  return { path, pointer, security: alternatives, required, headerValues, selfValues, text, limit, marked };
}
