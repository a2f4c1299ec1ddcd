// How values and vendor text reach generated source: literals through JSON.stringify, text in
// comments split into `//` lines. Hand-rolled because both must hold for any string a spec or a
// remote payload can carry (`*/`, backticks, `${…}`, line and paragraph separators), and neither
// may carry a character an editor or terminal does not show as itself: bidirectional overrides
// reorder how the code around them reads (CVE-2021-42574, "Trojan Source"), zero-width and other
// format characters hide text, and control characters move the cursor. Each is written as its
// \uXXXX escape instead, which in a literal is the same string and in a comment is visible.

/** A value the renderer can print as a TypeScript literal. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

const identifier = /^[A-Za-z_$][\w$]*$/;

// DEL, C1 controls, format characters (bidi controls, zero-width, BOM, soft hyphen, tags) and
// line and paragraph separators; JSON.stringify already escapes the C0 controls
const hidden = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;
// in a comment the C0 controls too, tab aside (line breaks have been split off)
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const hiddenInComment = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A character as \uXXXX escapes, one per UTF-16 unit (a pair for one beyond the BMP). */
const escaped = (char: string): string =>
  Array.from(
    { length: char.length },
    (_, index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, "0")}`,
  ).join("");

/** JSON.stringify, with every character that does not show as itself escaped (see above). */
export const json = (value: string | number | boolean | null): string =>
  JSON.stringify(value).replace(hidden, escaped);

const key = (name: string): string => {
  // a plain "__proto__" key would set the prototype instead of a property
  if (name === "__proto__") return `[${json(name)}]`;
  return identifier.test(name) ? name : json(name);
};

/** Prints a value as a TypeScript expression: every leaf goes through `json`. */
export function literal(value: LiteralValue): string {
  if (value === null || typeof value !== "object") return json(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  const entries = Object.entries(value as { readonly [key: string]: LiteralValue });
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([name, item]) => `${key(name)}: ${literal(item)}`).join(", ")} }`;
}

// every ECMAScript line terminator; a `//` comment ends at any of them
const lineBreak = /\r\n|[\r\n\u2028\u2029]/;

/**
 * Vendor text as `//` comment lines: it cannot end the comment early, open a block comment, or
 * hide or reorder text (such characters are written as visible \uXXXX).
 */
export function commentLines(text: string): string[] {
  return text.split(lineBreak).map((line) => {
    const safe = line.replace(/\*\//g, "*\\/").replace(hiddenInComment, escaped).trimEnd();
    return safe === "" ? "//" : `// ${safe}`;
  });
}
