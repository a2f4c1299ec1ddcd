/**
 * Operations that exchange an authorization code (or another grant) for tokens — the token
 * endpoint of RFC 6749 §3.2 described as an operation — checked against the token URL the chosen
 * security scheme declares. Documents often keep an older tokenUrl in securitySchemes while their
 * operations describe a newer exchange endpoint; when the two disagree, the user must check which
 * one is current. The evidence is the request's names (and the response), never the path's words.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
import type { Context } from "../context.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";
import type { AuthKind } from "./auth-plan.ts";
import { absoluteUrl } from "./oauth.ts";
import type { OperationScan } from "./operations.ts";
import { issuedToken } from "./token-endpoint.ts";

export interface ExchangeOperation {
  readonly pointer: string;
  /** "GET /oauth.v2.access", as the report names it. */
  readonly label: string;
  readonly path: string;
  /** What makes it a token exchange, for the message. */
  readonly evidence: string;
  /** The servers the operation or its path item declare (3.x). */
  readonly servers: readonly unknown[] | undefined;
}

/**
 * The operation as an authorization-code exchange, if its request says so: a code together with
 * the client's id or secret or a grant_type. Other grants (client credentials, vendor-specific
 * ones) have token endpoints of their own purposes, so they are not compared with the scheme's.
 * `request` is what requestFields found.
 */
export function exchangeOperation(
  doc: SpecDoc,
  path: string,
  method: string,
  operation: Obj,
  request: ReadonlySet<string>,
  pointer: string,
  servers: ExchangeOperation["servers"],
): ExchangeOperation | undefined {
  if (!request.has("code")) return undefined;
  const alongside = ["client_id", "client_secret", "grant_type"].filter((name) => request.has(name));
  if (alongside.length === 0) return undefined;
  // the response confirms it when the document describes it
  const answers =
    issuedToken(doc, operation, pointer) === "access_token" ? " and answers with an access_token" : "";
  const evidence = `takes a code with ${alongside.join(", ")}${answers}`;
  return { pointer, label: `${method.toUpperCase()} ${path}`, path, evidence, servers };
}

/** The first declared server's URL with its variables at their defaults. */
function serverUrl(list: readonly unknown[]): string | undefined {
  const server = list.find((entry): entry is Obj => isObj(entry) && typeof entry.url === "string");
  if (!server) return undefined;
  const variables = isObj(server.variables) ? server.variables : {};
  return String(server.url).replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObj(variable) && variable.default !== undefined ? String(variable.default) : whole;
  });
}

/** The operation's URL: its path under its own servers, else under the connector's server. */
function operationUrl(operation: ExchangeOperation, server: { origin: string; url: string }): string {
  const own = operation.servers && serverUrl(operation.servers);
  const base = own === undefined ? server.url : absoluteUrl(own, server.origin, server.url);
  return `${base.replace(/\/+$/, "")}${operation.path}`;
}

/** The URL's parts to compare: scheme folded to https, host lower-cased, no query or trailing slash. */
function segmentsOf(url: string): string[] {
  const bare = url
    .replace(/[?#].*$/, "")
    .replace(/^http:\/\//i, "https://")
    .replace(/\/+$/, "");
  const [scheme = "", , host = "", ...path] = bare.split("/");
  return [scheme.toLowerCase(), host.toLowerCase(), ...path];
}

const templated = (segment: string): boolean => /\{[^}]*\}/.test(segment);

/** Whether two URLs name the same endpoint; a templated segment ({id}, {{domain}}) matches any. */
export function sameEndpoint(a: string, b: string): boolean {
  const left = segmentsOf(a);
  const right = segmentsOf(b);
  return (
    left.length === right.length &&
    left.every((segment, index) => {
      const other = right[index] ?? "";
      return segment === other || templated(segment) || templated(other);
    })
  );
}

/**
 * Warns for each exchange operation whose URL is not the token URL the chosen OAuth scheme
 * declares. Guessed token URLs and those read from prose carry no pointer and are not compared.
 */
export function warnTokenUrlDisagrees(
  scan: OperationScan,
  kind: AuthKind,
  server: { readonly origin: string; readonly url: string },
  ctx: Context,
): void {
  if (kind.type !== "OAUTH" || kind.tokenPointer === undefined) return;
  for (const operation of scan.exchangeOperations) {
    const url = operationUrl(operation, server);
    if (sameEndpoint(url, kind.tokenUri)) continue;
    ctx.warn(
      "auth-token-url-disagrees",
      `the token URL is ${kind.tokenUri} (declared at ${kind.tokenPointer}), but ${operation.label} ${operation.evidence}, so it exchanges authorization codes for tokens at ${url}; a document can keep older OAuth URLs in its security scheme while describing newer endpoints, so check in the API's docs which token URL is current (and its authorize URL with it)`,
      operation.pointer,
    );
  }
}
