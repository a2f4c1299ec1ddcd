// The keys connectorkit knows in a payload and the JSON type of each. The server stores
// auth_patterns as untyped JSON (reference §1.0): a value of the wrong type deploys and is misread
// (`is_mcp: "true"` does not make an MCP connector), and a misspelt key is kept and ignored, so
// validate() checks both. The renderer (scripts/codegen/chain*.ts) reads the same key lists.
// JSON null counts as absent everywhere: the API serves it for empty values.
import { type Issue, type JsonObject, quote } from "./issue.ts";

export type JsonType = "string" | "boolean" | "array" | "object";
type Keys = Readonly<Record<string, JsonType>>;

/** The seven keys create and update take. Their types are server rules (server.ts). */
export const payloadKeys: Keys = {
  display_name: "string",
  description: "string",
  icon_src: "string",
  metadata: "object",
  auth_patterns: "array",
  proxy_url: "string",
  proxy_enabled: "boolean",
};

export const patternKeys: Keys = {
  type: "string",
  display_name: "string",
  description: "string",
  is_mcp: "boolean",
  fields: "array",
  account_fields: "array",
  oauth_config: "object",
  auth_header_key_override: "string",
  auth_field_mutations: "object",
};

export const fieldKeys: Keys = {
  field_name: "string",
  label: "string",
  input_type: "string",
  hint: "string",
  required: "boolean",
  is_path_param: "boolean",
  header_name: "string",
  options: "array",
};

export const optionKeys: Keys = {
  value: "string",
  display_name: "string",
  description: "string",
  default: "boolean",
};

export const oauthConfigKeys: Keys = {
  authorize_uri: "string",
  token_uri: "string",
  user_info_uri: "string",
  available_scopes: "array",
  pkce_enabled: "boolean",
  allow_use_scalekit_credentials: "boolean",
  custom_scope_name: "string",
};

export const scopeKeys: Keys = {
  scope: "string",
  display_name: "string",
  description: "string",
  required: "boolean",
};

export const mutationKeys: Keys = { prefix: "string", suffix: "string", default: "string" };

const typeOf = (value: unknown): JsonType | "number" | "null" =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as JsonType | "number");

const typeFix: Readonly<Record<JsonType, string>> = {
  string: "write it as a string in quotes",
  boolean: "write true or false, without quotes",
  array: "write it as a list: [ … ]",
  object: "write it as an object: { … }",
};

const join = (at: string, key: string): string => (at ? `${at}.${key}` : key);

/**
 * Reports keys of `value` that `keys` does not list, and values of the wrong JSON type, each with
 * its path. `what` names the object in messages ("the auth pattern", "a field").
 */
export function checkKeysAndTypes(
  value: JsonObject,
  keys: Keys,
  at: string,
  what: string,
  issues: Issue[],
  { typed = true }: { typed?: boolean } = {},
): void {
  for (const [key, item] of Object.entries(value)) {
    const expected = keys[key];
    if (expected === undefined) {
      issues.push({
        path: join(at, key),
        message: `unknown key "${key}" in ${what}: Scalekit stores it unchecked, and connectorkit cannot write it`,
        fix: `remove it or correct its spelling (${what} takes ${Object.keys(keys).join(", ")})`,
      });
    } else if (typed && item !== null && item !== undefined && typeOf(item) !== expected) {
      issues.push({
        path: join(at, key),
        message: `${key} must be a JSON ${expected}, not ${quote(item)}`,
        fix: typeFix[expected],
      });
    }
  }
}
