/**
 * Specification extensions that mark a document as a connector definition made for another
 * integration platform (Power Platform / Logic Apps custom connectors) rather than the vendor's
 * own description of its API. Such a platform configures OAuth outside the document, so the
 * document's host may be the platform's gateway (platform-host.ts) and its security may be only a
 * key fallback.
 * @see https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions
 */
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";
import type { AuthKind } from "./auth-plan.ts";

export interface PlatformMarker {
  /** The extension, e.g. "x-ms-connector-metadata". */
  readonly extension: string;
  readonly pointer: string;
}

// only extensions that exist for connector definitions; x-ms-summary and the Azure API
// extensions (x-ms-paths, x-ms-enum …) also appear in vendors' own documents
const rootMarkers = ["x-ms-connector-metadata", "x-ms-capabilities"];
const infoMarkers = ["x-ms-api-annotation"];
/** An operation that is a trigger of the platform's flows. */
const operationMarkers = ["x-ms-trigger"];

/** The connector-platform extension an Operation Object carries, if any. */
export function operationMarker(operation: Obj, pointer: string): PlatformMarker | undefined {
  // a plain loop: this runs for every operation of the largest specs
  for (const extension of operationMarkers) {
    if (operation[extension] !== undefined) return { extension, pointer: pointerTo(pointer, extension) };
  }
  return undefined;
}

/** The first extension that marks the document as a connector definition for another platform. */
export function platformMarker(
  doc: SpecDoc,
  scan: { readonly platformOperation: PlatformMarker | undefined },
): PlatformMarker | undefined {
  const root = rootMarkers.find((name) => doc.root[name] !== undefined);
  if (root !== undefined) return { extension: root, pointer: pointerTo("#", root) };
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const inInfo = infoMarkers.find((name) => info[name] !== undefined);
  if (inInfo !== undefined) return { extension: inInfo, pointer: pointerTo("#/info", inInfo) };
  return scan.platformOperation;
}

/**
 * The auth warning: the platform keeps OAuth settings outside the document, so a static credential
 * may be only a fallback, and OAuth URLs may be the platform's registration rather than the vendor's.
 */
export function warnPlatformAuth(marker: PlatformMarker | undefined, kind: AuthKind, ctx: Context): void {
  if (!marker) return;
  const what = `${marker.extension} marks this as a connector definition made for another integration platform, which keeps its OAuth settings outside the document`;
  ctx.warn(
    "auth-connector-definition",
    kind.type === "OAUTH"
      ? `${what}; its OAuth URLs may be the ones registered for that platform, so check authorize_uri and token_uri in the vendor's own OAuth docs`
      : `${what}; its security may describe only a static-credential fallback, so the vendor may offer OAuth that this document does not describe — check the vendor's auth docs before settling on ${kind.type}`,
    marker.pointer,
  );
}
