// The fixed text a scheme's description says goes before the key ("Authorization: SSWS {token}",
// "format `Token token=<API_KEY>`", "prefix your token with 'Bearer '"). Hand-rolled: the specs
// state it only in prose and code spans.

const placeholder =
  /<[^>]+>|\{[^}]+\}|\[[^\]]+\]|\$\{?[A-Za-z_]\w*\}?|\b[Yy]our[-_A-Za-z0-9]*|\bYOUR[-_A-Z0-9]*|\bx{3,}\b|\.\.\./;
const shape = /^[A-Za-z][\w.-]*(?:[ =][\w.-]*=?)? ?$/;

/** The prefix before the placeholder in `value`, if the value is prefix + placeholder. */
function beforePlaceholder(value: string): string | undefined {
  const match = placeholder.exec(value);
  if (!match || match.index === 0) return undefined;
  const prefix = value.slice(0, match.index);
  return prefix.length <= 40 && shape.test(prefix) ? prefix : undefined;
}

// sticky: tests for a placeholder exactly where lastIndex points, without copying the text
const placeholderHere = new RegExp(placeholder.source, "y");

/** True when `text` has a placeholder ("<token>", "{key}", "YOUR_KEY" …) at `index`. */
export const atPlaceholder = (text: string, index = 0): boolean => {
  placeholderHere.lastIndex = index;
  return placeholderHere.test(text);
};

// descriptions rendered to HTML write "<token>" as "&lt;token&gt;"
const decoded = (text: string): string =>
  text.replace(/&lt;/gi, "<").replace(/&gt;/gi, ">").replace(/&amp;/gi, "&");

/**
 * The text names the header, then its value: "Authorization: SSWS {API Token}", or "set the
 * `Authorization` header to `Klaviyo-API-Key your-private-api-key`".
 */
function headerValuePrefix(description: string, header: string): string | undefined {
  const escaped = header.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const headerValue = new RegExp(`${escaped}:\\s*([^\\n\`'"]+)`, "i").exec(description);
  const fromColon = headerValue?.[1] ? beforePlaceholder(headerValue[1].trim()) : undefined;
  if (fromColon) return fromColon;
  const headerTo = new RegExp(
    `\\b${escaped}[\`'"]?\\s+header\\s+(?:to|as|with|value)\\s+(?:the\\s+value\\s+)?[\`'"]([^\`'"\\n]+)[\`'"]`,
    "i",
  ).exec(description);
  return headerTo?.[1] ? beforePlaceholder(headerTo[1].trim()) : undefined;
}

/** "Bearer <token>" anywhere, for the Authorization header: the Bearer scheme. */
function bearerPrefix(description: string, header: string): string | undefined {
  if (header.toLowerCase() !== "authorization") return undefined;
  for (const match of description.matchAll(/\bbearer\s+/gi)) {
    if (atPlaceholder(description, match.index + match[0].length)) return "Bearer ";
  }
  return undefined;
}

/** The prefix of a text that is itself the header's value ("Token token=<API_KEY>"). */
export const valuePrefix = (text: string): string | undefined => beforePlaceholder(decoded(text).trim());

/**
 * The prefix a text about the whole API states for `header` by naming it or the Bearer scheme;
 * there a bare code span or "prefix with" may be about anything else.
 */
export function namedPrefix(text: string, header: string): string | undefined {
  const description = decoded(text);
  return headerValuePrefix(description, header) ?? bearerPrefix(description, header);
}

/** The prefix a description of the key states for `header`, e.g. "SSWS " or "Token token=". */
export function statedPrefix(text: string, header: string): string | undefined {
  if (text === "") return undefined;
  const description = decoded(text);
  const fromHeader = headerValuePrefix(description, header);
  if (fromHeader) return fromHeader;
  // "`Token token=<API_KEY>`"
  for (const span of description.matchAll(/`([^`\n]+)`/g)) {
    const found = span[1] ? beforePlaceholder(span[1]) : undefined;
    if (found && !found.includes(":")) return found;
  }
  // "Prefix your token with 'Bearer '", "prefixed with SSWS"
  const said =
    /prefix(?:ed)?\b[^.\n]{0,40}?\bwith\s+(?:the\s+(?:word|string)\s+)?(?:['"`]([^'"`\n]{1,30})['"`]|([A-Za-z][\w-]*))/i.exec(
      description,
    );
  const word = said?.[1] ?? said?.[2];
  if (!word) return bearerPrefix(description, header);
  const prefix = word.endsWith(" ") || word.endsWith("=") ? word : `${word} `;
  return shape.test(prefix) ? prefix : undefined;
}

/** True when a prefix is the Bearer scheme itself, so BEARER expresses it directly. */
export const isBearerPrefix = (prefix: string): boolean => /^bearer $/i.test(prefix);

// words that name a credential in general, not a scheme an API writes before its key
const credentialWords = new Set([
  "api",
  "apikey",
  "key",
  "keys",
  "token",
  "tokens",
  "auth",
  "authorization",
  "authentication",
  "header",
  "access",
  "secret",
  "credential",
  "credentials",
  "user",
  "app",
  "application",
  "private",
  "personal",
  "client",
  "account",
  "oauth",
  "oauth2",
  "jwt",
  "http",
  "security",
  "scheme",
  "session",
  "id",
  "bearer",
  "basic",
  "x",
  "request",
  "query",
  "param",
  "parameter",
]);

/** A name's words: "GenieKey" → genie, key; "api_key" → api, key. */
const wordsOf = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])([0-9])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * The prefix a scheme's name (or its whole description) suggests for Authorization when it is a
 * token word, shaped like an HTTP auth scheme (RFC 9110 §11.1: one token, no spaces) and more than
 * a word for "credential": "GenieKey", "SSWS", "Token", "Klaviyo-API-Key"; not "API Key",
 * "api_key" or "ApiKeyAuth". A candidate only: the document does not say it is the prefix.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.1
 */
export function tokenWordPrefix(name: string, description: string): string | undefined {
  for (const text of [name.trim(), description.trim()]) {
    if (!/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{1,39}$/.test(text)) continue;
    const words = wordsOf(text);
    // one word is a scheme unless it is a bare word for a key ("Token" is a scheme: DRF, GitHub)
    const scheme =
      words.length === 1
        ? !credentialWords.has(words[0] ?? "") || words[0] === "token"
        : words.some((word) => !credentialWords.has(word) && !/^\d+$/.test(word));
    if (scheme) return `${text} `;
  }
  return undefined;
}
