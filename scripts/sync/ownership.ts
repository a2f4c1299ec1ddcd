// Which remote connectors sync owns: those it created (or was told to adopt) carry one metadata
// pair, managed_by=connectorkit. Prune deletes only those; the pair is kept out of user-visible
// diffs and added to every body sync sends, next to the user's own metadata.
import type { Payload } from "../../dsl/payload.ts";
import type { Issue } from "../../dsl/rules/issue.ts";
import { limits } from "../../dsl/rules/server.ts";

export const ownershipMarker = { key: "managed_by", value: "connectorkit" } as const;

type Metadata = Readonly<Record<string, unknown>> | null | undefined;

export const isManaged = (value: { readonly metadata?: Metadata }): boolean =>
  value.metadata?.[ownershipMarker.key] === ownershipMarker.value;

/**
 * The metadata pairs that belong to the user: string values, the marker pair left out. Keys are
 * defined, not assigned, so a remote key such as `__proto__` stays a key (assignment would set
 * the object's prototype and drop it from plan, pull and adopt).
 */
export function userMetadata(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== "string") continue;
    if (key === ownershipMarker.key && value === ownershipMarker.value) continue;
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Problems that stop a definition from carrying the marker (reported like validation issues). */
export function ownershipIssues(payload: Payload): Issue[] {
  const metadata = payload.metadata ?? {};
  const issues: Issue[] = [];
  if (ownershipMarker.key in metadata) {
    issues.push({
      path: `metadata.${ownershipMarker.key}`,
      message: `metadata key "${ownershipMarker.key}" is reserved: sync uses it to mark the connectors it manages`,
      fix: `rename the key (e.g. "owner")`,
    });
  } else if (Object.keys(metadata).length >= limits.metadataPairs) {
    issues.push({
      path: "metadata",
      message: `metadata has ${Object.keys(metadata).length} pairs; sync adds ${ownershipMarker.key}=${ownershipMarker.value}, and the limit is ${limits.metadataPairs}`,
      fix: `remove at least one metadata pair (at most ${limits.metadataPairs - 1})`,
    });
  }
  return issues;
}

/**
 * The body for create and update. Update is a full replace: every key is sent, empty ones
 * included, because an omitted description or icon_src would be kept and omitted metadata or
 * proxy_enabled would be cleared.
 */
export function managedBody(payload: Payload): Payload {
  return {
    display_name: payload.display_name,
    description: payload.description ?? "",
    auth_patterns: payload.auth_patterns,
    proxy_url: payload.proxy_url,
    proxy_enabled: payload.proxy_enabled ?? false,
    icon_src: payload.icon_src ?? "",
    metadata: { ...userMetadata(payload.metadata), [ownershipMarker.key]: ownershipMarker.value },
  };
}
