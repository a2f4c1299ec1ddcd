// Fetching one OAuth metadata document. RFC 9728 §3.2 and RFC 8414 §3.2 both answer 200 with
// application/json; any other answer means the document is not published at that URL (hosts often
// serve an HTML page for unknown paths), while JSON that is broken is an error.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { McpDiscoveryError } from "./errors.ts";
import { type HttpContext, send } from "./http.ts";

/** A metadata document, or why there is none at `url` (e.g. "HTTP 404"). */
export type Fetched =
  | { readonly found: true; readonly url: URL; readonly document: JsonObject }
  | { readonly found: false; readonly url: URL; readonly reason: string };

/** GETs a metadata document; `what` names it in errors, e.g. "protected resource metadata". */
export async function fetchMetadata(url: URL, what: string, http: HttpContext): Promise<Fetched> {
  const response = await send(url, { method: "GET", headers: { accept: "application/json" } }, http);
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (response.status !== 200) return { found: false, url, reason: `HTTP ${response.status}` };
  if (type !== "application/json" && !type.endsWith("+json")) {
    return { found: false, url, reason: `content-type "${type}"` };
  }
  let document: unknown;
  try {
    document = JSON.parse(response.body);
  } catch (error) {
    throw malformed(
      what,
      url,
      `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isObject(document)) throw malformed(what, url, "is not a JSON object");
  return { found: true, url, document };
}

/** Reads a member that must hold an absolute URL; an absent optional member gives undefined. */
export function urlMember(fetched: { url: URL; document: JsonObject }, what: string, key: string): URL;
export function urlMember(
  fetched: { url: URL; document: JsonObject },
  what: string,
  key: string,
  optional: true,
): URL | undefined;
export function urlMember(
  fetched: { url: URL; document: JsonObject },
  what: string,
  key: string,
  optional = false,
): URL | undefined {
  const value = fetched.document[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string" || !URL.canParse(value)) {
    throw malformed(
      what,
      fetched.url,
      `has no valid URL in "${key}" (found ${JSON.stringify(value) ?? "nothing"})`,
    );
  }
  return new URL(value);
}

/** The error for a metadata document discovery cannot use. */
export function malformed(what: string, url: URL, problem: string): McpDiscoveryError {
  return new McpDiscoveryError(
    "MALFORMED_METADATA",
    `the ${what} at ${url.href} ${problem}`,
    "fix the document the server publishes there: MCP clients, Scalekit among them, cannot use it either",
  );
}
