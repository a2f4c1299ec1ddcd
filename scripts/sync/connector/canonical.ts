// The comparable form of a connector, so plan compares meaning and not spelling. Server-only
// keys (id, identifier, is_custom, categories, …) go; values the server treats as absent
// (null, "", {}, [] and false defaults) go; unknown keys inside auth_patterns stay, because
// the server keeps them. The ownership marker is not part of it: ownership.ts handles that.
import type { Payload, Provider } from "../../../dsl/payload.ts";
import { isObject, type Json } from "../../../dsl/rules/issue.ts";
import { immutablePatternChanges } from "../../../dsl/rules/server.ts";
import { userMetadata } from "./ownership.ts";

/** The seven keys create and update accept; anything else at the top level is the server's. */
export const writableKeys = [
  "display_name",
  "description",
  "auth_patterns",
  "proxy_url",
  "proxy_enabled",
  "icon_src",
  "metadata",
] as const;

/** A connector as plan compares it: a Payload with every equivalent spelling made one. */
export interface Canonical {
  readonly display_name: string;
  readonly description?: string;
  readonly icon_src?: string;
  readonly proxy_url: string;
  readonly proxy_enabled: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly auth_patterns: readonly Json[];
}

// inside auth_patterns: keys whose empty or default value means the same as leaving them out
const emptyLists = new Set([
  "fields",
  "account_fields",
  "available_scopes",
  "options",
  "allowed_proxy_domains",
]);
const falseDefaults = new Set(["required", "is_mcp", "is_path_param", "default"]);
const emptyTexts = new Set(["description", "hint"]);
const emptyObjects = new Set(["auth_field_mutations"]);

function absent(key: string, value: Json): boolean {
  if (emptyLists.has(key)) return Array.isArray(value) && value.length === 0;
  if (falseDefaults.has(key)) return value === false;
  if (emptyTexts.has(key)) return value === "";
  if (emptyObjects.has(key)) return isObject(value) && Object.keys(value).length === 0;
  return false;
}

/** Drops nulls and absent-equivalent values, recursively; key order is not significant. */
export function cleanJson(value: unknown): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(cleanJson).filter((item): item is Json => item !== undefined);
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      const clean = cleanJson(item);
      // defined, not assigned: a remote "__proto__" key must stay a key
      if (clean !== undefined && !absent(key, clean))
        Object.defineProperty(out, key, {
          value: clean,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** The comparable form of a definition's payload or a remote provider. */
export function canonical(value: Payload | Provider): Canonical {
  const description = text(value.description);
  const icon = text(value.icon_src);
  const metadata = userMetadata(value.metadata);
  const patterns = Array.isArray(value.auth_patterns) ? value.auth_patterns : [];
  return {
    display_name: value.display_name,
    ...(description !== undefined && { description }),
    ...(icon !== undefined && { icon_src: icon }),
    proxy_url: text(value.proxy_url) ?? "",
    proxy_enabled: value.proxy_enabled === true,
    ...(Object.keys(metadata).length > 0 && { metadata }),
    auth_patterns: patterns.map(cleanJson).filter((item): item is Json => item !== undefined),
  };
}

/** A canonical connector as a request body (no marker; see ownership.ts for the one sync sends). */
export const asPayload = (value: Canonical): Payload => structuredClone(value) as unknown as Payload;

/** The pattern-level keys that an update cannot change: a different value needs delete + create. */
export const immutableDifferences = (before: Canonical, after: Canonical): string[] =>
  immutablePatternChanges(before.auth_patterns, after.auth_patterns).map(
    (change) => `${change.path} ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`,
  );
