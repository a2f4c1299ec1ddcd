/**
 * Doubts about the whole document, spread to another part only where they change what the user
 * must check there. A document that says nothing at all about auth is incomplete, so its servers
 * may be; a sandbox or regional server has OAuth apps of its own, and a document without a server
 * cannot show that its OAuth URLs belong to the API's host (a key or token is sent the same way
 * whatever the host); a title naming a part of the API may mean a document for that part only,
 * which matters where the part's document leaves the credential unexplained, or where proxy_url
 * carries the part's own base path. And a document whose catalogue record (info.x-origin,
 * info.x-providerName) shows it was published somewhere other than the vendor's own sites is
 * unofficial: everything in it is second-hand.
 * @see https://github.com/APIs-guru/openapi-directory#update-procedure (x-origin, x-providerName)
 */
import type { WarningCode } from "../../lib/warning-codes.ts";
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type SpecDoc } from "../refs.ts";
import type { AuthPlan } from "./auth-plan.ts";
import { isPlainBase } from "./path-prefix.ts";
import { type ProxyPlan, pathOf } from "./servers.ts";

interface Parts {
  readonly auth: AuthPlan;
  readonly proxy: ProxyPlan;
}

interface Spread {
  readonly to: WarningCode;
  /** Whether the doubt changes what to check on that part. */
  readonly when: (parts: Parts) => boolean;
  readonly why: (parts: Parts) => string;
}

const oauth = ({ auth }: Parts): boolean => auth.kind.type === "OAUTH";
/**
 * proxy_url's path names more than a version, an API root or a tenant ("/stores/{{hash}}"): the
 * part's own base, maybe.
 */
const partBase = ({ proxy }: Parts): boolean => {
  const segments = pathOf(proxy.url)
    .split("/")
    .filter((segment) => segment !== "");
  return segments.some(
    (segment, index) => !isPlainBase(segment) && !(segments[index + 1] ?? "").includes("{{"),
  );
};
const noServer =
  "the document names no server, a sign it is incomplete; its OAuth URLs cannot be checked against the API's host, so check them in the vendor's OAuth docs";

/** What a warning about one part says about the others. */
const spreads: Partial<Record<WarningCode, readonly Spread[]>> = {
  "auth-no-security": [
    {
      to: "proxy-no-security",
      when: ({ auth }) => auth.guess === true,
      why: () =>
        "the document declares no security and says nothing about auth, so it is incomplete; check proxy_url against the vendor's docs too",
    },
  ],
  "proxy-test-server": [
    {
      to: "auth-test-server",
      when: oauth,
      why: () =>
        "the server is for testing, and OAuth apps and their URLs often differ between test and production; check the production authorize and token URLs",
    },
  ],
  "proxy-regional-host": [
    {
      to: "auth-test-server",
      when: oauth,
      why: () =>
        "the server is a regional one, and OAuth URLs can differ per region; check the authorize and token URLs for your accounts' region",
    },
  ],
  "proxy-no-server": [{ to: "auth-no-server", when: oauth, why: () => noServer }],
  "proxy-host-from-text": [{ to: "auth-no-server", when: oauth, why: () => noServer }],
  "name-not-vendor": [
    {
      to: "auth-partial-document",
      when: ({ auth }) => auth.unexplained === true,
      why: ({ auth }) =>
        `the title names a part of the API, and the scheme "${auth.scheme ?? auth.label}" says nothing of where its ${auth.kind.type === "BASIC" ? "credentials come" : "credential comes"} from; the document for another part (authentication, say) may issue it, so check the vendor's auth docs`,
    },
    {
      to: "proxy-partial-document",
      when: partBase,
      why: ({ proxy }) =>
        `the title names a part of the API, and proxy_url ${proxy.url} carries that part's base path; other parts may live under another, so check the base the vendor documents`,
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
export function warnDocumentDoubts(doc: SpecDoc, parts: Parts, ctx: Context): void {
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
      if (!spread.when(parts) || ctx.warnings.some((w) => w.code === spread.to)) continue;
      ctx.warn(spread.to, spread.why(parts), warning.pointer);
    }
  }
}
