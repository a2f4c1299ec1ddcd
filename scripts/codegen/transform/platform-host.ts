/**
 * Where a connector definition for another integration platform (platform.ts) points proxy_url:
 * the vendor's own API host, or maybe the platform's gateway. A host that carries the vendor's
 * name (from the title or the definition's records), with nothing in it or its path naming a
 * gateway, is the vendor's own, whoever wrote the definition.
 */
import type { Context } from "../context.ts";
import type { SpecDoc } from "../refs.ts";
import type { PlatformMarker } from "./platform.ts";
import { type ProxyPlan, pathOf } from "./servers.ts";
import { hostCarries, letters, vendorNames } from "./vendor-names.ts";

/** The display name's letters, and its words of four letters or more: what a vendor's host may carry. */
const titleNames = (name: string): string[] => [
  letters(name),
  ...name
    .split(" ")
    .map(letters)
    .filter((word) => word.length >= 4),
];

// words of a host label or path segment that name an integration platform's gateway
const gatewayWord =
  /^(power-?automate|power-?apps|logic-?apps?|ms-?flow|connectors?|integrations?|partners?|gateway)$/i;

/** The first host label or path segment part that names a gateway, if any ("partner", "ms-flow"). */
function gatewayPart(host: string, path: string): string | undefined {
  const parts = [...host.split("."), ...path.split("/")].flatMap((part) => [part, ...part.split(/[-_]/)]);
  return parts.find((part) => gatewayWord.test(part));
}

/** Warns that the host may be the platform's gateway, unless it is the vendor's own. */
export function warnPlatformHost(
  marker: PlatformMarker | undefined,
  doc: SpecDoc,
  name: string,
  proxy: ProxyPlan,
  ctx: Context,
): void {
  if (!marker || proxy.pointer === "--proxy-url") return;
  const host = proxy.exampleHost;
  const path = pathOf(proxy.url);
  const names = [...vendorNames(doc, "", false), ...titleNames(name)];
  const gateway = gatewayPart(host, path);
  if (host !== "" && gateway === undefined && hostCarries(host, names)) {
    ctx.infer(
      `${marker.extension} marks a connector definition for another platform; its host ${host} is the vendor's own`,
      marker.pointer,
    );
    return;
  }
  const why =
    gateway !== undefined
      ? `its URL names a gateway ("${gateway}")`
      : host === ""
        ? "its host is not known"
        : `its host ${host} does not carry the vendor's name`;
  ctx.warn(
    "proxy-connector-definition",
    `${marker.extension} marks this as a connector definition made for another integration platform, and ${why}; it may be that platform's gateway rather than the vendor's API, so check proxy_url against the vendor's API docs`,
    marker.pointer,
  );
}
