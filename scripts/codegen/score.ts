// Scores generated connectors against known-good answers (the corpus's expected-train.json): auth
// right (type, OAuth URLs, API-key header), proxy right, and silently wrong: a wrong part with no
// warning about that part (`auth-…` for auth, `proxy-…` for proxy). A part with no such warning is
// sure: sure-precision is the share of sure parts that are right, sure-recall the share of right
// parts that are sure.
// URL rules: trailing slashes and case of scheme/host do not matter, "a || b" lists alternatives,
// any `{{…}}` matches any other, and a templated host matches any templated host. A proxy_url is
// also right when it is on the same host (or both hosts are templated) and one path is a
// whole-segment prefix of the other: `https://api.x.com` and `https://api.x.com/v2` both work,
// provided calls use the paths that go with them.
import { createHash } from "node:crypto";
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
  /** "HARD: …" marks an answer the document alone cannot give. */
  readonly notes?: string;
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
  /** No `auth-…` warning: the report vouches for the auth. */
  readonly authSure: boolean;
  /** No `proxy-…` warning: the report vouches for proxy_url. */
  readonly proxySure: boolean;
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

/** Scheme and host, then the path's segments, of a normalized URL. */
function splitUrl(url: string): { origin: string; segments: string[] } {
  const normal = normalizeUrl(url);
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/.exec(normal);
  const origin = match?.[1] ?? normal;
  const segments = (match?.[2] ?? "").split("/").filter((segment) => segment !== "");
  return { origin, segments };
}

/** Same origin (a templated host matches a templated host) and one path a whole-segment prefix of the other. */
export function proxyUrlMatches(got: string | undefined, expected: string): boolean {
  if (got === undefined) return false;
  const left = splitUrl(got);
  return expected.split("||").some((option) => {
    const right = splitUrl(option);
    if (left.origin !== right.origin) return false;
    const [short, long] =
      left.segments.length <= right.segments.length
        ? [left.segments, right.segments]
        : [right.segments, left.segments];
    return short.every((segment, index) => segment === long[index]);
  });
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
  return accepted.some((url) => proxyUrlMatches(connector.proxy_url, url));
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
  const authSure = !about(warnings, "auth");
  const proxySure = !about(warnings, "proxy");
  const silentlyWrong = (!authRight && authSure) || (!proxyRight && proxySure);
  return { authRight, proxyRight, silentlyWrong, authSure, proxySure };
}

/** Whether the answer needs facts the document does not hold ("HARD:" in its notes). */
export const isHard = (entry: ExpectedEntry): boolean => /^\s*HARD\b/.test(entry.notes ?? "");

/**
 * Two fixed halves of the vendors, "A" and "B": ordered by the SHA-256 of their names, the first
 * half (rounded up) is A. Rules are developed on one half and kept only when they help on the other.
 */
export function halves(vendors: readonly string[]): Map<string, "A" | "B"> {
  const hash = (vendor: string) => createHash("sha256").update(vendor).digest("hex");
  const ordered = [...new Set(vendors)].sort((a, b) => hash(a).localeCompare(hash(b)));
  const cut = Math.ceil(ordered.length / 2);
  return new Map(ordered.map((vendor, index) => [vendor, index < cut ? "A" : "B"]));
}

export interface Tally {
  readonly n: number;
  readonly both: number;
  /** Vendors whose answer the document can give (not HARD). */
  readonly derivable: number;
  readonly bothDerivable: number;
  readonly silent: number;
  /** Parts (auth, proxy_url; two per generated connector) that are right. */
  readonly rightParts: number;
  /** Parts without a warning about them. */
  readonly sureParts: number;
  /** Parts that are both. */
  readonly sureRight: number;
}

/** Counts over a set of scored vendors; a vendor that failed to generate counts as wrong (an error is not silent). */
export function tally(rows: readonly { entry: ExpectedEntry; score: Score | undefined }[]): Tally {
  let both = 0;
  let derivable = 0;
  let bothDerivable = 0;
  let silent = 0;
  let rightParts = 0;
  let sureParts = 0;
  let sureRight = 0;
  for (const { entry, score } of rows) {
    if (score) {
      for (const [right, sure] of [
        [score.authRight, score.authSure],
        [score.proxyRight, score.proxySure],
      ] as const) {
        rightParts += Number(right);
        sureParts += Number(sure);
        sureRight += Number(right && sure);
      }
    }
    const right = score?.authRight === true && score.proxyRight;
    both += Number(right);
    if (!isHard(entry)) {
      derivable += 1;
      bothDerivable += Number(right);
    }
    silent += Number(score?.silentlyWrong === true);
  }
  return { n: rows.length, both, derivable, bothDerivable, silent, rightParts, sureParts, sureRight };
}
