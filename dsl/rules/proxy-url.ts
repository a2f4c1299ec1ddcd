// proxy_url placeholders: `{{name}}`, two braces on each side of a field name. The DSL's type
// (Placeholders<U> in dsl/checks.ts) reads the same grammar. Any other brace is malformed: the
// proxy leaves it in the URL (`https://{{domain}/api` calls a host named "{{domain}").
const placeholder = /\{\{([^{}]+)\}\}/g;

/** The names inside the well-formed `{{…}}` placeholders of a URL, as written (spaces kept). */
export const placeholdersOf = (url: string): string[] =>
  [...url.matchAll(placeholder)].map((match) => match[1] as string);

/** The pieces of a URL holding braces outside well-formed placeholders, e.g. "{{domain}" or "{domain}". */
export const malformedPlaceholders = (url: string): string[] =>
  url.replace(placeholder, " ").match(/\{+[^{}/?#]*\}*|[^{}/?#]*\}+/g) ?? [];

/** The fix for a malformed piece: the placeholder it was meant to be, or removing stray braces. */
export function placeholderFix(piece: string): string {
  const name = piece.replace(/[{}]/g, "").trim();
  return name ? `write {{${name}}}, two braces on each side` : `remove the stray "${piece.trim()}"`;
}
