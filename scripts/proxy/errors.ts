// The proxy client's one error: a call that did not get the vendor's answer. The vendor's own
// error answers (its 4xx and 5xx) are not errors here: openapi-fetch returns them as `error`, with
// the vendor's types. This one is thrown for what Scalekit says about the call itself (no such
// connection or account, an account not ACTIVE, an upstream it cannot reach …), and for what the
// client refuses or cannot do before the vendor answers (a dot-segment path, no answer in time, an
// environment it cannot use), each with a `kind` to branch on and a fix to show. Which answer is
// which kind is failures.ts's business.

export type ProxyErrorKind =
  /** The client was set up wrong: no environment, an empty identifier, an MCP connector, a header it owns. */
  | "usage"
  /** The connector is not on the environment, or has no connection there (or several, none named). */
  | "not_deployed"
  /** Scalekit has no connection by that name. */
  | "connection_not_found"
  | "connection_disabled"
  /** No connected account with the identifier on the connection. */
  | "account_not_found"
  /** The account exists but is not ACTIVE (never authorized, expired, its token refresh failed). */
  | "account_not_active"
  /** The connector's proxy_enabled is false. */
  | "proxy_disabled"
  /** Scalekit could not reach the vendor (DNS, TLS, refused, a placeholder without a value). */
  | "upstream_unreachable"
  /** Scalekit's own time limit for the vendor passed (its 504). */
  | "upstream_timeout"
  /** No answer from Scalekit within the client's time limit. */
  | "timeout"
  /** A path that could leave Scalekit's /proxy/ prefix (a dot segment, a backslash); nothing was sent. */
  | "path_refused"
  /** The environment refused its credentials, or could not be reached. */
  | "environment"
  | "rate_limited"
  /** Any other error Scalekit answered with. */
  | "scalekit";

export interface ProxyErrorInit {
  readonly kind: ProxyErrorKind;
  /** What happened, in a sentence. */
  readonly what: string;
  readonly fix: string;
  readonly status?: number | undefined;
  /** The numeric gRPC code of Scalekit's error body. */
  readonly grpcCode?: number | undefined;
  readonly errorCode?: string | undefined;
  /** The call, e.g. `GET /contacts/42` (relative to proxy_url). */
  readonly call?: string | undefined;
  readonly connection?: string | undefined;
  readonly identifier?: string | undefined;
}

export class ProxyError extends Error {
  override name = "ProxyError";
  readonly kind: ProxyErrorKind;
  /** What happened, without the call and the fix. */
  readonly what: string;
  readonly fix: string;
  readonly status: number | undefined;
  readonly grpcCode: number | undefined;
  readonly errorCode: string | undefined;
  readonly call: string | undefined;
  readonly connection: string | undefined;
  readonly identifier: string | undefined;

  constructor(init: ProxyErrorInit) {
    super(`${init.call ? `${init.call}: ` : ""}${init.what}\n  → ${init.fix}`);
    this.kind = init.kind;
    this.what = init.what;
    this.fix = init.fix;
    this.status = init.status;
    this.grpcCode = init.grpcCode;
    this.errorCode = init.errorCode;
    this.call = init.call;
    this.connection = init.connection;
    this.identifier = init.identifier;
  }
}

/** True for the proxy client's own error (also across copies of the package). */
export const isProxyError = (value: unknown): value is ProxyError =>
  value instanceof Error && value.name === "ProxyError" && typeof (value as ProxyError).kind === "string";
