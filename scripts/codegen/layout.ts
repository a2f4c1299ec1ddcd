// The connector() chain laid out as Biome formats it with biome.json (line width 110, two-space
// indent, trailing commas), so that most generated files need no Biome run. It knows Biome's
// answer only for the shapes the generator usually emits; anything else (quotes or non-ASCII in
// strings, quoted keys, numbers, chains split into several consts, a line it cannot break) makes
// the layout inexact, and the caller lets Biome format the file.
import type { ChainCall } from "./chain.ts";
import { json, type LiteralValue, literal } from "./literal.ts";

export const lineWidth = 110;
const identifier = /^[A-Za-z_$][\w$]*$/;
// printable ASCII without quotes or backslashes: JSON prints it as is, Biome keeps the quotes,
// and its width is its length
const plainText = /^[ !#-[\]-~]*$/;

/** True for text JSON prints as is and Biome leaves alone inside double quotes. */
export const isPlainText = (text: string): boolean => plainText.test(text);

type Obj = { readonly [key: string]: LiteralValue };

/** Whether every line so far is what Biome would print. */
interface Exactness {
  exact: boolean;
}

const spaces = (count: number): string => " ".repeat(count);
const isObject = (value: LiteralValue): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Marks the layout inexact where a leaf or key is outside what this file knows Biome keeps. */
function checkLeaves(value: LiteralValue, state: Exactness): void {
  if (typeof value === "string") {
    if (!plainText.test(value)) state.exact = false;
  } else if (typeof value === "number") {
    state.exact = false;
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item)) state.exact = false;
      checkLeaves(item, state);
    }
  } else if (isObject(value)) {
    for (const [name, item] of Object.entries(value)) {
      if (!identifier.test(name) || name === "__proto__") state.exact = false;
      checkLeaves(item, state);
    }
  }
}

/**
 * Biome's "simple call argument": literals, and objects or arrays of them, no deeper than one
 * level. A chain of three or more calls with any other argument is always broken one call a line.
 */
function isSimple(value: LiteralValue, depth: number, state: Exactness): boolean {
  if (!Array.isArray(value) && !isObject(value)) return depth < 2;
  const items = Array.isArray(value) ? value : Object.values(value);
  // an empty object or array one level down is a case this file has not checked
  if (items.length === 0 && depth > 0) state.exact = false;
  return items.every((item) => isSimple(item, depth + 1, state));
}

/** An array of two or more objects that each have several properties always breaks, one a line. */
function breaksAlways(value: LiteralValue): boolean {
  if (Array.isArray(value)) {
    const objects = value.length > 1 && value.every((item) => isObject(item) && Object.keys(item).length > 1);
    return objects || value.some(breaksAlways);
  }
  return isObject(value) && Object.values(value).some(breaksAlways);
}

const fits = (column: number, text: string, tail: number): boolean =>
  column + text.length + tail <= lineWidth;

/**
 * A value that starts at `column` on a line indented by `indent`, followed by `tail` characters
 * before the line ends: one line when it fits, else broken one property or item a line.
 */
function printValue(value: LiteralValue, column: number, indent: number, tail: number, state: Exactness) {
  const flat = literal(value);
  if (!Array.isArray(value) && !isObject(value)) return [flat];
  // "{}" and "[]" never break
  if (flat.length <= 2 || (!breaksAlways(value) && fits(column, flat, tail))) return [flat];
  return broken(value, indent, state);
}

function broken(value: readonly LiteralValue[] | Obj, indent: number, state: Exactness): string[] {
  const inner = indent + 2;
  if (Array.isArray(value)) {
    const items = value.flatMap((item) => withTail(printValue(item, inner, inner, 1, state), inner, ","));
    return ["[", ...items, `${spaces(indent)}]`];
  }
  const properties = Object.entries(value).flatMap(([name, item]) => property(name, item, inner, state));
  return ["{", ...properties, `${spaces(indent)}}`];
}

/** Indents the lines of a value printed at `indent` and ends its last line with `tail`. */
function withTail(lines: readonly string[], indent: number, tail: string): string[] {
  return lines.map((line, index) => {
    const text = index === 0 ? `${spaces(indent)}${line}` : line;
    return index === lines.length - 1 ? `${text}${tail}` : text;
  });
}

/** `name: value,` at `indent`; a long string after a long key moves to the next line. */
function property(name: string, value: LiteralValue, indent: number, state: Exactness): string[] {
  const key = `${spaces(indent)}${name}: `;
  if (Array.isArray(value) || isObject(value)) {
    const lines = printValue(value, key.length, indent, 1, state);
    return lines.map((line, index) =>
      index === 0
        ? `${key}${line}${lines.length === 1 ? "," : ""}`
        : index === lines.length - 1
          ? `${line},`
          : line,
    );
  }
  const text = literal(value);
  if (fits(key.length, text, 1)) return [`${key}${text},`];
  // Biome keeps a value beside a key shorter than its indent plus three; others break after ":"
  if (name.length < 5) return [`${key}${text},`];
  if (typeof value !== "string") state.exact = false;
  return [`${spaces(indent)}${name}:`, `${spaces(indent + 2)}${text},`];
}

/**
 * `(args)` starting at `column` in a call on a line indented by `indent`: on one line when it fits;
 * else the last argument, an object, opened on this line; else one argument a line.
 */
function printArgs(
  args: readonly LiteralValue[],
  column: number,
  indent: number,
  tail: number,
  state: Exactness,
) {
  const flat = `(${args.map((arg) => literal(arg)).join(", ")})`;
  if (!args.some(breaksAlways) && fits(column, flat, tail)) return [flat];
  const last = args.at(-1);
  const before = args.slice(0, -1);
  if (last !== undefined && isObject(last) && Object.keys(last).length > 0) {
    if (before.some((arg) => Array.isArray(arg) || isObject(arg))) state.exact = false;
    const open = `(${before.map((arg) => `${literal(arg)}, `).join("")}{`;
    if (column + open.length <= lineWidth) {
      const lines = broken(last, indent, state);
      return [open, ...lines.slice(1, -1), `${lines.at(-1)})`];
    }
  } else if (last !== undefined && Array.isArray(last)) {
    state.exact = false;
  }
  const inner = indent + 2;
  const lines = args.flatMap((arg) => withTail(printValue(arg, inner, inner, 1, state), inner, ","));
  return ["(", ...lines, `${spaces(indent)})`];
}

/**
 * `prefix` + `connector(name)` + the calls + ";": on one line when it fits and every argument is
 * simple, else one call a line under the head.
 */
export function layoutChain(
  prefix: string,
  name: string,
  calls: readonly ChainCall[],
): { lines: string[]; exact: boolean } {
  const state: Exactness = { exact: true };
  for (const { args } of calls) for (const arg of args) checkLeaves(arg, state);
  if (!plainText.test(name)) state.exact = false;
  const head = `${prefix}connector(${json(name)})`;
  const flatCalls = calls.map(
    ({ method, args }) => `.${method}(${args.map((arg) => literal(arg)).join(", ")})`,
  );
  const oneLine = `${head}${flatCalls.join("")};`;
  const simple = calls.every(({ args }) => args.every((arg) => isSimple(arg, 0, state)));
  const unbroken = !calls.some(({ args }) => args.some(breaksAlways));
  if (simple && unbroken && oneLine.length <= lineWidth) return { lines: [oneLine], exact: state.exact };
  // one call after the head stays beside it, breaking its arguments instead: not handled here
  if (calls.length < 2 || head.length > lineWidth) state.exact = false;
  const lines = [head];
  calls.forEach(({ method, args }, index) => {
    const last = index === calls.length - 1;
    const call = `  .${method}`;
    const printed = printArgs(args, call.length, 2, last ? 1 : 0, state);
    printed.forEach((line, at) => {
      const text = at === 0 ? `${call}${line}` : line;
      lines.push(last && at === printed.length - 1 ? `${text};` : text);
    });
  });
  return { lines, exact: state.exact };
}

/** A run of calls bound to a const (or the default export), continuing the const before it. */
export interface Segment {
  /** The const it is bound to; empty for the default export. */
  readonly binding: string;
  /** The const it continues; empty for the first segment, which starts with connector(name). */
  readonly from: string;
  readonly calls: readonly ChainCall[];
}

/** One call a line with arguments as they come: valid source, for Biome to format. */
export function unformattedLines(name: string, segments: readonly Segment[]): string[] {
  return segments.flatMap(({ binding, from, calls }) => {
    const head = `${binding ? `const ${binding} = ` : "export default "}${from || `connector(${json(name)})`}`;
    const rest = calls.map(
      ({ method, args }) => `  .${method}(${args.map((arg) => literal(arg)).join(", ")})`,
    );
    const statement = [head, ...rest];
    statement[statement.length - 1] = `${statement.at(-1)};`;
    return statement;
  });
}

/**
 * The statements of the module: laid out as Biome would when there is one segment and its layout
 * is exact; else unformatted, for Biome.
 */
export function layoutSegments(
  name: string,
  segments: readonly Segment[],
): { lines: string[]; exact: boolean } {
  const only = segments.length === 1 ? segments[0] : undefined;
  if (only) {
    const laid = layoutChain("export default ", name, only.calls);
    if (laid.exact) return laid;
  }
  return { lines: unformattedLines(name, segments), exact: false };
}
