// The Scalekit API connectorkit calls: custom providers here, connections (connections.ts),
// connected accounts and the tool proxy (connected-accounts.ts), authorization links and MCP
// tools (authorization.ts). openapi-fetch (typed by the
// project's OpenAPI document) does the HTTP; it is frozen upstream, so callers see only this
// interface and ScalekitApiError, and the library can be swapped without touching sync.
import createClient from "openapi-fetch";
import type { Payload, Provider } from "../../dsl/payload.ts";
import type { paths } from "../../generated/api/schema.ts";
import { type AuthorizationApi, authorizationApi } from "./authorization.ts";
import { type ApiAnswer, type ConnectedAccountsApi, connectedAccountsApi } from "./connected-accounts.ts";
import { type ConnectionsApi, connectionsApi } from "./connections.ts";
import { credentialForms, malformed, parseErrorBody, redact, ScalekitApiError } from "./errors.ts";
import { httpFetch } from "./http-fetch.ts";
import { RedirectRefused } from "./redirects.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
import { createTokenSource } from "./token.ts";
import {
  attemptsOf,
  createTransport,
  type FetchLike,
  type RetryNotice,
  TransportFailure,
} from "./transport.ts";

export interface ScalekitClientOptions {
  /** e.g. https://acme.scalekit.dev (no trailing path). */
  readonly environmentUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Defaults to node:http with keep-alive (http-fetch.ts); tests and the embedded emulator pass their own. */
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt, reading the answer included (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * Per tool-proxy call (default 60 s, as Scalekit's Node SDK waits for proxied calls: above the
   * proxy's own upstream timeout, so its 504 is what a slow upstream gets, not a client timeout).
   */
  readonly proxyTimeoutMs?: number;
  /** For everything the client does, from its creation (default 10 min). */
  readonly deadlineMs?: number;
  /** Asked of the list endpoint; the server may cap it. */
  readonly pageSize?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told before each retry (transport.ts RetryNotice). */
  readonly onRetry?: (notice: RetryNotice) => void;
  /**
   * Told each credential the client holds: the client secret (with the client id, for its Basic
   * form) at creation, and each access token as it is issued, so a caller can scrub its own output.
   */
  readonly onSecret?: (value: string, user?: string) => void;
}

export interface ScalekitClient extends ConnectedAccountsApi, ConnectionsApi, AuthorizationApi {
  /** Every custom provider of the environment, all pages. */
  listCustomProviders(): Promise<Provider[]>;
  createCustomProvider(payload: Payload): Promise<Provider>;
  /** PUT is a full replace: send the complete object. */
  updateCustomProvider(identifier: string, payload: Payload): Promise<Provider>;
  deleteCustomProvider(identifier: string): Promise<void>;
}

/** Used when the token answer lacks a usable expires_in; Scalekit documents about 24 h. */
const fallbackLifetimeSeconds = 3600;
export const defaultTimeouts = { attemptMs: 10_000, deadlineMs: 600_000, proxyMs: 60_000 } as const;
/** A listing longer than this is a server paging without end (1,000 pages of up to 1,000 providers). */
const maxPages = 1000;

type Answer<T> = ApiAnswer<T>;

export function createScalekitClient(options: ScalekitClientOptions): ScalekitClient {
  const baseUrl = options.environmentUrl.replace(/\/+$/, "");
  const deadlineMs = options.deadlineMs ?? defaultTimeouts.deadlineMs;
  const send = createTransport({
    ...(options.fetch && { fetch: options.fetch }),
    retry: { ...defaultRetryPolicy, ...options.retry },
    timeoutMs: options.timeoutMs ?? defaultTimeouts.attemptMs,
    deadline: { at: Date.now() + deadlineMs, ms: deadlineMs },
    ...(options.sleep && { sleep: options.sleep }),
    ...(options.onRetry && { onRetry: options.onRetry }),
  });
  const issued: string[] = [];
  options.onSecret?.(options.clientSecret, options.clientId);
  // every spelling in which a credential left this process: raw, form- and URL-encoded, base64
  const secrets = () => [
    ...credentialForms(options.clientSecret, options.clientId),
    ...issued.flatMap((token) => credentialForms(token)),
  ];

  async function call<T>(
    operation: string,
    method: string,
    path: string,
    run: () => Promise<Answer<T>>,
  ): Promise<T> {
    let answer: Answer<T>;
    try {
      answer = await run();
    } catch (error) {
      if (error instanceof ScalekitApiError) throw error;
      if (error instanceof RedirectRefused) {
        throw new ScalekitApiError({
          operation,
          method,
          path,
          kind: "http",
          status: error.status,
          serverMessage: redact(error.message, secrets()),
          attempts: 1,
        });
      }
      const failure =
        error instanceof TransportFailure
          ? error
          : new TransportFailure("network", `unreadable answer: ${String(error)}`, 1);
      throw new ScalekitApiError({
        operation,
        method,
        path,
        kind: failure.kind,
        serverMessage: redact(failure.detail, secrets()),
        attempts: failure.attempts,
      });
    }
    const { response } = answer;
    if (response.ok && answer.data !== undefined) return answer.data;
    // a text body is cut to a few hundred characters: redact first, so no cut can split a secret
    const parsed = parseErrorBody(
      typeof answer.error === "string" ? redact(answer.error, secrets()) : answer.error,
      response.ok ? "the answer has no body" : response.statusText || "error",
    );
    throw new ScalekitApiError({
      operation,
      method,
      path,
      kind: "http",
      status: response.status,
      ...(parsed.grpcCode !== undefined && { grpcCode: parsed.grpcCode }),
      ...(parsed.errorCode !== undefined && { errorCode: parsed.errorCode }),
      serverMessage: parsed.message,
      violations: parsed.violations,
      attempts: attemptsOf(response),
    }).scrubbed(secrets());
  }

  const tokenApi = createClient<paths>({
    baseUrl,
    fetch: (request) => send(request, { idempotent: true }),
  });
  const tokens = createTokenSource(async () => {
    const data = await call("Fetching an access token", "POST", "/oauth/token", () =>
      tokenApi.POST("/oauth/token", {
        body: {
          grant_type: "client_credentials",
          client_id: options.clientId,
          client_secret: options.clientSecret,
        },
        bodySerializer: (body) => new URLSearchParams(body),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    if (typeof data.access_token !== "string" || data.access_token === "") {
      throw malformed("Fetching an access token", "POST", "/oauth/token", "the answer has no access_token");
    }
    issued.push(data.access_token);
    options.onSecret?.(data.access_token);
    if (issued.length > 8) issued.shift();
    const expiresIn =
      typeof data.expires_in === "number" && data.expires_in > 0 ? data.expires_in : fallbackLifetimeSeconds;
    return { accessToken: data.access_token, expiresIn };
  }, options.now ?? Date.now);

  const api = createClient<paths>({
    baseUrl,
    fetch: (request) => send(request, { idempotent: request.method !== "POST", token: tokens }),
  });
  const accounts = connectedAccountsApi({
    api,
    call,
    baseUrl,
    tokens,
    // the tool proxy's calls go out once, as they are: fetch over the same keep-alive agents
    fetch: options.fetch ?? httpFetch,
    timeoutMs: options.proxyTimeoutMs ?? defaultTimeouts.proxyMs,
  });
  const providerPath = (identifier: string) => `/api/v1/custom-providers/${encodeURIComponent(identifier)}`;

  return {
    ...accounts,
    ...connectionsApi({ api, call }),
    ...authorizationApi({ api, call }),
    async listCustomProviders() {
      const providers: Provider[] = [];
      const seen = new Set<string>();
      let pageToken = "";
      for (let page = 0; page < maxPages; page++) {
        const data = await call("Listing custom providers", "GET", "/api/v1/providers", () =>
          api.GET("/api/v1/providers", {
            params: {
              query: {
                "filter.provider_type": "CUSTOM",
                page_size: options.pageSize ?? 1000,
                ...(pageToken && { page_token: pageToken }),
              },
            },
          }),
        );
        const page = data.providers ?? [];
        if (!Array.isArray(page))
          throw malformed("Listing custom providers", "GET", "/api/v1/providers", "providers is not a list");
        for (const provider of page) {
          if (typeof provider?.identifier !== "string" || typeof provider.display_name !== "string")
            throw malformed(
              "Listing custom providers",
              "GET",
              "/api/v1/providers",
              "a provider in the list has no identifier or display_name",
            );
          // a CUSTOM filter returns only custom providers; the check guards against a server ignoring it
          if (provider.is_custom !== false) providers.push(provider);
        }
        pageToken = data.next_page_token ?? "";
        if (pageToken === "") return providers;
        if (seen.has(pageToken)) break;
        seen.add(pageToken);
      }
      throw malformed(
        "Listing custom providers",
        "GET",
        "/api/v1/providers",
        seen.size >= maxPages
          ? `the server sent ${maxPages} pages, each with a new page token: it seems to page without end`
          : "the server keeps returning a page token it returned before",
      );
    },

    async createCustomProvider(payload) {
      const data = await call("Creating a custom provider", "POST", "/api/v1/custom-providers", () =>
        api.POST("/api/v1/custom-providers", { body: payload }),
      );
      return providerOf(data, "Creating a custom provider", "POST", "/api/v1/custom-providers");
    },

    async updateCustomProvider(identifier, payload) {
      const path = providerPath(identifier);
      const data = await call("Updating a custom provider", "PUT", path, () =>
        api.PUT("/api/v1/custom-providers/{identifier}", { params: { path: { identifier } }, body: payload }),
      );
      return providerOf(data, "Updating a custom provider", "PUT", path);
    },

    async deleteCustomProvider(identifier) {
      const path = providerPath(identifier);
      // the server answers {} (an empty object), which openapi-fetch reads as data
      await call("Deleting a custom provider", "DELETE", path, async () => {
        const answer = await api.DELETE("/api/v1/custom-providers/{identifier}", {
          params: { path: { identifier } },
        });
        return answer.response.ok ? { data: answer.data ?? {}, response: answer.response } : answer;
      });
    },
  };
}

function providerOf(
  data: { provider?: Provider },
  operation: string,
  method: string,
  path: string,
): Provider {
  if (typeof data.provider?.identifier === "string") return data.provider;
  throw malformed(operation, method, path, "the answer has no provider object");
}
