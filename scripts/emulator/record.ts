// What the server holds for a provider, and how a create or update body becomes one: the seven
// known keys are read, anything else at the top level is dropped, and auth_patterns is kept
// as untyped JSON, unknown keys included (scalekit-api.md §1.0, §1.3, §1.4).
import type { Provider } from "../../dsl/payload.ts";
import { isObject, type Json, type JsonObject } from "../../dsl/rules/issue.ts";
import { immutablePatternChanges } from "../../dsl/rules/server.ts";
import { messages } from "./behaviour.ts";
import type { FieldViolation } from "./grpc.ts";

/** A provider with every key present (zero values emitted); auth_patterns is whatever JSON was sent. */
export type ProviderRecord = Required<Omit<Provider, "auth_patterns">> & { auth_patterns: Json[] };

/** A body that passed checkServerRules, with JSON nulls read as absent (proto3 semantics). */
export interface ProviderInput {
  readonly display_name: string;
  readonly proxy_url: string;
  readonly auth_patterns: Json[];
  readonly description?: string;
  readonly icon_src?: string;
  readonly proxy_enabled?: boolean;
  readonly metadata?: Record<string, string>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export function readInput(body: JsonObject): ProviderInput {
  const patterns: Json[] = Array.isArray(body.auth_patterns) ? structuredClone(body.auth_patterns) : [];
  const description = text(body.description);
  const icon = text(body.icon_src);
  const metadata = isObject(body.metadata)
    ? Object.fromEntries(
        Object.entries(body.metadata).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      )
    : undefined;
  return {
    display_name: text(body.display_name) ?? "",
    proxy_url: text(body.proxy_url) ?? "",
    auth_patterns: patterns,
    ...(description === undefined ? {} : { description }),
    ...(icon === undefined ? {} : { icon_src: icon }),
    ...(typeof body.proxy_enabled === "boolean" ? { proxy_enabled: body.proxy_enabled } : {}),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

const isMcp = (pattern: Json | undefined): boolean => isObject(pattern) && pattern.is_mcp === true;

export function createRecord(input: ProviderInput, id: string, identifier: string): ProviderRecord {
  return {
    id,
    identifier,
    display_name: input.display_name,
    description: input.description ?? "",
    categories: [],
    auth_patterns: input.auth_patterns,
    icon_src: input.icon_src ?? "",
    display_priority: 0,
    coming_soon: false,
    proxy_url: input.proxy_url,
    proxy_enabled: input.proxy_enabled ?? false,
    is_custom: true,
    is_custom_mcp: input.auth_patterns.some(isMcp),
    metadata: input.metadata ?? {},
  };
}

/** Update is a full replace with quirks: metadata and proxy_enabled reset when omitted, description and icon_src kept. */
export function replaceRecord(stored: ProviderRecord, input: ProviderInput): ProviderRecord {
  return {
    ...stored,
    display_name: input.display_name,
    description: input.description ?? stored.description,
    auth_patterns: input.auth_patterns,
    icon_src: input.icon_src ?? stored.icon_src,
    proxy_url: input.proxy_url,
    proxy_enabled: input.proxy_enabled ?? false,
    is_custom_mcp: input.auth_patterns.some(isMcp),
    metadata: input.metadata ?? {},
  };
}

/** A pattern's `type` and `is_mcp` cannot change on update (the rule lives in dsl/rules/server.ts). */
export const immutableChanges = (before: readonly Json[], after: readonly Json[]): FieldViolation[] =>
  immutablePatternChanges(before, after).map((change) => ({
    field: change.path,
    description: messages.immutable(change.path, change.before, change.after),
    constraint: "immutable",
  }));
