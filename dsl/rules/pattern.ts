// The rules connectorkit adds to the server's: inside auth_patterns, which the server stores as
// untyped JSON, and the keys it accepts but would mis-handle. They mirror the compile-time rules
// of the builder (dsl/checks.ts, dsl/builders.ts) for payloads that do not come through the
// types (JSON files, pulled remote state, generated code), so that what passes here is what the
// DSL can write: `sync pull` then build gives the same payload back.
import { patternDefaults } from "../auth-options.ts";
import { type AuthType, authTypes, credentialFields, requiredCredential } from "../payload.ts";
import { checkFieldLists, type DeclaredFields } from "./fields.ts";
import { type Issue, isObject, type JsonObject, quote } from "./issue.ts";
import { checkOAuthConfig, checkParses } from "./oauth.ts";
import { malformedPlaceholders, placeholderFix, placeholdersOf } from "./proxy-url.ts";
import { checkKeysAndTypes, mutationKeys, patternKeys, payloadKeys } from "./wire-keys.ts";

export { placeholdersOf };

const isAuthType = (value: unknown): value is AuthType => (authTypes as readonly unknown[]).includes(value);
const present = (value: unknown): boolean => value !== undefined && value !== null;

/** connectorkit's own rules for a payload (the server's are in server.ts). */
export function checkConnectorRules(payload: JsonObject): Issue[] {
  const issues: Issue[] = [];
  checkKeysAndTypes(payload, payloadKeys, "", "the payload", issues, { typed: false });
  if (!present(payload.proxy_enabled)) {
    issues.push({
      path: "proxy_enabled",
      message:
        "proxy_enabled is missing: Scalekit's docs call it mandatory, and an update without it turns the proxy off",
      fix: "set proxy_enabled: true",
    });
  }
  if (typeof payload.proxy_url === "string") {
    for (const piece of malformedPlaceholders(payload.proxy_url)) {
      issues.push({
        path: "proxy_url",
        message: `proxy_url has a malformed placeholder ${quote(piece)}: the proxy would leave its braces in the URL`,
        fix: placeholderFix(piece),
      });
    }
    checkParses(payload.proxy_url, "proxy_url", "proxy_url", issues);
  }
  const patterns = payload.auth_patterns;
  if (!Array.isArray(patterns)) return issues; // reported by the server rules
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
  checkKeysAndTypes(pattern, patternKeys, at, "the auth pattern", issues);
  const isMcp = pattern.is_mcp === true;
  if (!present(pattern.display_name)) {
    issues.push({
      path: `${at}.display_name`,
      message: "the auth pattern needs a display_name: the user who connects sees it",
      fix: `set display_name, e.g. ${quote(patternDefaults[type].displayName)}`,
    });
  }
  if (type === "NO_AUTH") checkNoAuth(pattern, isMcp, at, issues);

  const declared = checkFieldLists(pattern, type, at, issues);
  const required = requiredCredential[type];
  if (required && !declared.fields.includes(required)) {
    issues.push({
      path: `${at}.fields`,
      message: `${type} needs a "${required}" field`,
      fix: `add a field with field_name "${required}"`,
    });
  }
  if (type === "BASIC") checkBasicOrder(declared, at, issues);

  checkOAuthConfig(pattern, type, isMcp, at, issues);
  checkMutations(pattern, type, declared, at, issues);
  checkHeaderOverride(pattern, at, issues);
  if (typeof payload.proxy_url === "string")
    checkPlaceholders(payload.proxy_url, "proxy_url", "proxy_url", type, declared, at, issues);
  if (type === "OAUTH" && !isMcp) checkOAuthPlaceholders(pattern, declared, at, issues);
}

// OAuth URLs take placeholders from the same fields as an OAuth proxy_url: account fields and
// path params, collected before the user is sent to authorize
function checkOAuthPlaceholders(
  pattern: JsonObject,
  declared: DeclaredFields,
  at: string,
  issues: Issue[],
): void {
  const config = pattern.oauth_config;
  if (!isObject(config)) return;
  for (const key of ["authorize_uri", "token_uri", "user_info_uri"] as const) {
    const url = config[key];
    if (typeof url !== "string") continue;
    const path = `${at}.oauth_config.${key}`;
    for (const piece of malformedPlaceholders(url)) {
      issues.push({
        path,
        message: `${key} has a malformed placeholder ${quote(piece)}: its braces would stay in the URL`,
        fix: placeholderFix(piece),
      });
    }
    checkPlaceholders(url, key, path, "OAUTH", declared, at, issues);
  }
}

// Scalekit's docs give a NO_AUTH MCP connector `fields: []`: it collects and sends nothing.
function checkNoAuth(pattern: JsonObject, isMcp: boolean, at: string, issues: Issue[]): void {
  if (!isMcp) {
    issues.push({
      path: `${at}.type`,
      message: "NO_AUTH is only for MCP servers",
      fix: "set is_mcp: true, or pick an auth type",
    });
  }
  if (Array.isArray(pattern.fields) && pattern.fields.length > 0) {
    issues.push({
      path: `${at}.fields`,
      message: "a NO_AUTH connector collects no fields (Scalekit's docs: fields: [])",
      fix: "remove the fields, or pick an auth type that uses them",
    });
  }
  if (present(pattern.auth_header_key_override)) {
    issues.push({
      path: `${at}.auth_header_key_override`,
      message: "a NO_AUTH connector sends no credential, so there is no header to override",
      fix: "remove auth_header_key_override",
    });
  }
}

// BASIC's username and password are one pair: connectorkit writes them together, username first.
function checkBasicOrder(declared: DeclaredFields, at: string, issues: Issue[]): void {
  const username = declared.fields.indexOf("username");
  const password = declared.fields.indexOf("password");
  if (username >= 0 && password >= 0 && password !== username + 1) {
    issues.push({
      path: `${at}.fields`,
      message: 'BASIC\'s "password" field must come right after "username"',
      fix: 'move the "password" field to just after "username"',
    });
  }
}

/** Every `{{name}}` in the URL `what` (at `path`) must name a field that provides it. */
function checkPlaceholders(
  url: string,
  what: string,
  path: string,
  type: AuthType,
  declared: DeclaredFields,
  at: string,
  issues: Issue[],
): void {
  const names = placeholdersOf(url);
  if (names.length === 0) return;
  const provided: ReadonlySet<string> = type === "OAUTH" ? declared.pathParams : new Set(declared.fields);
  for (const name of names) {
    if (provided.has(name)) continue;
    const trimmed = name.trim();
    issues.push({
      path,
      message: `${what} uses {{${name}}} but no field of ${at} provides it`,
      fix:
        trimmed !== name && provided.has(trimmed)
          ? `write {{${trimmed}}}, without spaces inside the braces`
          : type === "OAUTH"
            ? `add an account field "${trimmed}" (or a field "${trimmed}" with is_path_param: true)`
            : `add a field "${trimmed}" to ${at}.fields`,
    });
  }
}

function checkMutations(
  pattern: JsonObject,
  type: AuthType,
  declared: DeclaredFields,
  at: string,
  issues: Issue[],
): void {
  const mutations = pattern.auth_field_mutations;
  if (!isObject(mutations)) return; // absent, or a wrong type reported with the pattern's keys
  const path = `${at}.auth_field_mutations`;
  const credentials: readonly string[] = credentialFields[type];
  const declaredCredentials = credentials.filter((name) => declared.fields.includes(name));
  for (const [target, mutation] of Object.entries(mutations)) {
    if (!isObject(mutation)) {
      issues.push({
        path: `${path}.${target}`,
        message: "a mutation is an object of string prefix, suffix or default",
        fix: 'use { "prefix": "…" }',
      });
      continue;
    }
    checkKeysAndTypes(mutation, mutationKeys, `${path}.${target}`, "a mutation", issues);
    if (!credentials.includes(target)) {
      issues.push({
        path: `${path}.${target}`,
        message: `${type} has no "${target}" credential to mutate`,
        fix:
          credentials.length > 0 ? `mutate one of ${credentials.join(", ")}` : "remove auth_field_mutations",
      });
    } else if (!declaredCredentials.includes(target) && typeof mutation.default !== "string") {
      // a default is the value of a credential the user never enters; nothing else acts on an absent one
      issues.push({
        path: `${path}.${target}`,
        message: `"${target}" is not among the fields, so its mutation needs a default (the value sent instead)`,
        fix: `add "default", or add a "${target}" field`,
      });
    }
  }
}

function checkHeaderOverride(pattern: JsonObject, at: string, issues: Issue[]): void {
  const header = pattern.auth_header_key_override;
  if (typeof header !== "string" || header === "") return;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) {
    issues.push({
      path: `${at}.auth_header_key_override`,
      message: `auth_header_key_override ${quote(header)} is not a valid header name`,
      fix: 'use a header name such as "X-API-Key"',
    });
  }
}
