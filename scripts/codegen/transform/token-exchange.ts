/**
 * Operations that exchange an authorization code (or another grant) for tokens — the token
 * endpoint of RFC 6749 §3.2 described as an operation — checked against the token URL the chosen
 * security scheme declares. Documents often keep an older tokenUrl in securitySchemes while their
 * operations describe a newer exchange endpoint; when the two disagree, the user must check which
 * one is current. The evidence is the request's names (and the response), never the path's words.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 */
import type { Context } from "../context.ts";
import { isObj, type Obj } from "../refs.ts";
import { absoluteUrl } from "./absolute-url.ts";
import type { AuthKind } from "./auth-plan.ts";
import type { OperationScan } from "./operations.ts";
import type { ExchangeOperation } from "./token-requests.ts";

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
 * Warns once when exchange operations' URLs are not the token URL the chosen OAuth scheme
 * declares, naming each. Guessed token URLs and those read from prose carry no pointer and are
 * not compared.
 */
export function warnTokenUrlDisagrees(
  scan: OperationScan,
  kind: AuthKind,
  server: { readonly origin: string; readonly url: string },
  ctx: Context,
): void {
  if (kind.type !== "OAUTH" || kind.tokenPointer === undefined) return;
  const others = scan.exchangeOperations.flatMap((operation) => {
    const url = operationUrl(operation, server);
    return sameEndpoint(url, kind.tokenUri) ? [] : [{ operation, url }];
  });
  const first = others[0];
  if (!first) return;
  const described = others.map(({ operation, url }) => `${operation.label} ${operation.evidence} at ${url}`);
  ctx.warn(
    "auth-token-url-disagrees",
    `the token URL is ${kind.tokenUri} (declared at ${kind.tokenPointer}), but ${described.join("; ")}, so ${others.length > 1 ? "they exchange" : "it exchanges"} authorization codes for tokens there; a document can keep older OAuth URLs in its security scheme while describing newer endpoints, so check in the API's docs which token URL is current (and its authorize URL with it)`,
    first.operation.pointer,
  );
}
