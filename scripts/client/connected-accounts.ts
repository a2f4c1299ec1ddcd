// Connected accounts and the tool proxy (scalekit-api.md §9.2, §9.3), behind the client's
// interface. Credentials go in and never come back out: create returns the account without its
// authorization_details, and every error text is scrubbed of the values sent. A proxy answer is
// the upstream's, unless Scalekit itself refused or failed the call, which `scalekitError` says.
import type { Client } from "openapi-fetch";
import { requestPathProblem } from "../../dsl/rules/request-path.ts";
import type { VerifyBody } from "../../dsl/verify.ts";
import type { components, paths } from "../../generated/api/schema.ts";
import { withTimeLimit } from "../lib/time-limit.ts";
import { malformed, parseErrorBody, ScalekitApiError } from "./errors.ts";
import { wholeAnswer } from "./proxy-answer.ts";
import type { TokenSource } from "./token.ts";
import { type FetchLike, failureDetail } from "./transport.ts";

export type ConnectedAccountSummary = components["schemas"]["ConnectedAccountSummary"];

export interface NewConnectedAccount {
  /** The connection name (the app connection's key_id). */
  readonly connection: string;
  readonly identifier: string;
  /** static_auth details: field values by field_name, and path_variables. None for OAuth. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AccountRef {
  readonly connection: string;
  readonly identifier: string;
}

export interface ProxyRequest extends AccountRef {
  readonly method: string;
  /** Relative to the connector's proxy_url, query included, e.g. "/me?limit=1". */
  readonly path: string;
  /** Sent beside the proxy's own headers (which they cannot replace). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Encoded as its type says, or bytes sent as they are (with the caller's content-type). */
  readonly body?: VerifyBody | Uint8Array;
  /** Aborting it aborts the call, as fetch's signal does. */
  readonly signal?: AbortSignal;
}

export interface ScalekitProxyError {
  /** The numeric gRPC code of Scalekit's error body. */
  readonly grpcCode: number;
  readonly errorCode: string;
  readonly message: string;
}

export interface ProxyAnswer {
  readonly status: number;
  /** The upstream's headers, less the content coding and framing of the hop. */
  readonly headers: Headers;
  /** The whole answer, decoded of any content coding. */
  readonly bytes: Uint8Array;
  /** `bytes` as UTF-8 text. */
  readonly body: string;
  /** Set when the answer is Scalekit's own error (no connection, no account, upstream unreachable …). */
  readonly scalekitError?: ScalekitProxyError;
}

export interface ConnectedAccountsApi {
  /** Creates an account with static credentials; the answer leaves the credentials out. */
  createConnectedAccount(account: NewConnectedAccount): Promise<ConnectedAccountSummary>;
  /** Every account on the connection (all pages), optionally one identifier's. */
  listConnectedAccounts(filter: {
    connection: string;
    identifier?: string;
  }): Promise<ConnectedAccountSummary[]>;
  deleteConnectedAccount(account: AccountRef): Promise<void>;
  /** One call through the tool proxy, sent once (never retried blindly: it may write upstream). */
  proxyRequest(request: ProxyRequest): Promise<ProxyAnswer>;
}

export interface ApiAnswer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The client's one way to make an API call and turn a failure into ScalekitApiError. */
export type ApiCall = <T>(
  operation: string,
  method: string,
  path: string,
  run: () => Promise<ApiAnswer<T>>,
) => Promise<T>;

export interface ConnectedAccountsDeps {
  readonly api: Client<paths>;
  readonly call: ApiCall;
  readonly baseUrl: string;
  readonly tokens: TokenSource;
  /** For proxy calls, which bypass the retrying transport. */
  readonly fetch: FetchLike;
  /** How long a proxy call may take, in ms. */
  readonly timeoutMs: number;
}

const maxPages = 1000;

/** Every string value in a details object, nested path_variables included. */
function valuesOf(details: Readonly<Record<string, unknown>> | undefined): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string")
      out.push(value, encodeURIComponent(value), Buffer.from(value).toString("base64"));
    else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) walk(item);
  };
  walk(details);
  return out.filter((value) => value.length >= 3);
}

/** The same error, with `secrets` scrubbed from everything the server said. */
const scrubbed = (error: unknown, secrets: readonly string[]): unknown =>
  error instanceof ScalekitApiError ? error.scrubbed(secrets) : error;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Scalekit's error body {code, message, details:[ErrorInfo]}; TOOL_ERROR marks the upstream's own answer. */
function scalekitErrorOf(body: string): ScalekitProxyError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const record = asRecord(parsed);
  if (!record || typeof record.code !== "number" || !Array.isArray(record.details)) return undefined;
  const info = record.details
    .map(asRecord)
    .find((detail) => typeof detail?.["@type"] === "string" && detail["@type"].includes("scalekit"));
  if (!info) return undefined;
  const errorCode = typeof info.error_code === "string" ? info.error_code : "";
  if (errorCode === "TOOL_ERROR") return undefined;
  return { grpcCode: record.code, errorCode, message: parseErrorBody(record, "").message };
}

/** A proxy request whose path could leave /proxy/ (dot segments, backslashes): refused before sending. */
export class ProxyPathRefused extends Error {
  override name = "ProxyPathRefused";
}

function encodeBody(
  body: VerifyBody | Uint8Array | undefined,
): { type?: string; data: string | Uint8Array } | undefined {
  if (body === undefined) return undefined;
  if (body instanceof Uint8Array) return { data: body };
  if (body.type === "json") return { type: "application/json", data: JSON.stringify(body.value) };
  if (body.type === "form")
    return {
      type: "application/x-www-form-urlencoded",
      data: new URLSearchParams({ ...body.value }).toString(),
    };
  return { data: body.value };
}

const malformedList = (message: string) =>
  malformed("Listing connected accounts", "GET", "/api/v1/connected_accounts", message);

export function connectedAccountsApi(deps: ConnectedAccountsDeps): ConnectedAccountsApi {
  const { api, call } = deps;
  const listPath = "/api/v1/connected_accounts";
  const deletePath = "/api/v1/connected_accounts:delete";

  return {
    async createConnectedAccount(account) {
      const secrets = valuesOf(account.details);
      const data = await call("Creating a connected account", "POST", listPath, () =>
        api.POST(listPath, {
          body: {
            connector: account.connection,
            identifier: account.identifier,
            // without details the account waits for the user's authorization (OAuth)
            connected_account:
              account.details === undefined
                ? {}
                : { authorization_details: { static_auth: { details: { ...account.details } } } },
          },
        }),
      ).catch((error: unknown) => {
        throw scrubbed(error, secrets);
      });
      const created = data.connected_account;
      if (typeof created?.id !== "string") {
        throw malformed(
          "Creating a connected account",
          "POST",
          listPath,
          "the answer has no connected_account",
          201,
        );
      }
      const { authorization_details: _credentials, api_config: _config, ...summary } = created;
      return summary;
    },

    async listConnectedAccounts(filter) {
      const accounts: ConnectedAccountSummary[] = [];
      const seen = new Set<string>();
      let pageToken = "";
      for (let page = 0; page < maxPages; page++) {
        const data = await call("Listing connected accounts", "GET", listPath, () =>
          api.GET(listPath, {
            params: {
              query: {
                connector: filter.connection,
                ...(filter.identifier !== undefined && { identifier: filter.identifier }),
                page_size: 100,
                ...(pageToken && { page_token: pageToken }),
              },
            },
          }),
        );
        if (!Array.isArray(data.connected_accounts ?? []))
          throw malformedList("connected_accounts is not a list");
        accounts.push(...(data.connected_accounts ?? []));
        const next = data.next_page_token ?? "";
        if (next === "") return accounts;
        if (seen.has(next)) throw malformedList("the server keeps returning a page token it returned before");
        seen.add(next);
        pageToken = next;
      }
      throw malformedList(
        `the server sent ${maxPages} pages, each with a new page token: it seems to page without end`,
      );
    },

    async deleteConnectedAccount(account) {
      await call("Deleting a connected account", "POST", deletePath, async () => {
        const answer = await api.POST(deletePath, {
          body: { connector: account.connection, identifier: account.identifier },
        });
        return answer.response.ok ? { data: answer.data ?? {}, response: answer.response } : answer;
      });
    },

    async proxyRequest(request) {
      const path = request.path.startsWith("/") ? request.path : `/${request.path}`;
      const operation = "Calling the tool proxy";
      const unsafe = requestPathProblem(path);
      if (unsafe) throw new ProxyPathRefused(`${request.method} ${path}: ${unsafe}; nothing was sent`);
      const encoded = encodeBody(request.body);
      // sent once with its own timeout, and never through the retrying transport: the request may
      // write upstream, a 429 or 5xx is the upstream's answer to report, and a redirect is the
      // upstream's too (redirect "manual"), never followed with the account's headers
      const exchange = async (token: string) => {
        const headers = new Headers(request.headers);
        if (encoded?.type && !headers.has("content-type")) headers.set("content-type", encoded.type);
        // read whole and decoded by wholeAnswer: asked for as it is
        headers.set("accept-encoding", "identity");
        headers.set("authorization", `Bearer ${token}`);
        headers.set("connection_name", request.connection);
        headers.set("identifier", request.identifier);
        // the limit covers the whole exchange, the body included
        const { response, answer } = await withTimeLimit(deps.timeoutMs, async (limit) => {
          const response = await deps.fetch(
            new Request(`${deps.baseUrl}/proxy${path}`, {
              method: request.method,
              headers,
              redirect: "manual",
              signal: request.signal ? AbortSignal.any([limit, request.signal]) : limit,
              ...(encoded && { body: encoded.data }),
            }),
          );
          return { response, answer: await wholeAnswer(response) };
        });
        const body = Buffer.from(answer.bytes).toString("utf8");
        return { response, ...answer, body, scalekitError: scalekitErrorOf(body) };
      };
      try {
        let token = await deps.tokens.get();
        let result = await exchange(token);
        // only Scalekit's own 401 means our token is stale; the upstream's 401 is the answer
        if (result.response.status === 401 && result.scalekitError?.grpcCode === 16) {
          deps.tokens.invalidate(token);
          token = await deps.tokens.get();
          result = await exchange(token);
        }
        return {
          status: result.response.status,
          headers: result.headers,
          bytes: result.bytes,
          body: result.body,
          ...(result.scalekitError && { scalekitError: result.scalekitError }),
        };
      } catch (error) {
        if (error instanceof ScalekitApiError) throw error;
        const timedOut =
          error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        throw new ScalekitApiError({
          operation,
          method: request.method,
          path: `/proxy${path}`,
          kind: timedOut ? "timeout" : "network",
          serverMessage: timedOut ? `${deps.timeoutMs} ms` : failureDetail(error),
          attempts: 1,
        });
      }
    },
  };
}
