/**
 * Auth for a spec that declares no usable security scheme, from what the document does say:
 * credential-like header parameters shared by operations, then OAuth endpoint URLs and auth words
 * in its descriptions. Every result carries a warning: it is a reading of prose, not a declaration.
 */
import type { Context } from "../context.ts";
import type { SpecDoc } from "../refs.ts";
import { isObj } from "../refs.ts";
import type { AuthKind, AuthPlan, HeaderFieldPlan } from "./auth-plan.ts";
import { atPlaceholder, isBearerPrefix, statedPrefix, valuePrefix } from "./key-prefix.ts";
import type { HeaderUse, OperationScan } from "./operations.ts";

export const credentialHeader = /^authorization$|api[-_]?key|apikey|token|secret|password|^x-?auth/i;
const companionHeader = /user|name|key|token|secret|id$|code|account|tenant/i;
export const standardHeader =
  /^(accept|accept-.*|content-.*|user-agent|if-.*|cache-control|cookie|origin|referer|x-request-id|idempotency-key)$/i;

// one pass over the prose: each alternative is a group, in the order of `wordKinds`
const authWords =
  /\b(?:(bearer|access[ -]tokens?|personal access tokens?|oauth)|(api[ -]?keys?|apikeys?)|(basic auth(?:entication)?))\b/gi;
const wordKinds: readonly AuthKind["type"][] = ["BEARER", "API_KEY", "BASIC"];

export function evidenceAuth(doc: SpecDoc, scan: OperationScan, keyInUrl: boolean, ctx: Context): AuthPlan {
  if (keyInUrl) {
    // the server URL carries the credential (already reported by the server transform)
    ctx.infer("auth API_KEY: the server URL carries the key", "#/servers");
    return {
      kind: { type: "API_KEY" },
      headers: [],
      label: "API_KEY (in the URL)",
      pointer: "#/servers",
      notes: [],
    };
  }
  return fromHeaders(scan, ctx) ?? fromText(doc, scan, ctx);
}

/** A key sent in `header` with `prefix`: Bearer or Basic in Authorization are BEARER or BASIC, the rest API_KEY. */
function keyKind(header: string, prefix: string | undefined): AuthKind {
  const inAuthorization = header.toLowerCase() === "authorization";
  if (inAuthorization && prefix && isBearerPrefix(prefix)) return { type: "BEARER" };
  if (inAuthorization && prefix && /^basic $/i.test(prefix)) return { type: "BASIC" };
  return {
    type: "API_KEY",
    ...(!inAuthorization && { header }),
    ...(prefix !== undefined && { prefix }),
  };
}

// "X-Api-Key: <your key>", "Authorization: Token {key}": a credential header shown with its value
const headerLine = /\b([A-Za-z][A-Za-z0-9-]*):[ \t]*([^\n`'"]+)/g;
// "in the `X-Api-Key` header", "the 'Api-Token' HTTP header"
const quotedHeader = /[`'"]([A-Za-z][A-Za-z0-9-]*)[`'"][ \t]+(?:HTTP[ \t]+|request[ \t]+)?header/gi;

// shaped like an HTTP header rather than a field of a JSON example ("token: <string>")
const headerShaped = (name: string): boolean =>
  (/^authorization$/i.test(name) || name.includes("-")) &&
  credentialHeader.test(name) &&
  !standardHeader.test(name);

/**
 * The credential header the prose shows: a line "Header: <placeholder>" (with the prefix before
 * the placeholder), else a quoted header name followed by "header". Only credential-like names.
 */
function headerFromText(texts: readonly string[]): { header: string; prefix?: string } | undefined {
  let quoted: string | undefined;
  for (const text of texts) {
    // most texts name no header: a cheap test first, the exact patterns only where it passes
    if (!/header|authorization|-\w*:/i.test(text)) continue;
    for (const match of text.matchAll(headerLine)) {
      const [, header = "", value = ""] = match;
      if (!headerShaped(header)) continue;
      const shown = value.trim();
      if (atPlaceholder(shown)) return { header };
      const prefix = valuePrefix(shown);
      if (prefix) return { header, prefix };
    }
    if (quoted !== undefined) continue;
    for (const match of text.matchAll(quotedHeader)) {
      const header = match[1] ?? "";
      if (headerShaped(header)) {
        quoted = header;
        break;
      }
    }
  }
  return quoted === undefined ? undefined : { header: quoted };
}

function fromHeaders(scan: OperationScan, ctx: Context): AuthPlan | undefined {
  const candidates = [...scan.headers.values()].filter(
    (h) => credentialHeader.test(h.name) && !standardHeader.test(h.name),
  );
  const main = candidates.sort((a, b) => b.count - a.count)[0];
  if (!main) return undefined;
  const prefix =
    statedPrefix(main.description, main.name) ??
    valuePrefix(main.description) ??
    (/\bbearer\b/i.test(main.description) ? "Bearer " : undefined);
  const kind = keyKind(main.name, prefix);
  const headers: HeaderFieldPlan[] = [...scan.headers.values()]
    .filter(
      (h) =>
        h !== main &&
        companionHeader.test(h.name) &&
        !standardHeader.test(h.name) &&
        h.required >= main.count * 0.8,
    )
    .map((h: HeaderUse) => ({
      header: h.name,
      secret: /key|token|secret|password/i.test(h.name),
      pointer: h.pointer,
    }));
  const label = `${kind.type} (header ${main.name}${headers.length > 0 ? ` + ${headers.map((h) => h.header).join(", ")}` : ""})`;
  ctx.warn(
    "auth-no-security",
    `the spec declares no security scheme; ${main.count} of ${scan.operations} operations take a "${main.name}" header, so the connector uses ${label}`,
    main.pointer,
  );
  ctx.infer(`auth ${label}`, main.pointer);
  return { kind, headers, label, pointer: main.pointer, notes: [] };
}

function fromText(doc: SpecDoc, scan: OperationScan, ctx: Context): AuthPlan {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const texts = [typeof info.description === "string" ? info.description : "", ...scan.texts];
  const oauth = oauthUrls(texts);
  if (oauth) {
    ctx.warn(
      "auth-no-security",
      `the spec declares no security; its descriptions name OAuth endpoints ${oauth.authorizeUri} and ${oauth.tokenUri} — check them in the API's docs`,
      "#/info/description",
    );
    ctx.infer("auth OAUTH from endpoint URLs in the descriptions", "#/info/description");
    return { kind: oauth, headers: [], label: "OAUTH (from descriptions)", pointer: "#", notes: [] };
  }
  const named = headerFromText(texts);
  if (named) {
    const kind = keyKind(named.header, named.prefix);
    const label = `${kind.type} (header ${named.header}, from descriptions)`;
    ctx.warn(
      "auth-no-security",
      `the spec declares no security; its descriptions send the credential in the "${named.header}" header, so the connector uses ${label} — check the API's docs`,
      "#/info/description",
    );
    ctx.infer(`auth ${label}`, "#/info/description");
    return { kind, headers: [], label, pointer: "#", notes: [] };
  }
  const tallies = [0, 0, 0];
  // exec on the one regex: matchAll would copy it, and make an iterator, for each of thousands of texts
  for (const text of texts) {
    authWords.lastIndex = 0;
    for (let match = authWords.exec(text); match; match = authWords.exec(text)) {
      const group = match[1] ? 0 : match[2] ? 1 : 2;
      tallies[group] = (tallies[group] ?? 0) + 1;
    }
  }
  const counts = wordKinds.map((type, index) => ({ type, count: tallies[index] ?? 0 }));
  const best = counts.sort((a, b) => b.count - a.count)[0];
  if (!best || best.count === 0) {
    ctx.warn(
      "auth-no-security",
      "the spec declares no security and says nothing about auth; BEARER is a guess — check the API's docs",
      "#",
    );
    return {
      kind: { type: "BEARER" },
      headers: [],
      label: "BEARER (guess)",
      pointer: "#",
      notes: [],
      guess: true,
    };
  }
  const kind = { type: best.type } as AuthKind;
  const tally = counts
    .filter((c) => c.count > 0)
    .map((c) => `${c.type.toLowerCase()} words ${c.count}×`)
    .join(", ");
  ctx.warn(
    "auth-no-security",
    `the spec declares no security; its descriptions mention auth (${tally}), so the connector uses ${kind.type} — check the API's docs`,
    "#/info/description",
  );
  ctx.infer(`auth ${kind.type} from the descriptions`, "#/info/description");
  return { kind, headers: [], label: `${kind.type} (from descriptions)`, pointer: "#", notes: [] };
}

const urlPattern = /https:\/\/[^\s"'<>()[\]`|]+/g;

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/** An authorization URL and a token URL on the same site, named in prose. */
function oauthUrls(texts: readonly string[]): (AuthKind & { type: "OAUTH" }) | undefined {
  const urls = new Map<string, URL>();
  for (const text of texts) {
    if (!text.includes("auth") && !text.includes("Auth")) continue;
    for (const raw of text.match(urlPattern) ?? []) {
      if (!/auth/i.test(raw)) continue;
      const url = parse(raw.replace(/[.,;:]+$/, ""));
      if (url) urls.set(url.href, url);
    }
  }
  const list = [...urls.values()];
  const authorize = list.find((url) =>
    /\/oauth2?\/(authori[sz]e|auth)\b|\/authori[sz]e\b/i.test(url.pathname),
  );
  if (!authorize) return undefined;
  const site = authorize.hostname.split(".").slice(-2).join(".");
  const token = list.find(
    (url) => /\/oauth2?\/(token|access_token)\b/i.test(url.pathname) && url.hostname.endsWith(site),
  );
  return token
    ? { type: "OAUTH", authorizeUri: authorize.href, tokenUri: token.href, scopes: [] }
    : undefined;
}
