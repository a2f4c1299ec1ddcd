// Reads WWW-Authenticate (RFC 9110 §11.6.1): a comma-separated list of challenges, each an
// auth-scheme followed by either a token68 or comma-separated auth-params (name=token or quoted).

/** One challenge. Scheme and parameter names are case-insensitive (§11.1, §11.2), so they are lowercased. */
export interface Challenge {
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
  readonly token68?: string;
}

const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const value = `(${token}|"(?:[^"\\\\]|\\\\.)*")`;
const param = new RegExp(`^(${token})\\s*=\\s*${value}$`);
const scheme = new RegExp(`^(${token})(?:\\s+(.*))?$`);
const token68 = /^[A-Za-z0-9._~+/-]+=*$/;

/** Every challenge in the header (fetch joins repeated headers with ", ", which the grammar allows). */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Map<string, string>; token68?: string }[] = [];
  for (const item of splitItems(header)) {
    const current = challenges.at(-1);
    const asParam = param.exec(item);
    if (asParam && current && current.token68 === undefined) {
      addParam(current.params, asParam);
      continue;
    }
    const start = scheme.exec(item);
    if (!start?.[1]) continue;
    const next = { scheme: start[1].toLowerCase(), params: new Map<string, string>() };
    const rest = start[2]?.trim() ?? "";
    const first = param.exec(rest);
    if (first) addParam(next.params, first);
    challenges.push(token68.test(rest) && !first ? { ...next, token68: rest } : next);
  }
  return challenges;
}

function addParam(params: Map<string, string>, match: RegExpExecArray): void {
  const name = match[1]?.toLowerCase() ?? "";
  const raw = match[2] ?? "";
  const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
  // a repeated parameter is an error (§11.2); the first one stands
  if (!params.has(name)) params.set(name, unquoted);
}

/** Splits at the commas outside quoted strings; empty list elements are allowed (RFC 9110 §5.6.1). */
function splitItems(header: string): string[] {
  const items: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const char = header[i];
    if (quoted && char === "\\") i++;
    else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      items.push(header.slice(start, i));
      start = i + 1;
    }
  }
  items.push(header.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== "");
}
