/**
 * The request `sync verify` sends to prove a connector works (dsl/verify.ts): a GET operation with
 * no required parameter, secured by the chosen scheme and not open to anonymous callers, and not
 * marked deprecated, beta or premium (it may answer differently, or not for every account), so
 * that a 2xx answer shows the credential was accepted. An identity or account endpoint (who the
 * credential belongs to) is preferred, judged from the path's words and the operation's text;
 * otherwise the cheapest list: the fewest path segments, asking for one item when the operation
 * declares a page-size parameter. A path parameter the document says takes a literal for the caller
 * (`me`: "the special value "me" indicates the authenticated user") is filled with it, so
 * /users/{userId} is the identity call /users/me. The path is written relative to proxy_url, so a base path that
 * proxy_url already holds (/v2) is not repeated. When none fits, the report counts why.
 */
import { parseVerifyRequest } from "../../../dsl/verify.ts";
import type { Context } from "../context.ts";
import type { AuthPlan } from "./auth-plan.ts";
import { atPlaceholder } from "./key-prefix.ts";
import type { OperationScan, ReadOperation } from "./operations.ts";
import { type ProxyPlan, pathOf } from "./servers.ts";

/** The chosen request: `GET /path`, the headers it carries, and why it was chosen. */
export interface VerifyChoice {
  readonly request: string;
  /** Required headers the connector does not send, with the document's values; empty when none. */
  readonly headers: Readonly<Record<string, string>>;
  readonly why: string;
  readonly pointer: string;
}

// the last segment of a path that says "whose credential is this" on its own …
const identityWord =
  /^(me|self|myself|whoami|current[-_]?user|userinfo|user[-_]?info|tokeninfo|token[-_]?info|identity)$/i;
// … and words that say it only as the whole path (/user, /v2/account), not deep inside (/meta/types/user)
const identityNoun = /^(user|account|profile|viewer)$/i;
// segments that only place the API (/api, /rest, /v2, /2.0)
const baseSegment = /^(api|rest|v?\d+([._-]\d+)*|v\d+[a-z]+\d*)$/i;

// operation text that says so: "Get the authenticated user", "Who am I", "Your account"
const identityText =
  /\b(who ?am ?i|(current|authenticated|logged[- ]in|own)\s+(user|account|member|profile|identity)|(my|your)\s+(own\s+)?(user|account|profile|identity))\b/i;
// endpoints that answer without credentials as often as not, so a 2xx proves nothing
const unprovingWord = /^(health|healthz|status|ping|version|versions|openapi|swagger|spec|docs|metrics)$/;

/** A path's words, camelCase and punctuation split: "/VersionInformation" → version, information. */
const pathWords = (path: string): string[] =>
  path
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const segments = (path: string): string[] => path.split("/").filter((segment) => segment !== "");

/** Whether the path names the credential's own identity or account. */
function isIdentityPath(path: string): boolean {
  const parts = segments(path);
  const last = parts.at(-1) ?? "";
  if (identityWord.test(last)) return true;
  return identityNoun.test(last) && parts.filter((segment) => !baseSegment.test(segment)).length === 1;
}

/**
 * Whether the operation needs exactly the chosen credential: an alternative with its scheme, none
 * anonymous. Where no operation states a requirement, the chosen auth was assumed to apply to all
 * (read from evidence, or a scheme no requirement uses), and so it is for this one.
 */
function securedBy(operation: ReadOperation, auth: AuthPlan, noneStated: boolean): boolean {
  const { security } = operation;
  if (auth.scheme === undefined || noneStated) return security === undefined || security.length === 0;
  if (security === undefined || security.some((alternative) => alternative.length === 0)) return false;
  const scheme = auth.scheme;
  return security.some((alternative) => alternative.includes(scheme));
}

/** The headers the connector sends itself: its header fields and the credential's header. */
function sentHeaders(auth: AuthPlan): Set<string> {
  const sent = new Set(auth.headers.map((header) => `header:${header.header.toLowerCase()}`));
  const credential = auth.kind.type === "API_KEY" ? (auth.kind.header ?? "Authorization") : "Authorization";
  sent.add(`header:${credential.toLowerCase()}`);
  return sent;
}

/**
 * The required headers the request must carry itself, with the values the document gives, or
 * undefined when a required parameter has no such value (a path or query parameter, a header the
 * document gives no value for): then the request would need input.
 */
function requestHeaders(operation: ReadOperation, auth: AuthPlan): Record<string, string> | undefined {
  const sent = sentHeaders(auth);
  const headers: Record<string, string> = {};
  for (const name of operation.required) {
    const key = name.toLowerCase();
    // a path parameter is filled (filledPath) or makes the operation unfit
    if (sent.has(key) || key.startsWith("path:")) continue;
    const given = operation.headerValues.get(key);
    // a stand-in value proves nothing, and a header .verify() refuses is the proxy's to send
    if (!given || atPlaceholder(given.value) || !verifyTakes(given.name, given.value)) return undefined;
    headers[given.name] = given.value;
  }
  return headers;
}

/** Whether .verify() takes the header: the DSL's own rule (dsl/verify.ts), asked rather than copied. */
function verifyTakes(name: string, value: string): boolean {
  try {
    parseVerifyRequest("GET /", { headers: { [name]: value } });
    return true;
  } catch {
    return false;
  }
}

/** The operation's path with each parameter that takes a literal for the caller filled with it. */
const filledPath = (operation: ReadOperation): string =>
  operation.path.replace(/\{([^}]*)\}/g, (whole, name: string) => operation.selfValues.get(name) ?? whole);

/** The operation's path relative to proxy_url, or undefined when proxy_url's base does not lead to it. */
export function relativePath(operationPath: string, proxy: ProxyPlan): string | undefined {
  const base = segments(pathOf(proxy.url));
  const served = segments(proxy.documentPath ?? pathOf(proxy.url));
  const full = [...served, ...segments(operationPath)];
  // under proxy_url's base (the usual case); else the operation path itself already starts with it
  for (const candidate of [full, segments(operationPath)]) {
    if (candidate.length > base.length && base.every((segment, index) => candidate[index] === segment)) {
      const rest = candidate.slice(base.length).join("/");
      return `/${rest}${operationPath.endsWith("/") ? "/" : ""}`;
    }
  }
  return undefined;
}

interface Ranked {
  readonly operation: ReadOperation;
  readonly path: string;
  /** 0: identity by path, 1: identity by text, 2: a list. */
  readonly kind: 0 | 1 | 2;
}

const whyOf = ["an identity or account endpoint", "an identity or account endpoint (by its text)", "a list"];

/** Why an operation cannot be the verify request, as [one, many] in the report's words; undefined when it can. */
function unfit(
  operation: ReadOperation,
  auth: AuthPlan,
  noneStated: boolean,
): readonly [string, string] | undefined {
  const path = filledPath(operation);
  if (path.includes("{") || /\s/.test(path)) return ["needs a path parameter", "need a path parameter"];
  if (operation.marked !== undefined)
    return [`is marked ${operation.marked}`, `are marked ${operation.marked}`];
  if (pathWords(operation.path).some((word) => unprovingWord.test(word)))
    return ["is a health or version check", "are health or version checks"];
  if (requestHeaders(operation, auth) === undefined) return ["requires other input", "require other input"];
  if (!securedBy(operation, auth, noneStated))
    return [
      "is open to anonymous callers or takes another credential",
      "are open to anonymous callers or take another credential",
    ];
  return undefined;
}

/** "of 12 GET operations, 8 need a path parameter, 1 requires other input" */
function whyNone(reads: number, reasons: ReadonlyMap<string, { many: string; count: number }>): string {
  if (reads === 0) return "the document has no GET operation";
  const counted = [...reasons]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([one, { many, count }]) => `${count} ${count === 1 ? one : many}`);
  return `of ${reads} GET operation${reads === 1 ? "" : "s"}, ${counted.join(", ")}`;
}

export function chooseVerifyRequest(
  scan: OperationScan,
  auth: AuthPlan,
  proxy: ProxyPlan,
  ctx: Context,
): VerifyChoice | undefined {
  const ranked: Ranked[] = [];
  // each reason as it reads for one operation, with the words for many and how many
  const reasons = new Map<string, { many: string; count: number }>();
  const noneStated = scan.requirements.size === 0;
  for (const operation of scan.reads) {
    const why = unfit(operation, auth, noneStated);
    const filled = filledPath(operation);
    const path = relativePath(filled, proxy);
    if (why !== undefined || path === undefined) {
      const [one, many] = why ?? ["lies outside proxy_url's base", "lie outside proxy_url's base"];
      reasons.set(one, { many, count: (reasons.get(one)?.count ?? 0) + 1 });
      continue;
    }
    const kind = isIdentityPath(filled) ? 0 : identityText.test(operation.text) ? 1 : 2;
    ranked.push({ operation, path, kind });
  }
  const best = ranked.sort(
    (a, b) =>
      a.kind - b.kind ||
      segments(a.path).length - segments(b.path).length ||
      Number(b.operation.limit !== undefined) - Number(a.operation.limit !== undefined),
  )[0];
  if (!best) {
    ctx.infer(
      `no verify request: no GET operation needs only the chosen credential (${whyNone(scan.reads.length, reasons)}); declare one with .verify(), or pass sync verify --request`,
      "#/paths",
    );
    return undefined;
  }
  const { operation } = best;
  const query = best.kind === 2 && operation.limit !== undefined ? `?${operation.limit}=1` : "";
  const request = `GET ${best.path}${query}`;
  const headers = requestHeaders(operation, auth) ?? {};
  const names = Object.keys(headers);
  const carrying =
    names.length > 0
      ? `, with the required header${names.length > 1 ? "s" : ""} ${names.join(", ")} at the document's value${names.length > 1 ? "s" : ""}`
      : "";
  const why = whyOf[best.kind] ?? "";
  ctx.infer(
    `verify request ${request}: ${why} that needs the credential and no other input${carrying}`,
    operation.pointer,
  );
  return { request, headers, why, pointer: operation.pointer };
}
