/**
 * What an Operation Object says of its availability: deprecated (OpenAPI's own field), beta,
 * preview, experimental or early access, or premium, by an extension's name or value or in its
 * text. The verify request (verify-request.ts) keeps away from such operations: they may answer
 * differently, or not for every account.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { isObj, type Obj } from "../refs.ts";

// what an operation's release status, extension or text calls it when it is not for every caller
const markWord =
  /^(deprecated|sunset|retired|legacy|beta|alpha|preview|experimental|early[-_ ]?access|ea|unstable|premium|paid|enterprise[-_ ]only)$/i;
const markInText = /\b(deprecated|beta|alpha|preview|experimental|premium)\b/i;

/** The mark as the report says it: the document's word, lower-cased ("ea" spelt out). */
const markName = (word: string): string => (/^ea$/i.test(word) ? "early access" : word.toLowerCase());

/** The mark a value says, looking into objects one level ({ lifecycle: "EA" }). */
function markOfValue(value: unknown, depth = 0): string | undefined {
  if (typeof value === "string") return markWord.test(value.trim()) ? markName(value.trim()) : undefined;
  if (depth > 0 || !isObj(value)) return undefined;
  for (const inner of Object.values(value)) {
    const found = markOfValue(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether the document marks the operation deprecated, beta or premium: `deprecated: true`; an
 * extension named for it (`x-beta: true`, `x-experimental: true`) or whose value says it
 * (`x-release-status: BETA`); or the word in its summary, tags or the start of its description.
 */
export function markOf(operation: Obj): string | undefined {
  if (operation.deprecated === true) return "deprecated";
  for (const [key, value] of Object.entries(operation)) {
    if (!key.startsWith("x-")) continue;
    const named = key
      .slice(2)
      .split(/[-_]/)
      .find((part) => markWord.test(part));
    if (named && value !== false && value !== "false" && value !== null) return markName(named);
    const said = markOfValue(value);
    if (said) return said;
  }
  const tags = Array.isArray(operation.tags) ? operation.tags.filter((tag) => typeof tag === "string") : [];
  const description = typeof operation.description === "string" ? operation.description.slice(0, 300) : "";
  const text = [operation.summary, ...tags, description].filter((part) => typeof part === "string").join(" ");
  const word = markInText.exec(text)?.[1];
  return word === undefined ? undefined : markName(word);
}
