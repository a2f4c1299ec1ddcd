// connectorkit's public surface: the builder, its types, validation.

export type {
  ApiKeyOptions,
  BasicOptions,
  BearerOptions,
  McpOAuthOptions,
  NoAuthOptions,
  OAuthOptions,
  PatternText,
} from "./auth-options.ts";
export { build } from "./build.ts";
export type {
  ConnectionKind,
  Connector,
  ConnectorDraft,
  OAuthConnector,
  PlainConnectionOptions,
  ProxyOptions,
  ScopeOptions,
  StaticConnector,
} from "./builders.ts";
export { type ConnectorkitConfig, defineConfig, type EnvironmentConfig } from "./config.ts";
export type {
  ConnectionEnvironmentOptions,
  ConnectionOptions,
  ConnectionSpec,
  OAuthConnectionOptions,
} from "./connection.ts";
export { type ConnectorValue, connector, connectorKind, DslError, isConnector } from "./connector.ts";
export type { CredentialFieldOptions, FieldOptions, SelectOption } from "./fields.ts";
export type {
  AuthPattern,
  AuthType,
  CredentialField,
  Field,
  FieldMutation,
  OAuthConfig,
  Payload,
  Provider,
  Scope,
} from "./payload.ts";
export type { DslTypeError } from "./type-errors.ts";
export { formatIssues, type Issue, ValidationError, validate } from "./validate.ts";
export type { VerifyMethod, VerifyOptions, VerifyRequest } from "./verify.ts";
