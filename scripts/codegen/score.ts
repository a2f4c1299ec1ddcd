// Scores generated connectors against known-good answers (the corpus's expected-train.json): auth
// right (type, OAuth URLs, API-key header), proxy right, and wrong without a warning on that part.
// URL rules: trailing slashes and case of scheme/host do not matter, "a || b" lists alternatives,
// any `{{…}}` matches any other, and a templated host matches any templated host.
import type { Payload } from "../../dsl/payload.ts";
import type { Warning } from "../lib/report.ts";

export interface ExpectedAuth {
  readonly type: string;
  readonly grant?: string;
  readonly authorize_uri?: string;
  readonly token_uri?: string;
  readonly header?: string;
  readonly also_valid?: boolean;
}

export interface ExpectedEntry {
  readonly vendor: string;
  readonly file: string;
  readonly expected: {
    readonly auth: readonly ExpectedAuth[];
    readonly proxy_url: string;
    readonly proxy_url_also_accept?: readonly string[];
  };
}

export interface Score {
  readonly authRight: boolean;
  readonly proxyRight: boolean;
  /** Wrong on a part with no warning about that part. */
  readonly silentlyWrong: boolean;
  /** Wrong with no warning at all. */
  readonly wrongWithoutAnyWarning: boolean;
}

/** A URL reduced to what must match. */
export function normalizeUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url.trim());
  if (!match) return url.trim().replace(/\/+$/, "");
  const [, scheme = "", host = "", rest = ""] = match;
  const normalHost = host.includes("{{") || host.includes("${") ? "{{}}" : host.toLowerCase();
  const path = rest.replace(/\{\{[^}]*\}\}|\$\{[^}]*\}/g, "{{}}").replace(/\/+$/, "");
  return `${scheme.toLowerCase()}://${normalHost}${path}`;
}

/** True when `got` equals one of the alternatives in `expected` ("a || b"). */
export function urlMatches(got: string | undefined, expected: string): boolean {
  if (got === undefined) return false;
  const wanted = normalizeUrl(got);
  return expected.split("||").some((option) => normalizeUrl(option) === wanted);
}

export function authMatches(connector: Payload, expected: ExpectedAuth): boolean {
  const pattern = connector.auth_patterns[0];
  if (!pattern || pattern.type !== expected.type) return false;
  if (pattern.type === "OAUTH") {
    const config = pattern.oauth_config ?? {};
    const tokenOk = expected.token_uri === undefined || urlMatches(config.token_uri, expected.token_uri);
    if (expected.grant === "client_credentials") return tokenOk;
    const authorizeOk =
      expected.authorize_uri === undefined || urlMatches(config.authorize_uri, expected.authorize_uri);
    return authorizeOk && tokenOk;
  }
  if (pattern.type === "API_KEY" && expected.header !== undefined) {
    const header = pattern.auth_header_key_override ?? "Authorization";
    return header.toLowerCase() === expected.header.toLowerCase();
  }
  return true;
}

export function proxyMatches(connector: Payload, entry: ExpectedEntry): boolean {
  const accepted = [entry.expected.proxy_url, ...(entry.expected.proxy_url_also_accept ?? [])];
  return accepted.some((url) => urlMatches(connector.proxy_url, url));
}

const about = (warnings: readonly Warning[], part: "auth" | "proxy") =>
  warnings.some((warning) => warning.code.startsWith(`${part}-`));

/** Scores one connector; every listed auth (primary or also_valid) is an acceptable answer. */
export function scoreConnector(
  connector: Payload,
  warnings: readonly Warning[],
  entry: ExpectedEntry,
): Score {
  const authRight = entry.expected.auth.some((auth) => authMatches(connector, auth));
  const proxyRight = proxyMatches(connector, entry);
  const silentlyWrong =
    (!authRight && !about(warnings, "auth")) || (!proxyRight && !about(warnings, "proxy"));
  return {
    authRight,
    proxyRight,
    silentlyWrong,
    wrongWithoutAnyWarning: (!authRight || !proxyRight) && warnings.length === 0,
  };
}
