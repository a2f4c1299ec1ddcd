/**
 * Prose (CommonMark with HTML, as OpenAPI descriptions are) → a sentence or two of plain text.
 * Blocks (paragraphs, list items) are split apart first; within a block a sentence ends only at
 * `.`, `!` or `?` followed by whitespace and a capital letter or the end — never inside a URL, a
 * domain name, a version such as "v1.2" or after an abbreviation such as "e.g.".
 * @see https://spec.openapis.org/oas/v3.1.0#rich-text-formatting
 */

import { withoutFences, withoutLinks, withoutSpans } from "./description-markup.ts";

const maxLength = 300;
/** A first sentence shorter than this is followed by the next one of its block. */
const shortSentence = 60;

// words that end with a period but never end a sentence ("e.g. Acme", "Dr. Smith")
const abbreviations = new Set([
  "e.g",
  "i.e",
  "eg",
  "ie",
  "vs",
  "cf",
  "approx",
  "incl",
  "esp",
  "viz",
  "al",
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "no",
  "fig",
  "ca",
]);
// a tag's attributes stop at the next `<` too, so a text of unclosed tags is read in linear time
const blockTags = /<\/?(?:p|br|div|li|ul|ol|h[1-6]|table|tr|blockquote|pre|hr)\b[^<>]*>/gi;
const entities: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const url = /\b(?:https?|ftp):\/\/[^\s<>()"'`\]]+/gi;

/** A bare URL as prose: its host and path, without the scheme, query or trailing slash. */
function urlText(found: string): string {
  // each run is tried from its first character only: from every one, it was quadratic
  const trailing = /(?<![.,;:!?])[.,;:!?]+$/.exec(found)?.[0] ?? "";
  const bare = found.slice(0, found.length - trailing.length);
  const shown = bare
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/^www\./i, "")
    .replace(/[?#].*$/, "")
    .replace(/(?<!\/)\/+$/, "");
  return `${shown}${trailing}`;
}

/** The text's blocks, each as one line of plain text: markup, code, tables and folded parts gone. */
export function plainBlocks(text: string): string[] {
  // folded (<details>) and code parts are not the summary
  const unfolded = withoutFences(
    withoutSpans(text.replace(/\r\n?/g, "\n"), /<details\b/i, /<\/details>/i, "\n\n"),
  );
  const lines = withoutLinks(
    withoutSpans(unfolded, /<!--/, /-->/, "")
      .replace(/<(https?:\/\/[^<>\s]+)>/gi, "$1")
      .replace(blockTags, "\n\n")
      .replace(/<\/?[a-z][^<>]*>/gi, "")
      .replace(/&(nbsp|amp|lt|gt|quot|apos);|&#(\d{1,6});/g, (whole, name?: string, code?: string) =>
        name ? (entities[name] ?? whole) : String.fromCodePoint(Number(code)),
      ),
  )
    .replace(url, urlText)
    .split("\n");
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const block = current.join(" ").replace(/\s+/g, " ").trim();
    if (block !== "") blocks.push(block);
    current = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    // blank lines, headings and tables end a block, and the latter two are dropped
    if (line === "" || /^#{1,6}(\s|$)/.test(line) || line.startsWith("|")) {
      flush();
      continue;
    }
    // a list item is a block of its own
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) flush();
    current.push(inline(item ? (item[1] ?? "") : line.replace(/^>\s?/, "")));
    if (item) flush();
  }
  flush();
  return blocks;
}

/** Emphasis and code markers removed; snake_case names keep their underscores. */
const inline = (line: string): string =>
  line
    .replace(/`+/g, "")
    .replace(/\*+/g, "")
    .replace(/(^|[^\p{L}\p{N}_])_+|(?<!_)_+(?=[^\p{L}\p{N}_]|$)/gu, "$1")
    .replace(/\(\s*\)/g, "");

/** Whether `word` (the text before a period, back to whitespace) is an abbreviation. */
function isAbbreviation(word: string): boolean {
  const bare = word.replace(/^[("'[]+/, "").toLowerCase();
  // initials and dotted abbreviations: "J", "U.S", "e.g"
  return abbreviations.has(bare) || /^(?:\p{L}\.)*\p{L}$/u.test(bare);
}

/** The sentences of one block. */
export function sentencesOf(block: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  // a run of marks is tried from its first one only; from every one, it was quadratic
  const end = /(?<![.!?])[.!?]+(?=\s+(?:["'(\u201c]?\p{Lu})|\s*$)/gu;
  for (let match = end.exec(block); match !== null; match = end.exec(block)) {
    const stop = match.index + match[0].length;
    // the word before the period, back to a space (not the whole text since the last end: a
    // run of abbreviations made that quadratic)
    const word = block.slice(Math.max(start, block.lastIndexOf(" ", match.index - 1) + 1), match.index);
    if (match[0] === "." && isAbbreviation(word)) continue;
    const sentence = block.slice(start, stop).trim();
    if (sentence !== "") sentences.push(sentence);
    start = stop;
  }
  const rest = block.slice(start).trim();
  if (rest !== "") sentences.push(rest);
  return sentences;
}

/** Cut to `maxLength` at a word boundary. */
function capped(text: string): string {
  if (text.length <= maxLength) return text;
  const room = text.slice(0, maxLength - 3);
  const space = room.lastIndexOf(" ");
  return `${(space > maxLength / 2 ? room.slice(0, space) : room).replace(/[\s,;:.]+$/, "")}...`;
}

/**
 * The first sentence of the text, or two when the first is short and its block has another.
 * Sentences that give an email address (contact lines) are passed over when others follow.
 */
export function summarize(text: string): string {
  const blocks = plainBlocks(text).map(sentencesOf);
  const all = blocks.flatMap((sentences, block) => sentences.map((sentence) => ({ sentence, block })));
  const chosen = all.findIndex(({ sentence }) => !/\S@[^\s@]+\.\p{L}/u.test(sentence));
  const at = Math.max(chosen, 0);
  const first = all[at];
  if (!first) return "";
  const next = all[at + 1];
  const two = next && next.block === first.block ? `${first.sentence} ${next.sentence}` : undefined;
  return capped(
    first.sentence.length < shortSentence && two && two.length <= maxLength ? two : first.sentence,
  );
}
