import {
  type ApiKeyOptions,
  type BasicOptions,
  type BearerOptions,
  credentialDefaults,
  type McpOAuthOptions,
  mcpOAuthDefaults,
  type OAuthOptions,
  type PatternText,
  patternDefaults,
} from "./auth-options.ts";
import type { Connector, ConnectorDraft, DisplayNameCheck, ProxyOptions, ScopeOptions } from "./builders.ts";
import { type ConnectionSpec, type OAuthConnectionOptions, parseConnection } from "./connection.ts";
import { DslError } from "./errors.ts";
import { type CredentialFieldOptions, type FieldOptions, toField } from "./fields.ts";
import type { AuthPattern, AuthType, Field, FieldMutation, OAuthConfig, Payload, Scope } from "./payload.ts";
import { parseVerifyRequest, type VerifyOptions, type VerifyRequest } from "./verify.ts";

export { DslError };

/** Marks connectorkit connectors; a registered symbol, so two copies of the package still agree. */
export const connectorKind: unique symbol = Symbol.for("connectorkit.connector") as never;

interface PatternState {
  readonly type: AuthType;
  readonly displayName: string;
  readonly description: string;
  readonly oauthConfig?: OAuthConfig;
  readonly header?: string;
}

interface State {
  readonly displayName: string;
  readonly description: string;
  readonly iconSrc?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly mcp: boolean;
  readonly pattern?: PatternState;
  readonly fields: readonly Field[];
  readonly accountFields: readonly Field[];
  readonly scopes: readonly Scope[];
  readonly mutations: Readonly<Record<string, FieldMutation>>;
  readonly proxy?: { readonly url: string; readonly enabled: boolean };
  readonly verify?: VerifyRequest;
  readonly connection?: ConnectionSpec;
}

/**
 * Starts a connector. The name becomes display_name: letters, digits and spaces only, 1-200 characters.
 * The compiler rejects punctuation and blank names in a literal; build() and validate() check the rest.
 * @example connector("My Asana").description("Connect to Asana").oauth({ … }).proxy("https://app.asana.com/api")
 * // → { "display_name": "My Asana", "description": "Connect to Asana", "auth_patterns": [ … ], "proxy_url": "https://app.asana.com/api", "proxy_enabled": true }
 */
export function connector<const N extends string>(
  displayName: N & DisplayNameCheck<N>,
): ConnectorDraft<false, never, never> {
  return new ConnectorBuilder({
    displayName,
    description: "",
    mcp: false,
    fields: [],
    accountFields: [],
    scopes: [],
    mutations: {},
  }) as never;
}

/** Any connector built by this DSL, finished or not, as loaders see it. */
export interface ConnectorValue {
  readonly displayName: string;
  /** True once the connector has an auth pattern and a proxy URL. */
  readonly finished: boolean;
  /** Throws DslError when unfinished. */
  payload(): Payload;
  /** The request `sync verify` sends, when the definition declares one. */
  readonly verifyRequest: VerifyRequest | undefined;
  /** The connection `.connection()` declared, when it did. */
  readonly connectionSpec: ConnectionSpec | undefined;
}

/** True for any connector built by this DSL, finished or not. */
export function isConnector(value: unknown): value is ConnectorValue {
  return typeof value === "object" && value !== null && connectorKind in value;
}

// One implementation serves every typed state in builders.ts; each call returns a new frozen builder.
class ConnectorBuilder {
  readonly [connectorKind] = true;
  readonly #state: State;

  constructor(state: State) {
    this.#state = Object.freeze(state);
    Object.freeze(this);
  }

  get displayName(): string {
    return this.#state.displayName;
  }

  /** True once the connector has an auth pattern and a proxy URL. */
  get finished(): boolean {
    return this.#state.pattern !== undefined && this.#state.proxy !== undefined;
  }

  #with(patch: Partial<State>): ConnectorBuilder {
    if (this.#state.proxy)
      throw new DslError(`${this.#where()}: .proxy() finishes a connector; call it last`);
    return new ConnectorBuilder({ ...this.#state, ...patch });
  }

  get verifyRequest(): VerifyRequest | undefined {
    return this.#state.verify;
  }

  get connectionSpec(): ConnectionSpec | undefined {
    return this.#state.connection;
  }

  #where(): string {
    return `connector "${this.#state.displayName}"`;
  }

  description(text: string) {
    return this.#with({ description: text });
  }

  icon(url: string) {
    return this.#with({ iconSrc: url });
  }

  metadata(pairs: Readonly<Record<string, string>>) {
    return this.#with({ metadata: { ...this.#state.metadata, ...pairs } });
  }

  mcp() {
    if (this.#state.pattern) throw new DslError(`${this.#where()}: call .mcp() before the auth method`);
    return this.#with({ mcp: true });
  }

  field(name: string, options?: FieldOptions) {
    if (this.#state.pattern?.type === "NO_AUTH") {
      throw new DslError(
        `${this.#where()}: a NO_AUTH connector collects no fields; remove .field("${name}")`,
      );
    }
    return this.#with({ fields: [...this.#state.fields, toField(name, options)] });
  }

  accountField(name: string, options?: FieldOptions) {
    this.#expect("OAUTH", "accountField");
    return this.#with({ accountFields: [...this.#state.accountFields, toField(name, options)] });
  }

  scope(name: string, options: ScopeOptions = {}) {
    this.#expect("OAUTH", "scope");
    if (this.#state.mcp) throw new DslError(`${this.#where()}: MCP OAuth negotiates scopes through DCR`);
    const scope: Scope = {
      scope: name,
      display_name: options.displayName ?? name,
      ...(options.description !== undefined && { description: options.description }),
      required: options.required ?? false,
    };
    return this.#with({ scopes: [...this.#state.scopes, scope] });
  }

  mutate(field: string, mutation: FieldMutation) {
    if (!this.#state.pattern) throw new DslError(`${this.#where()}: choose an auth method before .mutate()`);
    if (field in this.#state.mutations) {
      throw new DslError(
        `${this.#where()}: "${field}" is already mutated; give its prefix, suffix and default in one .mutate()`,
      );
    }
    const clean: FieldMutation = {
      ...(mutation.prefix !== undefined && { prefix: mutation.prefix }),
      ...(mutation.suffix !== undefined && { suffix: mutation.suffix }),
      ...(mutation.default !== undefined && { default: mutation.default }),
    };
    return this.#with({ mutations: { ...this.#state.mutations, [field]: clean } });
  }

  oauth(options: Partial<OAuthOptions> & McpOAuthOptions = {}) {
    const text = this.#state.mcp ? mcpOAuthDefaults : patternDefaults.OAUTH;
    const oauthConfig: OAuthConfig = this.#state.mcp
      ? { pkce_enabled: true }
      : {
          ...(options.authorizeUri !== undefined && { authorize_uri: options.authorizeUri }),
          ...(options.tokenUri !== undefined && { token_uri: options.tokenUri }),
          ...(options.userInfoUri !== undefined && { user_info_uri: options.userInfoUri }),
          ...(options.pkce !== undefined && { pkce_enabled: options.pkce }),
          ...(options.allowScalekitCredentials !== undefined && {
            allow_use_scalekit_credentials: options.allowScalekitCredentials,
          }),
          ...(options.customScopeName !== undefined && { custom_scope_name: options.customScopeName }),
        };
    return this.#choose("OAUTH", options, text, [], { oauthConfig, header: options.header });
  }

  basic(options: BasicOptions = {}) {
    const password = options.password === false ? [] : [credential("password", options.password)];
    return this.#choose(
      "BASIC",
      options,
      patternDefaults.BASIC,
      [credential("username", options.username), ...password],
      { header: options.header },
    );
  }

  bearer(options: BearerOptions = {}) {
    return this.#choose("BEARER", options, patternDefaults.BEARER, [credential("token", options.token)], {
      header: options.header,
    });
  }

  apiKey(options: ApiKeyOptions = {}) {
    return this.#choose("API_KEY", options, patternDefaults.API_KEY, [credential("api_key", options.key)], {
      header: options.header,
    });
  }

  noAuth(options: PatternText = {}) {
    if (!this.#state.mcp)
      throw new DslError(`${this.#where()}: NO_AUTH is only for MCP servers; call .mcp() first`);
    if (this.#state.fields.length > 0)
      throw new DslError(
        `${this.#where()}: a NO_AUTH connector collects no fields; remove the .field() calls`,
      );
    return this.#choose("NO_AUTH", options, patternDefaults.NO_AUTH, []);
  }

  proxy(url: string, options: ProxyOptions = {}) {
    if (!this.#state.pattern) throw new DslError(`${this.#where()}: choose an auth method before .proxy()`);
    return this.#with({ proxy: { url, enabled: options.enabled ?? true } });
  }

  verify(request: string, options?: VerifyOptions) {
    if (!this.finished) {
      throw new DslError(`${this.#where()}: .verify() comes after .proxy(url), on a finished connector`);
    }
    return new ConnectorBuilder({ ...this.#state, verify: parseVerifyRequest(request, options) });
  }

  connection(options: OAuthConnectionOptions = {}) {
    if (!this.finished) {
      throw new DslError(`${this.#where()}: .connection() comes after .proxy(url), on a finished connector`);
    }
    if (this.#state.connection) throw new DslError(`${this.#where()}: .connection() is given once`);
    return new ConnectorBuilder({
      ...this.#state,
      connection: parseConnection(options, this.payload(), this.#where()),
    });
  }

  #choose(
    type: AuthType,
    text: PatternText,
    defaults: Required<PatternText>,
    credentials: readonly Field[],
    extra: { oauthConfig?: OAuthConfig; header?: string | undefined } = {},
  ): ConnectorBuilder {
    if (this.#state.pattern) {
      throw new DslError(`${this.#where()}: a custom connector has exactly one auth pattern`);
    }
    const pattern: PatternState = {
      type,
      displayName: text.displayName ?? defaults.displayName,
      description: text.description ?? defaults.description,
      ...(extra.oauthConfig && { oauthConfig: extra.oauthConfig }),
      ...(extra.header !== undefined && { header: extra.header }),
    };
    return this.#with({ pattern, fields: [...this.#state.fields, ...credentials] });
  }

  #expect(type: AuthType, method: string): void {
    if (this.#state.pattern?.type !== type) {
      throw new DslError(`${this.#where()}: .${method}() needs the ${type} auth pattern`);
    }
  }

  payload(): Payload {
    const state = this.#state;
    if (!state.pattern || !state.proxy) {
      throw new DslError(`${this.#where()} is unfinished: give it an auth pattern and a .proxy(url)`);
    }
    return {
      display_name: state.displayName,
      description: state.description,
      ...(state.iconSrc !== undefined && { icon_src: state.iconSrc }),
      ...(state.metadata !== undefined && { metadata: { ...state.metadata } }),
      auth_patterns: [toPattern(state, state.pattern)],
      proxy_url: state.proxy.url,
      proxy_enabled: state.proxy.enabled,
    };
  }

  toJSON(): Payload {
    return this.payload();
  }
}

// The default hint describes the default label: a label of your own comes with only the hint you give.
function credential(name: keyof typeof credentialDefaults, overrides: unknown): Field {
  const given =
    typeof overrides === "object" && overrides !== null ? (overrides as CredentialFieldOptions) : {};
  const { hint: _defaultHint, ...withoutHint } = credentialDefaults[name];
  return toField(name, { ...(given.label === undefined ? credentialDefaults[name] : withoutHint), ...given });
}

function toPattern(state: State, pattern: PatternState): AuthPattern {
  const scopes = state.scopes.length > 0 ? { available_scopes: [...state.scopes] } : {};
  return {
    type: pattern.type,
    display_name: pattern.displayName,
    description: pattern.description,
    ...(state.mcp && { is_mcp: true }),
    fields: [...state.fields],
    ...(state.accountFields.length > 0 && { account_fields: [...state.accountFields] }),
    ...(pattern.oauthConfig && { oauth_config: { ...pattern.oauthConfig, ...scopes } }),
    ...(pattern.header !== undefined && { auth_header_key_override: pattern.header }),
    ...(Object.keys(state.mutations).length > 0 && { auth_field_mutations: { ...state.mutations } }),
  };
}

export type { Connector };
