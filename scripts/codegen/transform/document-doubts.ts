/**
 * Doubts about the whole document, warned on every part they cast doubt on. A warning about one
 * part can put the others in doubt too: a document that declares no security is incomplete, so its
 * servers may be; a sandbox or regional server has its own credentials and OAuth apps; a document
 * without a server cannot show that its OAuth URLs belong to the API's host; a title that names a
 * part of the API may mean a document for that part only. And a document whose catalogue record
 * (info.x-origin, info.x-providerName) shows it was published somewhere other than the vendor's
 * own sites is unofficial: everything in it is second-hand.
 * @see https://github.com/APIs-guru/openapi-directory#update-procedure (x-origin, x-providerName)
 */
import type { WarningCode } from "../../lib/warning-codes.ts";
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type SpecDoc } from "../refs.ts";

interface Spread {
  readonly to: WarningCode;
  readonly why: string;
}

/** What a warning about one part says about the others. */
const spreads: Partial<Record<WarningCode, readonly Spread[]>> = {
  "auth-no-security": [
    {
      to: "proxy-no-security",
      why: "the document declares no security, a sign it is incomplete; check proxy_url against the vendor's docs too",
    },
  ],
  "proxy-test-server": [
    {
      to: "auth-test-server",
      why: "the server is for testing; credentials and OAuth apps often differ between test and production, so check the production auth settings",
    },
  ],
  "proxy-regional-host": [
    {
      to: "auth-test-server",
      why: "the server is a regional one; OAuth URLs and credentials can differ per region, so check the auth settings for your accounts' region",
    },
  ],
  "proxy-no-server": [
    {
      to: "auth-no-server",
      why: "the document names no server, a sign it is incomplete; its auth cannot be checked against the API's host, so check it in the vendor's docs",
    },
  ],
  "proxy-host-from-text": [
    {
      to: "auth-no-server",
      why: "the document names no server, a sign it is incomplete; its auth cannot be checked against the API's host, so check it in the vendor's docs",
    },
  ],
  "name-not-vendor": [
    {
      to: "auth-partial-document",
      why: "the title names a part of the API, so the document may describe only that part's security; check the auth the rest of the API uses",
    },
    {
      to: "proxy-partial-document",
      why: "the title names a part of the API, whose base may differ from the rest; check the base the vendor documents",
    },
  ],
};

/** The vendor's label of a host or provider name: "pendo" for "app.pendo.io". */
const vendorLabel = (host: string): string => {
  const labels = host.toLowerCase().split(".");
  return (labels.length > 1 ? labels.at(-2) : labels[0]) ?? "";
};

/**
 * Why the document is unofficial, if it is: it says so (info.x-unofficialSpec, or "unofficial" in
 * its title), or the first x-origin URL is neither on the provider's site nor under its name.
 */
function unofficial(doc: SpecDoc): { why: string; pointer: string } | undefined {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  if (info["x-unofficialSpec"] === true) {
    return {
      why: "the document marks itself unofficial (info.x-unofficialSpec)",
      pointer: "#/info/x-unofficialSpec",
    };
  }
  if (typeof info.title === "string" && /\bunofficial\b/i.test(info.title)) {
    return { why: `the document's title says it is unofficial ("${info.title}")`, pointer: "#/info/title" };
  }
  const provider = typeof info["x-providerName"] === "string" ? vendorLabel(info["x-providerName"]) : "";
  if (provider.length < 2) return undefined;
  const origin = info["x-origin"];
  const entries = Array.isArray(origin) ? origin : [origin];
  for (const [index, entry] of entries.entries()) {
    if (!isObj(entry) || typeof entry.url !== "string") continue;
    let url: URL;
    try {
      url = new URL(entry.url);
    } catch {
      continue;
    }
    // the vendor's own site, or its account on a code host ("…/stripe/openapi/…")
    const own = url.hostname.toLowerCase().split(".").includes(provider);
    const underName = url.pathname.toLowerCase().split("/").includes(provider);
    if (own || underName) return undefined;
    const base = Array.isArray(origin) ? pointerTo("#/info/x-origin", index) : "#/info/x-origin";
    return {
      why: `the document comes from ${entry.url}, not from the vendor's own site`,
      pointer: pointerTo(base, "url"),
    };
  }
  return undefined;
}

/** Warns every part a doubt about the document reaches; run after every part is inferred. */
export function warnDocumentDoubts(doc: SpecDoc, ctx: Context): void {
  const secondHand = unofficial(doc);
  if (secondHand) {
    const { why, pointer } = secondHand;
    ctx.warn(
      "auth-unofficial-document",
      `${why}, so it is second-hand; check the auth in the vendor's docs`,
      pointer,
    );
    ctx.warn(
      "proxy-unofficial-document",
      `${why}, so it is second-hand; check proxy_url in the vendor's docs`,
      pointer,
    );
  }
  for (const warning of [...ctx.warnings]) {
    for (const spread of spreads[warning.code as WarningCode] ?? []) {
      if (ctx.warnings.some((w) => w.code === spread.to)) continue;
      ctx.warn(spread.to, spread.why, warning.pointer);
    }
  }
}
