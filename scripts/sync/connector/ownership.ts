// Which remote connectors sync owns: those it created (or was told to adopt) carry one metadata
// pair, managed_by=connectorkit:<project> when connectorkit.config.ts names a project, else
// managed_by=connectorkit. Prune deletes only this project's; the pair is kept out of
// user-visible diffs and added to every body sync sends, next to the user's own metadata.
// Migration: with a project set, a connector carrying the project-less marker (written before
// projects, by any repository) is updated when defined, which re-marks it for the project, but
// never pruned, since another repository may own it.
import type { Payload } from "../../../dsl/payload.ts";
import type { Issue } from "../../../dsl/rules/issue.ts";
import { limits } from "../../../dsl/rules/server.ts";
import type { Owner } from "../model.ts";

export const ownershipMarker = { key: "managed_by", value: "connectorkit" } as const;

/**
 * Metadata keys sync writes besides the marker: the fingerprint of the client secret sync set on
 * the connector's OAuth connection (connection/fingerprint.ts), kept on the connector since
 * Scalekit never returns the secret and a connection has no metadata of its own.
 */
export const secretFingerprintKey = "connectorkit_secret";
const reservedKeys: readonly string[] = [ownershipMarker.key, secretFingerprintKey];

type Metadata = Readonly<Record<string, unknown>> | null | undefined;

export type { Owner };

/** The marker value sync writes for `owner`. */
export const markerOf = (owner?: Owner): string =>
  owner?.project ? `${ownershipMarker.value}:${owner.project}` : ownershipMarker.value;

const isMarker = (key: string, value: unknown): boolean =>
  key === ownershipMarker.key &&
  typeof value === "string" &&
  (value === ownershipMarker.value || value.startsWith(`${ownershipMarker.value}:`));

/**
 * `mine`: carries this owner's marker. `legacy`: carries the project-less marker while a project
 * is configured (updated and re-marked when defined, never pruned). `other`: another project's.
 * `none`: not created by connectorkit.
 */
export type Ownership = "mine" | "legacy" | "other" | "none";

export function ownershipOf(value: { readonly metadata?: Metadata }, owner?: Owner): Ownership {
  const marker = value.metadata?.[ownershipMarker.key];
  if (!isMarker(ownershipMarker.key, marker)) return "none";
  if (marker === markerOf(owner)) return "mine";
  return marker === ownershipMarker.value ? "legacy" : "other";
}

/** Sync may update it: this owner's, or (migrating) carrying the project-less marker. */
export const isOwned = (value: { readonly metadata?: Metadata }, owner: Owner | undefined): boolean => {
  const ownership = ownershipOf(value, owner);
  return ownership === "mine" || ownership === "legacy";
};

/** isOwned with no project configured (point-free: `list.filter(isManaged)`). */
export const isManaged = (value: { readonly metadata?: Metadata }): boolean => isOwned(value, undefined);

/** The fingerprint a remote connector carries, to send again with every update (a full replace). */
export const fingerprintOf = (value: { readonly metadata?: Metadata }): string | undefined => {
  const stored = value.metadata?.[secretFingerprintKey];
  return typeof stored === "string" && stored !== "" ? stored : undefined;
};

/** The project a marker names, for messages ("web" for connectorkit:web). */
export const projectOf = (value: { readonly metadata?: Metadata }): string | undefined => {
  const marker = value.metadata?.[ownershipMarker.key];
  return typeof marker === "string" && marker.startsWith(`${ownershipMarker.value}:`)
    ? marker.slice(ownershipMarker.value.length + 1)
    : undefined;
};

/**
 * The metadata pairs that belong to the user: string values, the marker pair left out. Keys are
 * defined, not assigned, so a remote key such as `__proto__` stays a key (assignment would set
 * the object's prototype and drop it from plan, pull and adopt).
 */
export function userMetadata(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== "string") continue;
    if (isMarker(key, value) || key === secretFingerprintKey) continue;
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Problems that stop a definition from carrying the marker (reported like validation issues). */
export function ownershipIssues(payload: Payload): Issue[] {
  const metadata = payload.metadata ?? {};
  const reserved = reservedKeys.find((key) => key in metadata);
  if (reserved) {
    return [
      {
        path: `metadata.${reserved}`,
        message: `metadata key "${reserved}" is reserved: sync uses it ${reserved === ownershipMarker.key ? "to mark the connectors it manages" : "to remember the connection's client secret without storing it"}`,
        fix: `rename the key (e.g. "owner")`,
      },
    ];
  }
  // an OAuth API connector's connection secret takes one pair more (its fingerprint)
  const [pattern] = payload.auth_patterns;
  const added = pattern?.type === "OAUTH" && pattern.is_mcp !== true ? 2 : 1;
  const pairs = Object.keys(metadata).length;
  if (pairs + added <= limits.metadataPairs) return [];
  return [
    {
      path: "metadata",
      message: `metadata has ${pairs} pairs; sync adds ${added === 2 ? `${ownershipMarker.key} and ${secretFingerprintKey}` : `${ownershipMarker.key}=${ownershipMarker.value}`}, and the limit is ${limits.metadataPairs}`,
      fix: `remove at least ${pairs + added - limits.metadataPairs} metadata pair${pairs + added - limits.metadataPairs === 1 ? "" : "s"} (at most ${limits.metadataPairs - added})`,
    },
  ];
}

/**
 * The body for create and update. Update is a full replace: every key is sent, empty ones
 * included, because an omitted description or icon_src would be kept and omitted metadata or
 * proxy_enabled would be cleared; so the secret's fingerprint the remote carries is sent again.
 */
export function managedBody(payload: Payload, owner?: Owner, fingerprint?: string): Payload {
  return {
    display_name: payload.display_name,
    description: payload.description ?? "",
    auth_patterns: payload.auth_patterns,
    proxy_url: payload.proxy_url,
    proxy_enabled: payload.proxy_enabled ?? false,
    icon_src: payload.icon_src ?? "",
    metadata: {
      ...userMetadata(payload.metadata),
      [ownershipMarker.key]: markerOf(owner),
      ...(fingerprint !== undefined && { [secretFingerprintKey]: fingerprint }),
    },
  };
}
