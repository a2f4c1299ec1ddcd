// How a proxied call that did not get the vendor's answer becomes a ProxyError: Scalekit's own
// error answer (read by the client's scalekitErrorOf) by its kind, and the client's failures (no
// answer in time, Scalekit unreachable, a refused path, a refused token) by theirs. Every text
// shown is scrubbed of the environment's client secret and access token, in each encoding they
// could be echoed in (credentialForms).
//
// Which answer is which kind reads Scalekit's error body (grpc-gateway `{code, message, details}`)
// by its gRPC code and error_code. Scalekit publishes neither its proxy error codes nor their
// messages beyond `proxy not enabled for provider`, TOOL_ERROR (the upstream's own answer) and
// RATE_LIMITED (scalekit-api.md §9.3, §10.5), so telling a missing connection and a missing account
// apart within NOT_FOUND, and an account not ACTIVE and a disabled connection apart within
// FAILED_PRECONDITION, is a GUESS on the message's words, kept here alone; an answer it cannot
// place is kind `scalekit`.

import { credentialForms, redact } from "../client/errors.ts";
import { grpcName, isScalekitApiError, ProxyPathRefused } from "../client/index.ts";
import { ProxyError, type ProxyErrorKind } from "./errors.ts";

/** Scalekit's error answer to a proxy call, as the client read it (scalekitErrorOf). */
export interface ScalekitAnswer {
  readonly status: number;
  readonly grpcCode: number;
  readonly errorCode: string;
  readonly message: string;
}

/** Which kind Scalekit's answer is (see the header: the words read within a code are a GUESS). */
function kindOfAnswer(answer: ScalekitAnswer): ProxyErrorKind {
  const { status, grpcCode, errorCode } = answer;
  // the names a message quotes (a connection called "account-sync") are not its words
  const message = answer.message.replace(/"[^"]*"/g, '""');
  if (errorCode === "UPSTREAM_UNREACHABLE") return "upstream_unreachable";
  if (errorCode === "TOKEN_REFRESH_FAILED") return "account_not_active";
  if (errorCode === "RATE_LIMITED" || status === 429 || grpcCode === 8) return "rate_limited";
  if (grpcCode === 4 || status === 504) return "upstream_timeout";
  if (grpcCode === 14 && status === 502) return "upstream_unreachable";
  if (grpcCode === 16 || grpcCode === 7) return "environment";
  if (/proxy (is )?(not enabled|disabled)/i.test(message)) return "proxy_disabled";
  if (grpcCode === 5) {
    if (/account/i.test(message)) return "account_not_found";
    if (/connection/i.test(message)) return "connection_not_found";
  }
  if (grpcCode === 9) {
    if (/connection .*disabled/i.test(message)) return "connection_disabled";
    if (/account|ACTIVE|authori[sz]e/i.test(message)) return "account_not_active";
  }
  return "scalekit";
}

/** What to do about each kind of Scalekit's answer. */
export function fixFor(kind: ProxyErrorKind, connection: string, identifier: string): string {
  switch (kind) {
    case "connection_not_found":
      return `check the connection name ${JSON.stringify(connection)} (its key_id), or pass the connector to proxyClient() to look its connection up`;
    case "connection_disabled":
      return `enable connection ${JSON.stringify(connection)} (sync apply enables the connections it manages; otherwise in the Scalekit Dashboard)`;
    case "account_not_found":
      return `the user has not connected this account yet: make a connected account with identifier ${JSON.stringify(identifier)} on connection ${JSON.stringify(connection)} (static credentials, or an authorization link for OAuth)`;
    case "account_not_active":
      return `ask the user to authorize again: send them an authorization link for identifier ${JSON.stringify(identifier)} (POST /api/v1/connected_accounts/magic_link)`;
    case "proxy_disabled":
      return "set the connector's proxy_url with .proxy(url), which enables the proxy, and apply";
    case "upstream_unreachable":
      return "check proxy_url's host, and the account's values for its {{placeholders}}";
    case "upstream_timeout":
      return "the vendor did not answer Scalekit in time: try again later, or make the call cheaper";
    case "rate_limited":
      return "wait, then try again (the answer's Retry-After says how long, when it has one)";
    case "environment":
      return "check the environment's URL, client id and client secret (SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET, or the environment option)";
    default:
      return "see Scalekit's message";
  }
}

/** The fix for a path that could leave /proxy/. */
export const pathFix =
  "pass path parameters other than . and .., and paths without dot segments or backslashes";

/** Who a call was for, for messages. */
export interface CallContext {
  /** e.g. `GET /contacts/42` */
  readonly call: string;
  readonly connection: string;
  readonly identifier: string;
  /** The environment's client id and secret, and the access tokens it was issued, to scrub. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokens: readonly string[];
}

const secretsOf = (context: Pick<CallContext, "clientId" | "clientSecret" | "tokens">) => [
  ...credentialForms(context.clientSecret, context.clientId),
  ...context.tokens.flatMap((token) => credentialForms(token)),
];

/** The ProxyError for Scalekit's own error answer to a proxy call. */
export function answerError(answer: ScalekitAnswer, context: CallContext): ProxyError {
  const kind = kindOfAnswer(answer);
  const code = grpcName(answer.grpcCode);
  const said = redact(answer.message, secretsOf(context));
  const errorCode = redact(answer.errorCode, secretsOf(context));
  return new ProxyError({
    kind,
    what: `Scalekit answered ${answer.status}${code ? ` ${code}` : ""}${errorCode ? ` (${errorCode})` : ""}: ${said} (connection ${JSON.stringify(context.connection)}, identifier ${JSON.stringify(context.identifier)})`,
    fix: fixFor(kind, context.connection, context.identifier),
    status: answer.status,
    grpcCode: answer.grpcCode,
    errorCode,
    call: context.call,
    connection: context.connection,
    identifier: context.identifier,
  });
}

/**
 * The ProxyError for a failure of the client's own (a ProxyError as it is); anything else is not
 * the client's to describe and is rethrown by the caller.
 */
export function clientError(
  error: unknown,
  context: Pick<CallContext, "clientId" | "clientSecret" | "tokens"> & Partial<CallContext>,
  timeoutMs: number,
): ProxyError | undefined {
  const where = {
    call: context.call,
    connection: context.connection || undefined,
    identifier: context.identifier,
  };
  // one raised before the call was made (a lookup) is told with the call it stopped
  if (error instanceof ProxyError)
    return error.call ? error : new ProxyError({ ...error, ...where, call: where.call });
  if (error instanceof ProxyPathRefused)
    return new ProxyError({
      kind: "path_refused",
      what: error.message,
      fix: pathFix,
      ...where,
    });
  if (!isScalekitApiError(error)) return undefined;
  // the client scrubs what it reports; the environment's tokens are scrubbed once more here
  const reason = redact(error.reason, secretsOf(context));
  if (error.kind === "timeout")
    return new ProxyError({
      kind: "timeout",
      what: `no answer from Scalekit within ${timeoutMs} ms (${error.operation})`,
      fix: "try again; a call that takes longer needs a larger timeoutMs",
      ...where,
    });
  const refused = error.status === 401 || error.status === 403;
  const kind: ProxyErrorKind =
    error.kind === "network" || refused ? "environment" : error.status === 429 ? "rate_limited" : "scalekit";
  return new ProxyError({
    kind,
    what: `${error.operation} failed: ${error.kind === "network" ? `Scalekit could not be reached (${reason})` : reason}`,
    fix: fixFor(kind, context.connection ?? "", context.identifier ?? ""),
    status: error.status,
    grpcCode: error.grpcCode,
    errorCode: error.errorCode,
    ...where,
  });
}
