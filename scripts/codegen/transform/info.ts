/**
 * Info Object (OpenAPI 3.x §4.8.2) → display_name and description: the title cleaned to what
 * Scalekit accepts (letters, digits, spaces; ≤ 200), the description cut to a sentence or two.
 * @see https://spec.openapis.org/oas/v3.1.0#info-object
 */
import { displayNameLetters, displayNamePattern, limits } from "../../../dsl/rules/server.ts";
import type { Context } from "../context.ts";
import { isObj, type SpecDoc } from "../refs.ts";
import { summarize } from "./description.ts";
import { isPlaceholderHost } from "./host-words.ts";
import { namesVendor, siteLabel, vendorNames } from "./vendor-names.ts";

// words that describe the document rather than name the product
const generic = new Set([
  "api",
  "apis",
  "rest",
  "http",
  "documentation",
  "docs",
  "reference",
  "spec",
  "specification",
  "openapi",
  "swagger",
  "web",
  "the",
  "official",
]);
const isGeneric = (word: string): boolean => generic.has(word.toLowerCase()) || /^v\d+(\.\d+)*$/i.test(word);

/**
 * A display name Scalekit accepts, from any text; empty when nothing usable is left. Accented
 * letters keep their base letter ("Café" → "Cafe"), as in the DSL's own suggestions.
 */
export function cleanName(title: string): string {
  const text = title
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/['’]s\b/g, "")
    .replace(/['’]/g, "");
  const words = displayNameLetters(text).split(" ").filter(Boolean);
  while (words.length > 0 && isGeneric(words[0] ?? "")) words.shift();
  // the product name comes before the words about the document ("Acme Web API with extras")
  const cut = words.findIndex(isGeneric);
  if (cut >= 0) words.length = cut;
  let name = "";
  for (const word of words) {
    const next = name === "" ? word : `${name} ${word}`;
    if (next.length > limits.displayName) break;
    name = next;
  }
  return displayNamePattern.test(name) ? name : "";
}

/** "api.example-corp.com" → "Example corp". */
function nameFromHost(host: string): string {
  const name = cleanName(siteLabel(host).replace(/[-_]/g, " "));
  return name === "" ? "" : `${name[0]?.toUpperCase()}${name.slice(1)}`;
}

/**
 * Titles often name one part of an API ("Orders", "Core API"); the host and the document's records
 * name the vendor. A title that names the vendor is left alone; any other is kept, since only the
 * user knows the brand's spelling, but not silently.
 */
function warnNotVendor(doc: SpecDoc, name: string, host: string, ctx: Context): void {
  if (host.includes("{") || isPlaceholderHost(host)) return;
  const names = vendorNames(doc, host, true);
  if (names.length === 0 || namesVendor(name, names)) return;
  ctx.warn(
    "name-not-vendor",
    `display_name "${name}" may name a part of the API rather than its vendor (the API is on ${host}, which names "${nameFromHost(host)}"); set it with --name`,
    "#/info/title",
  );
}

/** display_name: --name, else info.title, else the API host's name. `host` is a concrete example host. */
export function readName(doc: SpecDoc, host: string, ctx: Context): string {
  const given = ctx.options.name;
  if (given !== undefined) {
    const name = cleanName(given);
    if (name !== given)
      ctx.warn(
        "name-cleaned",
        `--name "${given}" became "${name}": Scalekit accepts letters, digits and spaces`,
        "--name",
      );
    if (name !== "") return name;
  }
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const title = typeof info.title === "string" ? info.title : "";
  const name = cleanName(title);
  if (name !== "") {
    ctx.infer(`display_name "${name}"${name !== title ? ` from "${title}"` : ""}`, "#/info/title");
    warnNotVendor(doc, name, host, ctx);
    return name;
  }
  const fallback = nameFromHost(host) || "My Connector";
  ctx.warn(
    "name-from-host",
    `info.title gives no usable name; display_name is "${fallback}" (set it with --name)`,
    "#/info/title",
  );
  return fallback;
}

/** The first sentence or two of info.summary / info.description, as plain text. */
export function readDescription(doc: SpecDoc, name: string, ctx: Context): string {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  for (const key of ["summary", "description"] as const) {
    const raw = info[key];
    if (typeof raw !== "string") continue;
    const description = summarize(raw);
    if (description === "") continue;
    ctx.infer("description", `#/info/${key}`);
    return description;
  }
  return `Connect to ${name}`;
}
