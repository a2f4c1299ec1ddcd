// The few parts of Markdown the links test reads: ATX headings (`## Title`), inline links
// (`[text](path#anchor)`) and fenced code blocks, whose contents are neither. Hand-rolled: no
// Markdown library is a dependency, the pages use only this subset, and a full parser would be a
// new package for three regular expressions. Anchors follow GitHub's slugs (github-slugger):
// the heading's text lowercased, every character other than a letter, digit, space, `-` or `_`
// dropped, each space made `-`; a repeated slug gets `-1`, `-2` ….

export interface Link {
  /** 1-based line in the page. */
  readonly line: number;
  readonly target: string;
}

/** The page's lines outside fenced code blocks, with their 1-based numbers. */
function prose(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) lines.push({ line: index + 1, text });
  });
  return lines;
}

/** The text a heading shows: a link shows its text (code spans lose their backticks in slug()). */
const shown = (heading: string) => heading.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");

export function slug(heading: string): string {
  return shown(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor the page's headings define. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text } of prose(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Every inline link of the page, outside code blocks and code spans. */
export function links(markdown: string): Link[] {
  return prose(markdown).flatMap(({ line, text }) =>
    [...text.replace(/`[^`]*`/g, "").matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => ({
      line,
      target: match[1] ?? "",
    })),
  );
}
