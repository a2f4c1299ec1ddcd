// oauth_config back into `.oauth()` options and `.scope()` calls (see dsl/connector.ts oauth()).
import { oauthConfigKeys, scopeKeys } from "../../dsl/rules/wire-keys.ts";
import type { LiteralValue } from "./literal.ts";
import {
  checkKeys,
  objectAt,
  optionalBoolean,
  optionalString,
  requireBoolean,
  requireString,
} from "./read.ts";
import { UnrenderableError } from "./unrenderable.ts";

type Options = Record<string, LiteralValue>;

export interface OAuthCalls {
  /** `.oauth()` options from oauth_config (without the pattern texts and header). */
  readonly options: Options;
  /** `.scope(name, options)` arguments, in order. */
  readonly scopes: [string, Options][];
}

const configKeys = new Set(Object.keys(oauthConfigKeys));
const knownScopeKeys = new Set(Object.keys(scopeKeys));

export function readOAuth(raw: unknown, mcp: boolean, path: string): OAuthCalls {
  const config = objectAt(raw, path);
  if (mcp) {
    const keys = Object.keys(config);
    if (keys.length !== 1 || config.pkce_enabled !== true) {
      throw new UnrenderableError(path, 'MCP OAuth in the DSL is always { "pkce_enabled": true }');
    }
    return { options: {}, scopes: [] };
  }
  checkKeys(config, configKeys, path);
  const userInfoUri = optionalString(config, "user_info_uri", path);
  const pkce = optionalBoolean(config, "pkce_enabled", path);
  const allowScalekitCredentials = optionalBoolean(config, "allow_use_scalekit_credentials", path);
  const customScopeName = optionalString(config, "custom_scope_name", path);
  const options: Options = {
    authorizeUri: requireString(config, "authorize_uri", path),
    tokenUri: requireString(config, "token_uri", path),
    ...(userInfoUri !== undefined && { userInfoUri }),
    ...(pkce !== undefined && { pkce }),
    ...(allowScalekitCredentials !== undefined && { allowScalekitCredentials }),
    ...(customScopeName !== undefined && { customScopeName }),
  };
  return { options, scopes: readScopes(config.available_scopes, `${path}.available_scopes`) };
}

function readScopes(raw: unknown, path: string): [string, Options][] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new UnrenderableError(path, "the DSL writes available_scopes only when .scope() was called");
  }
  return raw.map((item, index) => {
    const at = `${path}[${index}]`;
    const scope = objectAt(item, at);
    checkKeys(scope, knownScopeKeys, at);
    const name = requireString(scope, "scope", at);
    const displayName = requireString(scope, "display_name", at);
    const description = optionalString(scope, "description", at);
    const required = requireBoolean(scope, "required", at);
    const options: Options = {
      ...(displayName !== name && { displayName }),
      ...(description !== undefined && { description }),
      ...(required && { required }),
    };
    return [name, options];
  });
}
