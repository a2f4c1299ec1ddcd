// How values and vendor text reach generated source: literals through JSON.stringify, text in
// comments split into `//` lines. Hand-rolled because both must hold for any string a spec or a
// remote payload can carry (`*/`, backticks, `${…}`, line and paragraph separators).

/** A value the renderer can print as a TypeScript literal. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

const identifier = /^[A-Za-z_$][\w$]*$/;

/** JSON.stringify, with U+2028/U+2029 escaped so no tool reads them as line breaks. */
export const json = (value: string | number | boolean | null): string =>
  JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

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

/** Vendor text as `//` comment lines: it cannot end the comment early or open a block comment. */
export function commentLines(text: string): string[] {
  return text.split(lineBreak).map((line) => {
    const safe = line.replace(/\*\//g, "*\\/").trimEnd();
    return safe === "" ? "//" : `// ${safe}`;
  });
}
