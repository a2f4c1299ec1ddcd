// The builder's public states. Each state is a named interface (tsc caches those) whose type
// parameters carry what later calls are checked against:
//   M: MCP or not · F: field names in the pattern · P: OAuth placeholder providers · C: credential fields
//   A: credential fields the auth kind left out (BASIC's password) · X: credential fields already mutated.
// Calls that cannot apply in a state are typed DslTypeError so the compiler error says why.
import type {
  ApiKeyOptions,
  BasicOptions,
  BearerOptions,
  McpOAuthOptions,
  NoAuthOptions,
  OAuthOptions,
  PatternText,
} from "./auth-options.ts";
import type {
  AbsentMutationCheck,
  DisplayNameCheck,
  FieldOptionsCheck,
  MutationTarget,
  OAuthProxyCheck,
  OAuthUrlCheck,
  OAuthUrlPlaceholders,
  PathParamName,
  StaticProxyCheck,
  UniqueName,
} from "./checks.ts";
import type { ConnectionOptions, ConnectionSpec, OAuthConnectionOptions } from "./connection.ts";
import type { CredentialFieldOptions, FieldOptions } from "./fields.ts";
import type { FieldMutation, Payload } from "./payload.ts";
import type { DslTypeError, Messages } from "./type-errors.ts";
import type { VerifyMethod, VerifyOptions, VerifyRequest } from "./verify.ts";

export type { DisplayNameCheck };

declare const finished: unique symbol;

// An auth method whose credential field the user already declared is not callable.
type Clash<F extends string, Mine extends string, Method> = [Extract<F, Mine>] extends [never]
  ? Method
  : DslTypeError<`this auth kind declares ${Extract<F, Mine>}: remove your own .field('${Extract<F, Mine>}')`>;
type BasicMethod<F extends string> = <const O extends BasicOptions = BasicOptions>(
  options?: O,
) => O extends { readonly password: false }
  ? StaticConnector<F | "username", "username", "password">
  : StaticConnector<F | "username" | "password", "username" | "password">;
type HttpsCheck<U extends string> = string extends U
  ? unknown
  : U extends `https://${string}`
    ? unknown
    : DslTypeError<Messages["iconHttps"]>;

/** `.proxy()` options. */
export interface ProxyOptions {
  /** proxy_enabled. Default: true (Scalekit calls the upstream only through the proxy). */
  readonly enabled?: boolean;
}

/** The calls every unfinished state shares. */
export interface Describable<Self> {
  /**
   * Sets the connector's description.
   * @example connector("My Asana").description("Connect to Asana")
   * // → { "display_name": "My Asana", "description": "Connect to Asana", … }
   */
  description(text: string): Self;
  /**
   * Sets the icon shown in the dashboard (an https URL; 800×800 SVG recommended).
   * @example connector("My Asana").icon("https://cdn.example.com/asana.svg")
   * // → { …, "icon_src": "https://cdn.example.com/asana.svg" }
   */
  icon<const U extends string>(url: U & HttpsCheck<U>): Self;
  /**
   * Adds metadata pairs (at most 20; keys 3-25 characters, values 1-256). Later calls merge.
   * @example connector("My Asana").metadata({ team: "growth" })
   * // → { …, "metadata": { "team": "growth" } }
   */
  metadata(pairs: Readonly<Record<string, string>>): Self;
  readonly displayName: string;
  // Every member of Connector, typed with why it is missing, so using an unfinished connector
  // where a Connector is expected says what to do instead of listing missing members.
  readonly [finished]: DslTypeError<Messages["unfinished"]>;
  /** DslTypeError<Messages["unfinished"]> connectors have no payload yet. */
  readonly payload: DslTypeError<Messages["unfinished"]>;
  readonly toJSON: DslTypeError<Messages["unfinished"]>;
  readonly verify: DslTypeError<Messages["verifyUnfinished"]>;
  readonly verifyRequest: undefined;
  readonly connection: DslTypeError<Messages["connectionUnfinished"]>;
  readonly connectionSpec: undefined;
}

/** A connector with a name and no auth pattern yet: what `connector()` returns. */
export interface ConnectorDraft<M extends boolean, F extends string, P extends string>
  extends Describable<ConnectorDraft<M, F, P>> {
  /**
   * Marks the connector as an MCP server connector (`is_mcp: true` on its pattern). Call it before the auth method.
   * @example connector("Github MCP").mcp().oauth().proxy("https://api.githubcopilot.com/mcp/")
   * // → { "auth_patterns": [{ "type": "OAUTH", "is_mcp": true, "oauth_config": { "pkce_enabled": true }, … }], … }
   */
  readonly mcp: M extends true ? DslTypeError<Messages["alreadyMcp"]> : () => ConnectorDraft<true, F, P>;
  /**
   * Declares a field before the auth method, so it comes before the credential fields in `fields`.
   * @example connector("My Freshdesk").field("domain", { label: "Freshdesk Domain" }).basic()
   * // → fields: [{ "field_name": "domain", "label": "Freshdesk Domain", "input_type": "text", "required": true }, { "field_name": "username", … }, …]
   */
  field<const N extends string, const O extends FieldOptions = FieldOptions>(
    name: N & UniqueName<N, F>,
    options?: O & FieldOptionsCheck<O>,
  ): ConnectorDraft<M, F | N, P | PathParamName<N, O>>;
  /**
   * Chooses OAuth. On an API connector give the authorization-code endpoints; on an MCP connector
   * give nothing (the server is discovered and registered with DCR).
   * @example connector("My Asana").oauth({ authorizeUri: "https://app.asana.com/-/oauth_authorize", tokenUri: "https://app.asana.com/-/oauth_token" })
   * // → { "type": "OAUTH", "display_name": "OAuth 2.0", "description": "Authenticate with OAuth 2.0", "fields": [],
   * //     "oauth_config": { "authorize_uri": "https://app.asana.com/-/oauth_authorize", "token_uri": "https://app.asana.com/-/oauth_token" } }
   */
  readonly oauth: M extends true
    ? (options?: McpOAuthOptions) => OAuthConnector<M, F, P>
    : <const A extends string, const T extends string, const I extends string = never>(
        options: OAuthOptions & {
          readonly authorizeUri: A & OAuthUrlCheck<A, "authorizeUri">;
          readonly tokenUri: T & OAuthUrlCheck<T, "tokenUri">;
          readonly userInfoUri?: I & OAuthUrlCheck<I, "userInfoUri">;
        },
      ) => OAuthConnector<M, F, P, OAuthUrlPlaceholders<A, T, I>>;
  /**
   * Chooses BASIC auth: declares `username` and `password` fields (override or drop the password in options).
   * @example connector("My Internal MCP").mcp().basic()
   * // → { "type": "BASIC", "display_name": "Basic Auth", "fields": [{ "field_name": "username", "input_type": "text", … }, { "field_name": "password", "input_type": "password", … }], … }
   */
  readonly basic: Clash<F, "username" | "password", BasicMethod<F>>;
  /**
   * Chooses BEARER auth: declares the `token` field.
   * @example connector("My Bearer Token Provider").bearer()
   * // → { "type": "BEARER", "display_name": "Bearer Token", "description": "Authenticate with a static bearer token",
   * //     "fields": [{ "field_name": "token", "label": "Bearer Token", "input_type": "password", "hint": "Your long-lived bearer token", "required": true }] }
   */
  readonly bearer: Clash<F, "token", (options?: BearerOptions) => StaticConnector<F | "token", "token">>;
  /**
   * Chooses API_KEY auth: declares the `api_key` field; `header` sets auth_header_key_override.
   * @example connector("My Klaviyo").apiKey({ header: "X-API-Key" })
   * // → { "type": "API_KEY", …, "fields": [{ "field_name": "api_key", … }], "auth_header_key_override": "X-API-Key" }
   */
  readonly apiKey: Clash<
    F,
    "api_key",
    (options?: ApiKeyOptions) => StaticConnector<F | "api_key", "api_key">
  >;
  /**
   * Chooses NO_AUTH, for public MCP servers only.
   * @example connector("Public Docs MCP").mcp().noAuth()
   * // → { "type": "NO_AUTH", "display_name": "No Auth", "description": "Public server - no credentials required.", "is_mcp": true, "fields": [] }
   */
  readonly noAuth: M extends true
    ? [F] extends [never]
      ? (options?: NoAuthOptions) => StaticConnector<never, never>
      : DslTypeError<Messages["noAuthFields"]>
    : DslTypeError<Messages["noAuthIsMcp"]>;
  readonly scope: DslTypeError<Messages["scopeBeforeOAuth"]>;
  readonly accountField: DslTypeError<Messages["accountFieldBeforeOAuth"]>;
  readonly mutate: DslTypeError<Messages["mutateBeforeAuth"]>;
  readonly proxy: DslTypeError<Messages["proxyBeforeAuth"]>;
}

/** Calls refused once an auth pattern is chosen. */
interface AuthChosen {
  readonly oauth: DslTypeError<Messages["onePattern"]>;
  readonly basic: DslTypeError<Messages["onePattern"]>;
  readonly bearer: DslTypeError<Messages["onePattern"]>;
  readonly apiKey: DslTypeError<Messages["onePattern"]>;
  readonly noAuth: DslTypeError<Messages["onePattern"]>;
  readonly mcp: DslTypeError<Messages["mcpFirst"]>;
}

/**
 * A connector with an OAuth pattern. Q: the placeholders its OAuth URLs use, which `.proxy()`
 * checks against the fields declared by then, as it checks proxy_url's.
 */
export interface OAuthConnector<
  M extends boolean,
  F extends string,
  P extends string,
  Q extends string = never,
> extends Describable<OAuthConnector<M, F, P, Q>>,
    AuthChosen {
  /**
   * Adds a scope to oauth_config.available_scopes (API connectors only).
   * @example .scope("email", { displayName: "Email", description: "Access user email address", required: true })
   * // → "available_scopes": [{ "scope": "email", "display_name": "Email", "description": "Access user email address", "required": true }]
   */
  readonly scope: M extends true
    ? DslTypeError<Messages["mcpScopes"]>
    : (name: string, options?: ScopeOptions) => OAuthConnector<M, F, P, Q>;
  readonly mutate: DslTypeError<Messages["oauthMutations"]>;
  /**
   * Adds a field collected before the OAuth flow; with `isPathParam: true` it fills a proxy_url placeholder.
   * @example .field("region", { inputType: "select", options: [{ value: "eu" }, { value: "us" }], isPathParam: true })
   * // → "fields": [{ "field_name": "region", "label": "Region", "input_type": "select", "required": true, "is_path_param": true, "options": [{ "value": "eu" }, { "value": "us" }] }]
   */
  field<const N extends string, const O extends FieldOptions = FieldOptions>(
    name: N & UniqueName<N, F>,
    options?: O & FieldOptionsCheck<O>,
  ): OAuthConnector<M, F | N, P | PathParamName<N, O>, Q>;
  /**
   * Adds an account-scoped field (account_fields), typically a proxy_url placeholder.
   * @example .accountField("subdomain", { hint: "acme for acme.example.com" }).proxy("https://{{subdomain}}.example.com/api")
   * // → "account_fields": [{ "field_name": "subdomain", "label": "Subdomain", "input_type": "text", "hint": "acme for acme.example.com", "required": true }]
   */
  accountField<const N extends string, const O extends FieldOptions = FieldOptions>(
    name: N & UniqueName<N, F>,
    options?: O & FieldOptionsCheck<O>,
  ): OAuthConnector<M, F | N, P | N, Q>;
  /**
   * Sets proxy_url and finishes the connector. Every `{{name}}` in it and in the OAuth URLs must
   * come from an account field or a path-param field.
   * @example .proxy("https://app.asana.com/api")
   * // → { …, "proxy_url": "https://app.asana.com/api", "proxy_enabled": true }
   */
  proxy<const U extends string>(
    url: U & OAuthProxyCheck<U, P, Q>,
    options?: ProxyOptions,
  ): Connector<M extends true ? "dcr" : "oauth">;
}

/** A connector with a BASIC, BEARER, API_KEY or NO_AUTH pattern (C is never for NO_AUTH). */
export interface StaticConnector<
  F extends string,
  C extends string,
  A extends string = never,
  X extends string = never,
> extends Describable<StaticConnector<F, C, A, X>>,
    AuthChosen {
  readonly scope: DslTypeError<Messages["scopesAreOAuth"]>;
  readonly accountField: DslTypeError<Messages["accountFieldsAreOAuth"]>;
  /**
   * Adds a field to the pattern; any field can fill a `{{name}}` placeholder in proxy_url. NO_AUTH takes none.
   * @example connector("My Freshdesk").basic().field("domain", { hint: "yourcompany.freshdesk.com" })
   * // → "fields": [{ "field_name": "username", … }, { "field_name": "password", … }, { "field_name": "domain", "label": "Domain", "input_type": "text", "hint": "yourcompany.freshdesk.com", "required": true }]
   */
  readonly field: [C] extends [never]
    ? DslTypeError<Messages["noAuthFields"]>
    : <const N extends string, const O extends FieldOptions = FieldOptions>(
        name: N & UniqueName<N, F>,
        options?: O & FieldOptionsCheck<O>,
      ) => StaticConnector<F | N, C, A, X>;
  /**
   * Transforms a credential before it is sent (auth_field_mutations): `default` fills an empty value,
   * then `prefix` and `suffix` are added. One call per credential. A credential the auth method
   * left out (`.basic({ password: false })`) takes a mutation with a `default`: the value sent in its place.
   * @example connector("My Zendesk").basic().mutate("username", { suffix: "/token" })
   * // → "auth_field_mutations": { "username": { "suffix": "/token" } }
   * @example connector("My Freshdesk").basic({ password: false }).mutate("password", { default: "X" })
   * // → "fields": [{ "field_name": "username", … }], "auth_field_mutations": { "password": { "default": "X" } }
   */
  readonly mutate: [A] extends [never]
    ? <const T extends string>(
        field: T & MutationTarget<T, C, A, X>,
        mutation: FieldMutation,
      ) => StaticConnector<F, C, A, X | T>
    : // only a pattern that left a credential out pays for reading the mutation's keys
      <const T extends string, const Mu extends FieldMutation>(
        field: T & MutationTarget<T, C, A, X>,
        mutation: Mu & AbsentMutationCheck<T, C, Mu>,
      ) => StaticConnector<F, C, A, X | T>;
  /**
   * Sets proxy_url and finishes the connector. Every `{{name}}` must be one of the pattern's fields.
   * @example connector("My Freshdesk").field("domain").basic().proxy("https://{{domain}}/api")
   * // → { …, "proxy_url": "https://{{domain}}/api", "proxy_enabled": true }
   */
  proxy<const U extends string>(url: U & StaticProxyCheck<U, F>, options?: ProxyOptions): Connector<"static">;
}

/** `.scope()` options. */
export interface ScopeOptions {
  /** Default: the scope name. */
  readonly displayName?: string;
  readonly description?: string;
  /** Default: false. */
  readonly required?: boolean;
}

type VerifyRequestCheck<R extends string> = string extends R
  ? unknown
  : R extends `${VerifyMethod} /${string}`
    ? R extends
        | `${string}/../${string}`
        | `${string}/..`
        | `${string}/./${string}`
        | `${string}/.`
        | `${string}\\${string}`
      ? DslTypeError<Messages["verifyDotSegment"]>
      : unknown
    : DslTypeError<Messages["verifyRequest"]>;

/** What a finished connector's connection needs: OAuth API settings, a DCR client, or nothing. */
export type ConnectionKind = "oauth" | "dcr" | "static";

/** `.connection()` options of a connector whose credentials need no connection settings. */
export interface PlainConnectionOptions extends ConnectionOptions {
  readonly scopes?: DslTypeError<Messages["connectionSettingsOAuth"]>;
  readonly pkce?: DslTypeError<Messages["connectionSettingsOAuth"]>;
  readonly tokenAuth?: DslTypeError<Messages["connectionSettingsOAuth"]>;
  readonly environments?: DslTypeError<Messages["connectionSettingsOAuth"]>;
}

type ConnectionOptionsFor<K extends ConnectionKind> = K extends "oauth"
  ? OAuthConnectionOptions
  : PlainConnectionOptions;

/** A finished connector: one auth pattern and a proxy URL. `JSON.stringify` gives its payload. */
export interface Connector<K extends ConnectionKind = ConnectionKind> {
  readonly [finished]: true;
  readonly displayName: string;
  /**
   * The exact JSON body for Scalekit's create and update calls, keys in a fixed order.
   * @example connector("My Bearer Token Provider").bearer().proxy("https://api.example.com").payload()
   * // → { "display_name": "My Bearer Token Provider", "description": "", "auth_patterns": [ … ], "proxy_url": "https://api.example.com", "proxy_enabled": true }
   */
  payload(): Payload;
  /** Same as `payload()`, so `JSON.stringify(connector)` prints the payload. */
  toJSON(): Payload;
  /**
   * Declares the request `sync verify` sends through Scalekit's tool proxy to prove the connector
   * works: a cheap call that needs the credential, its path relative to proxy_url. It is not part of
   * the payload and is never sent to Scalekit's management API. `accept` lists statuses besides 2xx
   * that mean the credential was accepted.
   * @example connector("My Tracker").apiKey({ header: "X-API-Key" }).proxy("https://api.tracker.example/v1").verify("GET /me")
   * // → the payload is unchanged; `sync verify "My Tracker"` calls GET https://api.tracker.example/v1/me
   * @example .verify("POST /search", { body: { query: "" }, accept: [400] })
   * // → a 400 from the upstream also counts as "credential accepted"
   * @example .verify("GET /indexes", { headers: { "X-Api-Version": "2025-01" } })
   * // → sends X-Api-Version beside the credential Scalekit adds
   * @example .verify("POST /soap", { raw: "<Ping/>", headers: { "Content-Type": "text/xml" } })
   * // → the body is sent as it is; `form: { q: "" }` sends a form body instead
   */
  verify<const R extends string>(request: R & VerifyRequestCheck<R>, options?: VerifyOptions): Connector<K>;
  /** The request `.verify()` declared, or undefined. */
  readonly verifyRequest: VerifyRequest | undefined;
  /**
   * Declares the connector's app connection, which `sync apply` makes after the connector and keeps
   * up to date (or, with `managed: false`, only looks up). Not part of the payload. An OAuth API
   * connection's client id and secret come from `CONNECTORKIT_OAUTH_<CONNECTOR>_CLIENT_ID` and
   * `…_CLIENT_SECRET` (prefixed `<ENV>_` for `--env`), never from code; its scopes default to the
   * connector's required scopes and PKCE to the connector's `pkce`.
   * @example connector("Acme CRM").oauth({ … }).scope("contacts.read", { required: true }).proxy("https://api.acme.example").connection({ name: "acme-crm" })
   * // → the payload is unchanged; apply makes connection "acme-crm" requesting ["contacts.read"]
   * @example .connection({ name: "acme-crm", scopes: ["contacts.read", "deals.write"], environments: { prod: { scopes: ["contacts.read"] } } })
   * // → requests both scopes, except with --env prod
   * @example connector("Tracker").bearer().proxy("https://api.tracker.example").connection({ managed: false })
   * // → apply never makes it: it is made in the Dashboard and looked up
   */
  connection(options: ConnectionOptionsFor<K>): Connector<K>;
  /** What `.connection()` declared, or undefined (then: a managed connection with the defaults). */
  readonly connectionSpec: ConnectionSpec | undefined;
}

/** Rejects unfinished connectors where a finished one is required. */
export type FinishedCheck<C> = C extends Connector ? unknown : DslTypeError<Messages["unfinished"]>;

export type { CredentialFieldOptions, PatternText };
