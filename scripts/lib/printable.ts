// Text from a remote server or a vendor document (display names, identifiers, error messages,
// warnings) goes to a person's terminal. Control characters in it could move the cursor, rewrite
// earlier lines, change the window title or hide text (ESC sequences, C1 controls such as CSI
// U+009B), and format characters reorder or hide it (bidirectional overrides, zero-width
// characters), so human output shows each of them escaped as \uXXXX. JSON output keeps the raw text.

// C0 and C1 controls, DEL, format characters (bidi controls, zero-width, BOM, soft hyphen, tags),
// line and paragraph separators
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const unsafe = /[\u0000-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/** One \uXXXX per UTF-16 unit, so a character beyond the BMP (a tag) shows as its pair. */
const escaped = (char: string) =>
  Array.from(
    { length: char.length },
    (_, index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, "0")}`,
  ).join("");

/** `text` with every control or formatting character written as a visible \uXXXX escape. */
export const printable = (text: string): string => text.replace(unsafe, escaped);

/** `text` printable line by line: its own line breaks stay, everything else is escaped. */
export const printableLines = (text: string): string => text.split("\n").map(printable).join("\n");
