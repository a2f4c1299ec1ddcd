// The options each auth method takes, and the defaults that make the common case one call.
// Defaults are the texts of Scalekit's own example payloads.
import type { CredentialFieldOptions, FieldOptions } from "./fields.ts";
import type { AuthType } from "./payload.ts";
import type { DslTypeError } from "./type-errors.ts";

/** The pattern's own label and description, shown to the user who connects. */
export interface PatternText {
  /** auth_patterns[0].display_name. Default per kind, e.g. "Bearer Token". */
  readonly displayName?: string;
  /** auth_patterns[0].description. Default per kind, e.g. "Authenticate with a static bearer token". */
  readonly description?: string;
}

type OAuthOnly<Key extends string> = DslTypeError<`${Key} is OAuth configuration: only .oauth() takes it`>;

/** Keys that would become oauth_config, refused on the static kinds. */
interface NoOAuthConfig {
  readonly authorizeUri?: OAuthOnly<"authorizeUri">;
  readonly tokenUri?: OAuthOnly<"tokenUri">;
  readonly userInfoUri?: OAuthOnly<"userInfoUri">;
  readonly pkce?: OAuthOnly<"pkce">;
}

/** `.oauth()` on an API connector: the authorization-code flow's endpoints. */
export interface OAuthOptions extends PatternText {
  /** oauth_config.authorize_uri */
  readonly authorizeUri: string;
  /** oauth_config.token_uri */
  readonly tokenUri: string;
  /** oauth_config.user_info_uri */
  readonly userInfoUri?: string;
  /** oauth_config.pkce_enabled */
  readonly pkce?: boolean;
  /** oauth_config.allow_use_scalekit_credentials */
  readonly allowScalekitCredentials?: boolean;
  /** oauth_config.custom_scope_name */
  readonly customScopeName?: string;
  /** auth_header_key_override: send the token in this header instead of Authorization. */
  readonly header?: string;
}

type DcrOnly<Key extends string> = DslTypeError<`MCP OAuth uses Dynamic Client Registration: remove ${Key}`>;

/** `.oauth()` on an MCP connector: the server does discovery and DCR; oauth_config is `{ pkce_enabled: true }`. */
export interface McpOAuthOptions extends PatternText {
  readonly authorizeUri?: DcrOnly<"authorizeUri">;
  readonly tokenUri?: DcrOnly<"tokenUri">;
  readonly userInfoUri?: DcrOnly<"userInfoUri">;
  readonly header?: string;
}

/** `.basic()`: username and password, base64-encoded by the proxy. */
export interface BasicOptions extends PatternText, NoOAuthConfig {
  /** Overrides for the `username` field. It cannot be removed. */
  readonly username?:
    | CredentialFieldOptions
    | DslTypeError<"BASIC needs a username field: change its label instead">;
  /** Overrides for the `password` field, or `false` when the API takes the username alone. */
  readonly password?: CredentialFieldOptions | false;
  /** auth_header_key_override: send the encoded credentials in this header instead of Authorization. */
  readonly header?: string;
}

/** `.bearer()`: one token sent as `Authorization: Bearer <token>`. */
export interface BearerOptions extends PatternText, NoOAuthConfig {
  /** Overrides for the `token` field. It cannot be removed. */
  readonly token?:
    | CredentialFieldOptions
    | DslTypeError<"BEARER needs a token field: change its label instead">;
  /** auth_header_key_override: send the credential in this header instead of Authorization. */
  readonly header?: string;
}

/** `.apiKey()`: one key, sent raw in Authorization or in `header`. */
export interface ApiKeyOptions extends PatternText, NoOAuthConfig {
  /** Overrides for the `api_key` field. It cannot be removed. */
  readonly key?:
    | CredentialFieldOptions
    | DslTypeError<"API_KEY needs an api_key field: change its label instead">;
  /** auth_header_key_override, e.g. "X-API-Key". */
  readonly header?: string;
}

/** `.noAuth()`: a public MCP server. */
export type NoAuthOptions = PatternText & NoOAuthConfig;

/** The pattern texts used when none are given. */
export const patternDefaults: Readonly<Record<AuthType, Required<PatternText>>> = {
  OAUTH: { displayName: "OAuth 2.0", description: "Authenticate with OAuth 2.0" },
  BASIC: { displayName: "Basic Auth", description: "Authenticate with a username and password" },
  BEARER: { displayName: "Bearer Token", description: "Authenticate with a static bearer token" },
  API_KEY: { displayName: "API Key", description: "Authenticate with a static API key" },
  NO_AUTH: { displayName: "No Auth", description: "Public server - no credentials required." },
};

export const mcpOAuthDefaults: Required<PatternText> = {
  displayName: "OAuth 2.1/DCR",
  description: "Authenticate with OAuth 2.1 and Dynamic Client Registration",
};

/** The credential fields each kind declares for you. */
export const credentialDefaults = {
  username: { label: "Username", inputType: "text", hint: "Your username" },
  password: { label: "Password", inputType: "password", hint: "Your password" },
  token: { label: "Bearer Token", inputType: "password", hint: "Your long-lived bearer token" },
  api_key: { label: "API Key", inputType: "password", hint: "Your API key" },
} as const satisfies Record<string, FieldOptions>;
