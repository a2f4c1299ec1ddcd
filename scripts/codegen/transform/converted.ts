/**
 * info.x-origin, the record API catalogues keep of where a document came from, naming a source
 * format other than OpenAPI or Swagger: the document was converted, and the converter filled in
 * whatever the source format lacks. Some formats list OAuth scopes but no authorization or token
 * URLs, so the URLs (and servers) in the converted document may be the converter's rather than the
 * vendor's current ones.
 * @see https://github.com/APIs-guru/openapi-directory#update-procedure (x-origin)
 */
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type SpecDoc } from "../refs.ts";
import type { AuthKind } from "./auth-plan.ts";

// formats whose security schemes carry OAuth URLs the converter copies as they are
const carriesOAuthUrls = new Set(["openapi", "swagger"]);

/** The first x-origin entry whose format is not OpenAPI or Swagger, with its pointer. */
function convertedFrom(doc: SpecDoc): { format: string; pointer: string } | undefined {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const origin = info["x-origin"];
  const entries = Array.isArray(origin) ? origin : [origin];
  for (const [index, entry] of entries.entries()) {
    if (!isObj(entry) || typeof entry.format !== "string") continue;
    if (carriesOAuthUrls.has(entry.format.toLowerCase())) continue;
    const base = Array.isArray(origin) ? pointerTo("#/info/x-origin", index) : "#/info/x-origin";
    return { format: entry.format, pointer: pointerTo(base, "format") };
  }
  return undefined;
}

/**
 * Warns both parts when the document was converted from another format: the converter supplied
 * whatever that format lacks, OAuth URLs and servers included.
 */
export function warnConverted(doc: SpecDoc, kind: AuthKind, ctx: Context): void {
  const converted = convertedFrom(doc);
  if (!converted) return;
  const from = `the document was converted from the "${converted.format}" format (info.x-origin)`;
  ctx.warn(
    "auth-converted-document",
    kind.type === "OAUTH"
      ? `${from}, whose converter may have supplied the OAuth URLs; check authorize_uri and token_uri against the vendor's current docs`
      : `${from}, whose converter may have supplied its security; check the ${kind.type} auth against the vendor's current docs`,
    converted.pointer,
  );
  ctx.warn(
    "proxy-converted-document",
    `${from}, whose converter chose its servers; check proxy_url against the vendor's current docs`,
    converted.pointer,
  );
}
