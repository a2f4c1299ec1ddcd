// The Scalekit client: what sync, connectorkit/proxy and the benches import.

export type { AuthorizationLink, ScopedTool } from "./authorization.ts";
export type {
  AccountRef,
  ConnectedAccountSummary,
  NewConnectedAccount,
  ProxyAnswer,
  ProxyRequest,
  ScalekitProxyError,
} from "./connected-accounts.ts";
export { ProxyPathRefused } from "./connected-accounts.ts";
export type { ConnectionListing } from "./connections.ts";
export {
  type FailureKind,
  type FieldViolation,
  grpcName,
  isScalekitApiError,
  ScalekitApiError,
} from "./errors.ts";
export type { ConnectionInfo, ConnectionSettings } from "./preview.ts";
export { defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
export { createScalekitClient, type ScalekitClient, type ScalekitClientOptions } from "./scalekit-client.ts";
export type { FetchLike, RetryNotice } from "./transport.ts";
