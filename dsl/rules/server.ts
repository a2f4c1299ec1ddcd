// The rules Scalekit's server enforces on create and update (buf.validate on the proto,
// shared/reference/scalekit-api.md §4.1). The emulator rejects exactly these; validate() runs
// them too, so a payload that passes here is never refused by the server for these reasons.
import { type Issue, isObject, type JsonObject, quote } from "./issue.ts";

/** A server rule's issue, with the protovalidate-style id of the rule it breaks. */
export interface ServerIssue extends Issue {
  readonly constraint: "required" | "type" | "len" | "max_len" | "max_pairs" | "pattern";
}

export const displayNamePattern = /^[a-zA-Z0-9 ]*[a-zA-Z0-9][a-zA-Z0-9 ]*$/;
export const limits = {
  displayName: 200,
  url: 2048,
  metadataPairs: 20,
  metadataKey: [3, 25],
  metadataValue: [1, 256],
} as const;

const stringAt = (payload: JsonObject, key: string, issues: ServerIssue[]): string | undefined => {
  const value = payload[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  issues.push({
    path: key,
    constraint: "type",
    message: `${key} must be a string, not ${quote(value)}`,
    fix: `set ${key} to a string`,
  });
  return undefined;
};

/**
 * `name` in the characters a display_name allows: accented letters lose their accents ("Café" →
 * "Cafe", by NFKD decomposition), other characters become spaces; empty when nothing is left.
 */
export const displayNameLetters = (name: string): string =>
  name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^a-zA-Z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** A display_name the server accepts, close to `name` (a stock one when nothing usable is left). */
export const displayNameSuggestion = (name: string): string => displayNameLetters(name) || "My Connector";

export function checkServerRules(payload: unknown): ServerIssue[] {
  const issues: ServerIssue[] = [];
  if (!isObject(payload)) {
    return [
      {
        path: "$",
        constraint: "type",
        message: "the payload must be a JSON object",
        fix: "send { display_name, auth_patterns, proxy_url, … }",
      },
    ];
  }

  const name = stringAt(payload, "display_name", issues);
  if (name === undefined || name.length === 0) {
    issues.push({
      path: "display_name",
      constraint: "required",
      message: "display_name is required",
      fix: 'set display_name, e.g. "My Asana"',
    });
  } else if (name.length > limits.displayName) {
    issues.push({
      path: "display_name",
      constraint: "max_len",
      message: `display_name is ${name.length} characters; the limit is ${limits.displayName}`,
      fix: "shorten display_name",
    });
  } else if (!displayNamePattern.test(name)) {
    issues.push({
      path: "display_name",
      constraint: "pattern",
      message: `display_name ${quote(name)} may contain only letters, digits and spaces`,
      fix: `use ${quote(displayNameSuggestion(name))}`,
    });
  }

  stringAt(payload, "description", issues);

  if (!Array.isArray(payload.auth_patterns)) {
    issues.push({
      path: "auth_patterns",
      constraint: "required",
      message: "auth_patterns is required and must be an array",
      fix: "add auth_patterns with one auth pattern",
    });
  }

  const proxyUrl = stringAt(payload, "proxy_url", issues);
  if (proxyUrl === undefined || proxyUrl.length === 0) {
    issues.push({
      path: "proxy_url",
      constraint: "required",
      message: "proxy_url is required",
      fix: "set proxy_url to the API's https base URL",
    });
  } else {
    if (!proxyUrl.startsWith("https://")) {
      issues.push({
        path: "proxy_url",
        constraint: "pattern",
        message: `proxy_url ${quote(proxyUrl)} must start with https://`,
        fix: "use an https:// URL",
      });
    }
    if (proxyUrl.length > limits.url) {
      issues.push({
        path: "proxy_url",
        constraint: "max_len",
        message: `proxy_url is longer than ${limits.url} characters`,
        fix: "shorten proxy_url",
      });
    }
  }

  const icon = stringAt(payload, "icon_src", issues);
  if (icon !== undefined && icon !== "" && !icon.startsWith("https://")) {
    issues.push({
      path: "icon_src",
      constraint: "pattern",
      message: `icon_src ${quote(icon)} must be empty or an https:// URL`,
      fix: "use an https:// URL",
    });
  }
  if (icon !== undefined && icon.length > limits.url) {
    issues.push({
      path: "icon_src",
      constraint: "max_len",
      message: `icon_src is longer than ${limits.url} characters`,
      fix: "shorten icon_src",
    });
  }

  if (
    payload.proxy_enabled !== undefined &&
    payload.proxy_enabled !== null &&
    typeof payload.proxy_enabled !== "boolean"
  ) {
    issues.push({
      path: "proxy_enabled",
      constraint: "type",
      message: "proxy_enabled must be true or false",
      fix: "set proxy_enabled: true",
    });
  }

  checkMetadata(payload.metadata, issues);
  return issues;
}

function checkMetadata(metadata: unknown, issues: ServerIssue[]): void {
  if (metadata === undefined || metadata === null) return;
  if (!isObject(metadata)) {
    issues.push({
      path: "metadata",
      constraint: "type",
      message: "metadata must be an object of strings",
      fix: 'use { "key": "value" }',
    });
    return;
  }
  const entries = Object.entries(metadata);
  if (entries.length > limits.metadataPairs) {
    issues.push({
      path: "metadata",
      constraint: "max_pairs",
      message: `metadata has ${entries.length} pairs; the limit is ${limits.metadataPairs}`,
      fix: "remove some metadata pairs",
    });
  }
  const [keyMin, keyMax] = limits.metadataKey;
  const [valueMin, valueMax] = limits.metadataValue;
  for (const [key, value] of entries) {
    const path = `metadata.${key}`;
    if (key.length < keyMin || key.length > keyMax) {
      issues.push({
        path,
        constraint: "len",
        message: `metadata key ${quote(key)} must be ${keyMin}-${keyMax} characters`,
        fix: "rename the key",
      });
    }
    if (typeof value !== "string") {
      issues.push({
        path,
        constraint: "type",
        message: `metadata value for ${quote(key)} must be a string`,
        fix: "quote the value",
      });
    } else if (value.length < valueMin || value.length > valueMax) {
      issues.push({
        path,
        constraint: "len",
        message: `metadata value for ${quote(key)} must be ${valueMin}-${valueMax} characters`,
        fix: value.length === 0 ? "remove the pair or give it a value" : "shorten the value",
      });
    }
  }
}

/** A key of an auth pattern whose value an update tried to change. */
export interface ImmutableChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Update rule: a pattern's `type` and `is_mcp` cannot change (changing them needs delete and
 * create). Patterns are compared position by position; a missing is_mcp counts as false.
 */
export function immutablePatternChanges(
  before: readonly unknown[],
  after: readonly unknown[],
): ImmutableChange[] {
  const changes: ImmutableChange[] = [];
  const typeOf = (pattern: unknown) => (isObject(pattern) ? pattern.type : undefined);
  const mcpOf = (pattern: unknown) => isObject(pattern) && pattern.is_mcp === true;
  for (let index = 0; index < Math.min(before.length, after.length); index++) {
    const [old, next] = [before[index], after[index]];
    if (JSON.stringify(typeOf(old)) !== JSON.stringify(typeOf(next))) {
      changes.push({ path: `auth_patterns[${index}].type`, before: typeOf(old), after: typeOf(next) });
    }
    if (mcpOf(old) !== mcpOf(next)) {
      changes.push({ path: `auth_patterns[${index}].is_mcp`, before: mcpOf(old), after: mcpOf(next) });
    }
  }
  return changes;
}
