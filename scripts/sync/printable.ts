// Text from a remote server (display names, identifiers, error messages) goes to a person's
// terminal. Control characters in it could move the cursor, rewrite earlier lines, change the
// window title or hide text (ESC sequences, C1 controls such as CSI U+009B, bidirectional
// overrides), so human output shows each of them escaped as \uXXXX. JSON output keeps the raw text.

// C0 and C1 controls, DEL, zero-width and bidirectional formatting characters, line separators
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const escaped = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every control or formatting character written as a visible \uXXXX escape. */
export const printable = (text: string): string => text.replace(unsafe, escaped);
