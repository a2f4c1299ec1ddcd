// connectorkit's rules for an auth pattern's oauth_config (see pattern.ts).
import type { AuthType } from "../payload.ts";
import { type Issue, isObject, type JsonObject, listAt, quote } from "./issue.ts";
import { placeholdersOf, unparsableUrl } from "./proxy-url.ts";
import { checkKeysAndTypes, oauthConfigKeys, scopeKeys } from "./wire-keys.ts";

const present = (value: unknown): boolean => value !== undefined && value !== null;

export function checkOAuthConfig(
  pattern: JsonObject,
  type: AuthType,
  isMcp: boolean,
  at: string,
  issues: Issue[],
): void {
  const config = pattern.oauth_config;
  const path = `${at}.oauth_config`;
  if (type !== "OAUTH") {
    if (present(config)) {
      issues.push({
        path,
        message: `oauth_config belongs to OAUTH patterns, not ${type}`,
        fix: "remove oauth_config",
      });
    }
    return;
  }
  if (!isObject(config)) {
    if (config === undefined || config === null) {
      issues.push({
        path,
        message: "an OAUTH pattern needs oauth_config",
        fix: isMcp
          ? 'set oauth_config: { "pkce_enabled": true }'
          : "set oauth_config with authorize_uri and token_uri",
      });
    }
    return; // another type is reported with the pattern's keys
  }
  checkKeysAndTypes(config, oauthConfigKeys, path, "oauth_config", issues);
  if (isMcp) checkMcpConfig(config, path, issues);
  else checkApiConfig(config, path, issues);
}

// MCP OAuth discovers the server and registers its client with DCR: oauth_config is { pkce_enabled: true }.
function checkMcpConfig(config: JsonObject, path: string, issues: Issue[]): void {
  for (const [key, value] of Object.entries(config)) {
    if (key === "pkce_enabled" || !present(value) || !(key in oauthConfigKeys)) continue;
    if (key === "available_scopes") {
      if (listAt(value).length === 0) continue;
      issues.push({
        path: `${path}.available_scopes`,
        message: "MCP OAuth negotiates scopes through DCR",
        fix: "remove available_scopes",
      });
      continue;
    }
    issues.push({
      path: `${path}.${key}`,
      message: `MCP OAuth uses Dynamic Client Registration; ${key} does not apply`,
      fix: `remove ${key}`,
    });
  }
  if (config.pkce_enabled !== true) {
    issues.push({
      path: `${path}.pkce_enabled`,
      message: "MCP OAuth requires PKCE",
      fix: "set pkce_enabled: true",
    });
  }
}

function checkApiConfig(config: JsonObject, path: string, issues: Issue[]): void {
  for (const key of ["authorize_uri", "token_uri"] as const) {
    if (!present(config[key]) || config[key] === "") {
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
    } else if (typeof url === "string") checkParses(url, `${path}.${key}`, key, issues);
  }
  checkScopes(config.available_scopes, `${path}.available_scopes`, issues);
}

function checkScopes(scopes: unknown, path: string, issues: Issue[]): void {
  const seen = new Set<string>();
  listAt(scopes).forEach((scope, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(scope)) {
      issues.push({ path: at, message: "a scope must be an object", fix: 'use { "scope": "…" }' });
      return;
    }
    checkKeysAndTypes(scope, scopeKeys, at, "a scope", issues);
    const name = scope.scope;
    if (typeof name !== "string" || name === "") {
      issues.push({ path: `${at}.scope`, message: "a scope needs a name", fix: 'set "scope"' });
      return;
    }
    if (seen.has(name)) {
      issues.push({
        path: `${at}.scope`,
        message: `scope "${name}" is listed twice`,
        fix: "remove the duplicate",
      });
    }
    seen.add(name);
    if (!present(scope.display_name)) {
      issues.push({
        path: `${at}.display_name`,
        message: `scope "${name}" needs a display_name: the user sees it when granting access`,
        fix: `set "display_name", e.g. ${quote(name)}`,
      });
    }
  });
}

/** Reports a URL that does not parse (placeholders filled with a sample value): nothing could call it. */
export function checkParses(url: string, path: string, name: string, issues: Issue[]): void {
  if (!url.startsWith("https://")) return; // reported as not https
  const why = unparsableUrl(url);
  if (why === undefined) return;
  issues.push({
    path,
    message: `${name} ${quote(url)} is not a URL${placeholdersOf(url).length > 0 ? " with its placeholders filled in" : ""} (${why})`,
    fix: "write an absolute https URL such as https://api.example.com/v1",
  });
}
