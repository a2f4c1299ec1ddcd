/**
 * Who the vendor is, as the document says it: the registrable label of the API's host, the catalogue's
 * provider name (info.x-providerName), the website a connector definition records
 * (x-ms-connector-metadata), and the sites of its contact and terms of service. A title or a host
 * "names the vendor" when it carries one of these names. Hand-rolled: it compares a few labels.
 * @see https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission (connector metadata)
 */
import { isObj, type Obj, type SpecDoc } from "../refs.ts";

/** Lower-case letters and digits only: "Woo-Commerce" → "woocommerce". */
export const letters = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The registrable label of a host: "pendo" for "app.pendo.io", "acme" for "api.acme.co.uk". */
export function siteLabel(host: string): string {
  const labels = host.toLowerCase().replace(/:\d+$/, "").split(".");
  const last = labels.at(-1) ?? "";
  const second = labels.at(-2) ?? "";
  const countryPair = last.length === 2 && second.length <= 3 && labels.length > 2;
  return (countryPair ? labels.at(-3) : labels.length > 1 ? second : labels[0]) ?? "";
}

const hostOf = (url: unknown): string | undefined => {
  if (typeof url !== "string") return undefined;
  const email = /@([a-z0-9.-]+\.[a-z]{2,})$/i.exec(url.trim());
  if (email) return email[1];
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(url.trim())?.[1];
};

/** The website a connector definition records for the service it connects to. */
function connectorWebsite(root: Obj): string | undefined {
  const metadata = root["x-ms-connector-metadata"];
  if (!Array.isArray(metadata)) return undefined;
  const site = metadata.find(
    (entry) => isObj(entry) && String(entry.propertyName).toLowerCase() === "website",
  );
  return isObj(site) ? hostOf(site.propertyValue) : undefined;
}

/**
 * The names the document gives the API's provider (letters only, at least 3 long). `host` is the
 * API's concrete host, when known; `withContact` adds the contact's and terms' sites, which name
 * the publisher, who is the vendor unless the document is someone else's.
 */
export function vendorNames(doc: SpecDoc, host: string, withContact: boolean): string[] {
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const contact = isObj(info.contact) ? info.contact : {};
  const hosts = [
    host,
    typeof info["x-providerName"] === "string" ? info["x-providerName"] : undefined,
    connectorWebsite(doc.root),
    ...(withContact ? [hostOf(contact.url), hostOf(contact.email), hostOf(info.termsOfService)] : []),
  ];
  const names = hosts.flatMap((h) => (h && !h.includes("{") ? [letters(siteLabel(h))] : []));
  return [...new Set(names.filter((name) => name.length >= 3))];
}

/**
 * Whether `text` (a title) names one of `names`: the name within its letters ("Mailchimp
 * Transactional" → mailchimp), or a word of it that the name contains (4 letters or more) or
 * starts with (3 or more: "Ory" for oryapis).
 */
export function namesVendor(text: string, names: readonly string[]): boolean {
  const whole = letters(text);
  const words = text
    .split(/[^A-Za-z0-9]+/)
    .map(letters)
    .filter((word) => word.length >= 3);
  return names.some(
    (name) =>
      whole.includes(name) ||
      words.some((word) => name.startsWith(word) || (word.length >= 4 && name.includes(word))),
  );
}

/**
 * Whether a host's own site carries one of `names`: its registrable label, which the vendor owns
 * ("yourstore.myshopify.com" carries shopify). A vendor's name further left, under someone else's
 * site ("acme.hosting-cloud.net"), is a deployment there, not the vendor's API.
 */
export function hostCarries(host: string, names: readonly string[]): boolean {
  const label = letters(siteLabel(host));
  return names.some((name) => name.length >= 3 && label.includes(name));
}
