// URL placeholders: `{{name}}`, two braces on each side of a field name, in proxy_url and the
// OAuth URLs. The DSL's type (Placeholders<U> in dsl/checks.ts) reads the same grammar. Any other
// brace is malformed: the proxy leaves it in the URL (`https://{{domain}/api` calls a host named
// "{{domain}").
import { quote } from "./issue.ts";

const placeholder = /\{\{([^{}]+)\}\}/g;

/** The names inside the well-formed `{{…}}` placeholders of a URL, as written (spaces kept). */
export const placeholdersOf = (url: string): string[] =>
  [...url.matchAll(placeholder)].map((match) => match[1] as string);

const isText = (char: string | undefined): boolean =>
  char !== undefined && char !== "{" && char !== "}" && char !== "/" && char !== "?" && char !== "#";

/**
 * The pieces of a URL holding braces outside well-formed placeholders, e.g. "{{domain}" or
 * "{domain}": a run of opening braces with the text and closing braces after it, or text ending
 * in closing braces, within one path segment. A scan rather than a regular expression, which
 * backtracked over every long run of text without braces (quadratic on a 100 KB URL).
 */
export function malformedPlaceholders(url: string): string[] {
  const text = url.replace(placeholder, " ");
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    const start = at;
    const opening = text[at] === "{";
    while (text[at] === "{") at++;
    while (isText(text[at])) at++;
    const textEnd = at;
    while (text[at] === "}") at++;
    if (opening || at > textEnd) pieces.push(text.slice(start, at));
    // a delimiter, or text that no closing brace ends: nothing malformed starts here
    else if (at === start) at++;
  }
  return pieces;
}

/** The fix for a malformed piece: the placeholder it was meant to be, or removing stray braces. */
export function placeholderFix(piece: string): string {
  const name = piece.replace(/[{}]/g, "").trim();
  return name ? `write {{${name}}}, two braces on each side` : `remove the stray "${piece.trim()}"`;
}

/**
 * Why `url` is not a URL once each placeholder holds a sample value ("1", which fits a host
 * label, a port and a path segment alike), or undefined when it is one. Malformed placeholders
 * are reported on their own, so a URL with any is not judged here.
 */
export function unparsableUrl(url: string): string | undefined {
  if (malformedPlaceholders(url).length > 0) return undefined;
  const sample = url.replace(placeholder, "1");
  if (URL.canParse(sample)) return undefined;
  // the parser says only "Invalid URL": name the usual causes
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(sample)?.[1] ?? "";
  if (/\s/.test(sample)) return "it holds whitespace";
  if (authority === "" || authority.startsWith(":")) return "it names no host";
  const port = /:([^:\]]*)$/.exec(authority)?.[1];
  if (port !== undefined && (!/^\d*$/.test(port) || Number(port) > 65535))
    return `its port ${quote(port)} is not a number up to 65535`;
  return "its host is not a valid host name";
}
