// The Scalekit client: what sync and the benches import.

export type {
  AccountRef,
  ConnectedAccountSummary,
  NewConnectedAccount,
  ProxyAnswer,
  ProxyRequest,
  ScalekitProxyError,
} from "./connected-accounts.ts";
export { ProxyPathRefused } from "./connected-accounts.ts";
export {
  type FailureKind,
  type FieldViolation,
  grpcName,
  isScalekitApiError,
  ScalekitApiError,
} from "./errors.ts";
export { defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
export { createScalekitClient, type ScalekitClient, type ScalekitClientOptions } from "./scalekit-client.ts";
export type { FetchLike } from "./transport.ts";
