// The parts of description markup that regular expressions read in quadratic time: a span whose
// closing is missing (`<details>`, `<!--`, a code fence) made a lazy `[\s\S]*?` scan to the end
// of the text from every opening, and a link's `[^\]]*` or `[^)]*` did the same from every `[`
// or `(`. Each is a left-to-right scan here, reading every character a bounded number of times;
// test/codegen/transform/description.test.ts pins that their output is the expressions'.

/** The first index of `char` at or after a position, for positions that only grow. */
class Finder {
  #from = 0;
  #found = -2;
  constructor(
    readonly text: string,
    readonly char: string,
  ) {}

  at(from: number): number {
    // the last answer holds for every position between its query and its result
    if (this.#found !== -2 && from >= this.#from && (this.#found === -1 || from <= this.#found))
      return this.#found;
    this.#from = from;
    this.#found = this.text.indexOf(this.char, from);
    return this.#found;
  }
}

/**
 * `text` with each span from `open` to the nearest `close` after it replaced, as
 * `text.replace(/open[\s\S]*?close/g, replacement)` does. When an opening has no closing after
 * it, no later one has either, so the scan stops there instead of trying each.
 */
export function withoutSpans(text: string, open: RegExp, close: RegExp, replacement: string): string {
  const opening = new RegExp(open.source, `${open.flags.replace("g", "")}g`);
  const closing = new RegExp(close.source, `${close.flags.replace("g", "")}g`);
  let out = "";
  let kept = 0;
  for (;;) {
    opening.lastIndex = kept;
    const start = opening.exec(text);
    if (start === null) break;
    closing.lastIndex = start.index + start[0].length;
    const end = closing.exec(text);
    if (end === null) break;
    out += text.slice(kept, start.index) + replacement;
    kept = end.index + end[0].length;
  }
  return out + text.slice(kept);
}

// a fence opens a line, after blanks that are not line ends (a multiline `^` ends lines at these)
const fenceLine = /^[^\S\n\r\u2028\u2029]*(```|~~~)/gm;
const lineEnd = /[\n\r\u2028\u2029]|$/g;

/**
 * `text` without fenced code blocks: from the start of a line opening a fence to the end of the
 * next line opening the same kind becomes "\n\n", as `/^\s*(```|~~~)[\s\S]*?^\s*\1.*$/gm` did
 * (whose `^\s*` also ran across blank lines from every line start: quadratic on newlines).
 */
export function withoutFences(text: string): string {
  // where each fence line starts and its kind; match objects for every line of a long text
  // would cost more than the scan
  const starts: number[] = [];
  const kinds: string[] = [];
  fenceLine.lastIndex = 0;
  for (let found = fenceLine.exec(text); found !== null; found = fenceLine.exec(text)) {
    starts.push(found.index);
    kinds.push(found[1] ?? "");
  }
  // for each fence, the index of the next fence of its kind
  const next = new Int32Array(starts.length);
  const last: Record<string, number> = {};
  for (let index = starts.length - 1; index >= 0; index--) {
    const kind = kinds[index] ?? "";
    next[index] = last[kind] ?? -1;
    last[kind] = index;
  }
  let out = "";
  let kept = 0;
  for (let index = 0; index < starts.length; index++) {
    const closing = next[index] ?? -1;
    if (closing === -1) continue;
    lineEnd.lastIndex = starts[closing] ?? 0;
    const end = lineEnd.exec(text)?.index ?? text.length;
    out += `${text.slice(kept, starts[index])}\n\n`;
    kept = end;
    index = closing;
  }
  return out + text.slice(kept);
}

/**
 * Markdown images removed and links replaced by their text, as
 * `.replace(/!\[[^\]]*\]\([^)]*\)/g, "")` then
 * `.replace(/\[([^\]]*)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]/g, "$1$2")` did.
 */
export function withoutLinks(text: string): string {
  return linkTexts(images(text));
}

function images(text: string): string {
  const close = new Finder(text, "]");
  const paren = new Finder(text, ")");
  let out = "";
  let kept = 0;
  for (let at = text.indexOf("![", 0); at !== -1; at = text.indexOf("![", at + 1)) {
    const label = close.at(at + 2);
    // no `]` after this `![`, so none after a later one either
    if (label === -1) break;
    if (text[label + 1] !== "(") continue;
    const end = paren.at(label + 2);
    if (end === -1) continue;
    out += text.slice(kept, at);
    kept = end + 1;
    at = end;
  }
  return out + text.slice(kept);
}

function linkTexts(text: string): string {
  const close = new Finder(text, "]");
  const paren = new Finder(text, ")");
  const reference = new Finder(text, "]");
  let out = "";
  let kept = 0;
  for (let at = text.indexOf("[", 0); at !== -1; at = text.indexOf("[", at + 1)) {
    const label = close.at(at + 1);
    if (label === -1) break;
    let end = -1;
    if (text[label + 1] === "(") end = paren.at(label + 2);
    // a reference link `[text][ref]` needs a non-empty text
    if (end === -1 && label > at + 1 && text[label + 1] === "[") end = reference.at(label + 2);
    if (end === -1) continue;
    out += text.slice(kept, at) + text.slice(at + 1, label);
    kept = end + 1;
    at = end;
  }
  return out + text.slice(kept);
}
