// The connection a definition asks for in one environment: its name, whether apply manages it,
// and for an OAuth API connector the settings to hold. Defaults (decided, docs/dsl.md ".connection()"):
// managed unless the definition or the config says otherwise; the scopes requested are the
// connector's required scopes (least privilege: a scope nobody marked required is not asked
// for); PKCE as the connector's `.oauth({ pkce })`; the token endpoint's client authentication as
// Scalekit's default (POST body) unless `tokenAuth` says Basic. An environment's entry in
// `.connection({ environments })` overrides scopes and PKCE there.
import type { Payload } from "../../../dsl/payload.ts";
import type { Definition } from "../model.ts";

export interface WantedSettings {
  readonly scopes: readonly string[];
  readonly pkce: boolean;
  /** "" for Scalekit's default (client_secret_post). */
  readonly tokenAuth: string;
}

export interface WantedConnection {
  readonly connector: string;
  readonly type: string;
  /** The name the definition declares; undefined: Scalekit's generated one. */
  readonly name?: string;
  readonly managed: boolean;
  /** An OAuth API connector's (MCP OAuth registers its own client; static ones need nothing). */
  readonly settings?: WantedSettings;
}

export const isApiOAuth = (payload: Payload): boolean => {
  const [pattern] = payload.auth_patterns;
  return pattern?.type === "OAUTH" && pattern.is_mcp !== true;
};

export function wantedConnection(
  definition: Definition,
  options: { readonly environment?: string; readonly managedByDefault: boolean },
): WantedConnection {
  const spec = definition.connection ?? {};
  const [pattern] = definition.payload.auth_patterns;
  const config = pattern?.oauth_config;
  const here = options.environment === undefined ? undefined : spec.environments?.[options.environment];
  const required = (config?.available_scopes ?? []).filter((scope) => scope.required).map((s) => s.scope);
  return {
    connector: definition.display_name,
    type: pattern?.type ?? "",
    ...(spec.name !== undefined && { name: spec.name }),
    managed: spec.managed ?? options.managedByDefault,
    ...(isApiOAuth(definition.payload) && {
      settings: {
        scopes: here?.scopes ?? spec.scopes ?? required,
        pkce: here?.pkce ?? spec.pkce ?? config?.pkce_enabled === true,
        tokenAuth: spec.tokenAuth ?? "",
      },
    }),
  };
}

/** Token auth methods compared by meaning: Scalekit's default is the POST body. */
export const sameTokenAuth = (a: string, b: string): boolean =>
  (a || "client_secret_post") === (b || "client_secret_post");
