// The rules connectorkit adds inside auth_patterns, which the server stores as untyped JSON.
// They mirror the compile-time rules of the builder (dsl/checks.ts, dsl/builders.ts) for
// payloads that do not come through the types: JSON files, pulled remote state, generated code.
import { type AuthType, authTypes, credentialFields, inputTypes, requiredCredential } from "../payload.ts";
import { type Issue, isObject, type JsonObject, listAt, quote } from "./issue.ts";

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names inside `{{…}}` placeholders of a URL. */
export const placeholdersOf = (url: string): string[] =>
  [...url.matchAll(placeholderPattern)].map((m) => m[1] ?? "");

const isAuthType = (value: unknown): value is AuthType => (authTypes as readonly unknown[]).includes(value);

export function checkPatterns(payload: JsonObject): Issue[] {
  const patterns = payload.auth_patterns;
  if (!Array.isArray(patterns)) return []; // reported by the server rules
  const issues: Issue[] = [];
  if (patterns.length !== 1) {
    issues.push({
      path: "auth_patterns",
      message: `a custom connector has exactly one auth pattern; this one has ${patterns.length}`,
      fix: patterns.length === 0 ? "add one auth pattern" : "keep one auth pattern and remove the others",
    });
  }
  patterns.forEach((pattern, index) => {
    checkPattern(pattern, `auth_patterns[${index}]`, payload, issues);
  });
  return issues;
}

function checkPattern(pattern: unknown, at: string, payload: JsonObject, issues: Issue[]): void {
  if (!isObject(pattern)) {
    issues.push({
      path: at,
      message: "an auth pattern must be an object",
      fix: 'use { "type": "BEARER", … }',
    });
    return;
  }
  const type = pattern.type;
  if (!isAuthType(type)) {
    issues.push({
      path: `${at}.type`,
      message: `unknown auth type ${quote(type)}`,
      fix: `use one of ${authTypes.join(", ")}`,
    });
    return;
  }
  const isMcp = pattern.is_mcp === true;
  for (const key of ["display_name", "description"] as const) {
    if (pattern[key] !== undefined && pattern[key] !== null && typeof pattern[key] !== "string") {
      issues.push({
        path: `${at}.${key}`,
        message: `${key} of the auth pattern must be a string`,
        fix: `set ${key}`,
      });
    }
  }
  if (type === "NO_AUTH" && !isMcp) {
    issues.push({
      path: `${at}.type`,
      message: "NO_AUTH is only for MCP servers",
      fix: "set is_mcp: true, or pick an auth type",
    });
  }

  const names = checkFieldLists(pattern, at, issues);
  const required = requiredCredential[type];
  if (required && !names.fields.has(required)) {
    issues.push({
      path: `${at}.fields`,
      message: `${type} needs a "${required}" field`,
      fix: `add a field with field_name "${required}"`,
    });
  }

  checkOAuthConfig(pattern, type, isMcp, at, issues);
  checkMutations(pattern, type, names.fields, at, issues);
  checkHeaderOverride(pattern, at, issues);

  if (typeof payload.proxy_url === "string") {
    const provided = type === "OAUTH" ? names.pathParams : names.fields;
    for (const name of placeholdersOf(payload.proxy_url)) {
      if (provided.has(name)) continue;
      issues.push({
        path: "proxy_url",
        message: `proxy_url uses {{${name}}} but no field of ${at} provides it`,
        fix:
          type === "OAUTH"
            ? `add an account field "${name}" (or a field "${name}" with is_path_param: true)`
            : `add a field "${name}" to ${at}.fields`,
      });
    }
  }
}

/** Checks fields and account_fields; returns the names that can fill placeholders. */
function checkFieldLists(pattern: JsonObject, at: string, issues: Issue[]) {
  const fields = new Set<string>();
  const pathParams = new Set<string>();
  const seen = new Set<string>();
  for (const list of ["fields", "account_fields"] as const) {
    const value = pattern[list];
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      issues.push({
        path: `${at}.${list}`,
        message: `${list} must be an array`,
        fix: `use "${list}": [ … ]`,
      });
      continue;
    }
    listAt(value).forEach((field, index) => {
      const path = `${at}.${list}[${index}]`;
      const name = checkField(field, path, issues);
      if (name === undefined) return;
      if (seen.has(name)) {
        issues.push({
          path: `${path}.field_name`,
          message: `field "${name}" is declared twice in ${at}`,
          fix: "rename or remove one of them",
        });
      }
      seen.add(name);
      if (list === "fields") fields.add(name);
      if (list === "account_fields" || (isObject(field) && field.is_path_param === true))
        pathParams.add(name);
    });
  }
  return { fields, pathParams };
}

function checkField(field: unknown, path: string, issues: Issue[]): string | undefined {
  if (!isObject(field)) {
    issues.push({
      path,
      message: "a field must be an object",
      fix: 'use { "field_name": …, "label": …, "input_type": "text" }',
    });
    return undefined;
  }
  const inputType = field.input_type;
  if (inputType !== undefined && !(inputTypes as readonly unknown[]).includes(inputType)) {
    issues.push({
      path: `${path}.input_type`,
      message: `unknown input_type ${quote(inputType)}`,
      fix: `use one of ${inputTypes.join(", ")}`,
    });
  }
  const options = listAt(field.options);
  if (inputType === "select" && options.length === 0) {
    issues.push({
      path: `${path}.options`,
      message: "a select field needs at least one option",
      fix: 'add options: [{ "value": … }]',
    });
  }
  options.forEach((option, index) => {
    if (!isObject(option) || typeof option.value !== "string") {
      issues.push({
        path: `${path}.options[${index}]`,
        message: "an option needs a string value",
        fix: 'use { "value": "…" }',
      });
    }
  });
  if (typeof field.field_name !== "string" || field.field_name.length === 0) {
    issues.push({ path: `${path}.field_name`, message: "field_name is required", fix: "name the field" });
    return undefined;
  }
  return field.field_name;
}

function checkOAuthConfig(
  pattern: JsonObject,
  type: AuthType,
  isMcp: boolean,
  at: string,
  issues: Issue[],
): void {
  const config = pattern.oauth_config;
  const path = `${at}.oauth_config`;
  if (type !== "OAUTH") {
    if (config !== undefined && config !== null) {
      issues.push({
        path,
        message: `oauth_config belongs to OAUTH patterns, not ${type}`,
        fix: "remove oauth_config",
      });
    }
    return;
  }
  if (!isObject(config)) {
    issues.push({
      path,
      message: "an OAUTH pattern needs oauth_config",
      fix: isMcp
        ? 'set oauth_config: { "pkce_enabled": true }'
        : "set oauth_config with authorize_uri and token_uri",
    });
    return;
  }
  const scopes = config.available_scopes;
  if (isMcp) {
    for (const key of ["authorize_uri", "token_uri", "user_info_uri"] as const) {
      if (config[key] !== undefined && config[key] !== null) {
        issues.push({
          path: `${path}.${key}`,
          message: `MCP OAuth uses Dynamic Client Registration; ${key} does not apply`,
          fix: `remove ${key}`,
        });
      }
    }
    if (listAt(scopes).length > 0) {
      issues.push({
        path: `${path}.available_scopes`,
        message: "MCP OAuth negotiates scopes through DCR",
        fix: "remove available_scopes",
      });
    }
    if (config.pkce_enabled !== true) {
      issues.push({
        path: `${path}.pkce_enabled`,
        message: "MCP OAuth requires PKCE",
        fix: "set pkce_enabled: true",
      });
    }
    return;
  }
  for (const key of ["authorize_uri", "token_uri"] as const) {
    if (typeof config[key] !== "string" || config[key] === "") {
      issues.push({
        path: `${path}.${key}`,
        message: `OAuth needs ${key}`,
        fix: `set ${key} to the provider's https endpoint`,
      });
    }
  }
  for (const key of ["authorize_uri", "token_uri", "user_info_uri"] as const) {
    const url = config[key];
    if (typeof url === "string" && url !== "" && !url.startsWith("https://")) {
      issues.push({
        path: `${path}.${key}`,
        message: `${key} ${quote(url)} must start with https://`,
        fix: "use an https:// URL",
      });
    }
  }
  const seen = new Set<string>();
  listAt(scopes).forEach((scope, index) => {
    const name = isObject(scope) ? scope.scope : undefined;
    if (typeof name !== "string" || name === "") {
      issues.push({
        path: `${path}.available_scopes[${index}].scope`,
        message: "a scope needs a name",
        fix: 'set "scope"',
      });
    } else if (seen.has(name)) {
      issues.push({
        path: `${path}.available_scopes[${index}].scope`,
        message: `scope "${name}" is listed twice`,
        fix: "remove the duplicate",
      });
    } else {
      seen.add(name);
    }
  });
}

function checkMutations(
  pattern: JsonObject,
  type: AuthType,
  fields: Set<string>,
  at: string,
  issues: Issue[],
): void {
  const mutations = pattern.auth_field_mutations;
  if (mutations === undefined || mutations === null) return;
  const path = `${at}.auth_field_mutations`;
  if (!isObject(mutations)) {
    issues.push({
      path,
      message: "auth_field_mutations must be an object",
      fix: 'use { "api_key": { "prefix": "…" } }',
    });
    return;
  }
  const targets = credentialFields[type].filter((name) => fields.has(name));
  for (const [target, mutation] of Object.entries(mutations)) {
    if (!(targets as readonly string[]).includes(target)) {
      issues.push({
        path: `${path}.${target}`,
        message: `${type} has no "${target}" credential to mutate`,
        fix: targets.length > 0 ? `mutate one of ${targets.join(", ")}` : "remove auth_field_mutations",
      });
    }
    const valid = isObject(mutation) && Object.values(mutation).every((value) => typeof value === "string");
    if (!valid) {
      issues.push({
        path: `${path}.${target}`,
        message: "a mutation holds string prefix, suffix or default",
        fix: 'use { "prefix": "…" }',
      });
    }
  }
}

function checkHeaderOverride(pattern: JsonObject, at: string, issues: Issue[]): void {
  const header = pattern.auth_header_key_override;
  if (header === undefined || header === null || header === "") return;
  if (typeof header !== "string" || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) {
    issues.push({
      path: `${at}.auth_header_key_override`,
      message: `auth_header_key_override ${quote(header)} is not a valid header name`,
      fix: 'use a header name such as "X-API-Key"',
    });
  }
}
