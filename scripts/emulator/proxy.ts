// The tool proxy (scalekit-api.md §9.3): `{METHOD} /proxy/<path>` with the connection_name and
// identifier headers calls the connector's upstream for that connected account, adding its
// credential (proxy-credentials.ts), and answers with the upstream's status, headers and body.
// An upstream that cannot be reached is a 502 with a Scalekit error body; one that does not
// answer in time, a 504. An OAuth account's token is refreshed when it has expired and after one
// 401 (account-tokens.ts). The environment's own token never leaves the emulator.
import type { Hono } from "hono";
import { isObject } from "../../dsl/rules/issue.ts";
import { withTimeLimit } from "../lib/time-limit.ts";
import { liveAccessToken, refreshAfterRejection } from "./account-tokens.ts";
import { messages, refreshFailedErrorCode, unreachableErrorCode } from "./behaviour.ts";
import { fetchRouted } from "./connect-to.ts";
import type { EmulatorContext } from "./context.ts";
import { badGateway, GrpcError, grpcResponse } from "./grpc.ts";
import { patternOf } from "./oauth-client.ts";
import { credentialHeaders, fillProxyUrl, upstreamUrl } from "./proxy-credentials.ts";

// RFC 9110 §7.6.1 hop-by-hop headers, plus those fetch sets itself
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);
// the proxy's own inputs: the environment's token and the account selectors
const proxyOnly = new Set(["authorization", "connection_name", "identifier"]);

function forwardedHeaders(incoming: Headers, skip: ReadonlySet<string>): Headers {
  const listed = new Set(
    (incoming.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = new Headers();
  for (const [name, value] of incoming) {
    if (!skip.has(name) && !hopByHop.has(name) && !listed.has(name)) out.append(name, value);
  }
  return out;
}

const unreachable = (message: string): Response => grpcResponse(badGateway(message, unreachableErrorCode));

function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (isObject(cause) && typeof cause.code === "string") return cause.code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export function mountProxy(app: Hono, context: EmulatorContext): void {
  const { store } = context;

  app.all("/proxy/*", async (c) => {
    const request = c.req.raw;
    const name = request.headers.get("connection_name") ?? "";
    const identifier = request.headers.get("identifier") ?? "";
    if (name === "" || identifier === "")
      throw new GrpcError("INVALID_ARGUMENT", messages.missingProxyHeaders);
    const connection = store.connections.byName(name);
    const provider = connection && store.provider(connection.provider_key);
    if (!connection || !provider) throw new GrpcError("NOT_FOUND", messages.connectionNotFound(name));
    if (!connection.enabled) throw new GrpcError("FAILED_PRECONDITION", messages.connectionDisabled(name));
    const account = store.accounts.forProxy(connection.id, identifier);
    if (!account) throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    if (!provider.proxy_enabled) throw new GrpcError("FAILED_PRECONDITION", messages.proxyDisabled);
    if (account.status !== "ACTIVE") {
      throw new GrpcError("FAILED_PRECONDITION", messages.accountInactive(account.status));
    }
    const pattern = patternOf(provider);

    const filled = fillProxyUrl(provider.proxy_url, pattern, account);
    if (filled.leavesHost)
      throw new GrpcError("INVALID_ARGUMENT", messages.placeholderLeavesHost(filled.leavesHost));
    if (filled.unfilled.length > 0) return unreachable(messages.placeholderUnfilled(filled.unfilled));
    const incoming = new URL(request.url);
    let target: URL;
    try {
      target = new URL(upstreamUrl(filled.url, incoming.pathname.slice("/proxy".length), incoming.search));
    } catch {
      return unreachable(messages.upstreamUnreachable(filled.url, "not a URL"));
    }

    const oauth = pattern.type === "OAUTH";
    const owner = { account, connection, provider };
    const live = oauth ? await liveAccessToken(context, owner) : { ok: true as const, token: "" };
    if (!live.ok) {
      throw new GrpcError(
        "FAILED_PRECONDITION",
        messages.refreshFailed(live.why),
        [],
        {},
        refreshFailedErrorCode,
      );
    }
    const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
    const send = async (token: string): Promise<Response> => {
      const credentials = credentialHeaders(pattern, account, token);
      const headers = forwardedHeaders(
        request.headers,
        new Set([...proxyOnly, ...credentials.map(([h]) => h)]),
      );
      for (const [header, value] of credentials) headers.set(header, value);
      return withTimeLimit(context.proxy.timeoutMs, async (signal) => {
        const answer = await fetchRouted(
          target,
          { method: request.method, headers, body, redirect: "manual", signal },
          context.proxy.connectTo,
        );
        // read inside the time limit, so a body that never ends cannot hang the proxy
        const bytes = await answer.arrayBuffer();
        const out = forwardedHeaders(answer.headers, new Set(["content-encoding"]));
        const noBody = [204, 205, 304].includes(answer.status);
        return new Response(noBody ? null : bytes, { status: answer.status, headers: out });
      });
    };
    try {
      const answer = await send(live.token);
      if (!oauth || answer.status !== 401) return answer;
      // one refresh and one retry after a 401; a refresh that fails leaves the upstream's 401
      const renewed = await refreshAfterRejection(context, owner, live.token);
      return renewed.ok ? await send(renewed.token) : answer;
    } catch (error) {
      // the limit's abort reason, as fetch or the body reader rejects with it
      if (error instanceof Error && error.name === "TimeoutError") {
        return grpcResponse(
          new GrpcError("DEADLINE_EXCEEDED", messages.upstreamTimeout(target.host, context.proxy.timeoutMs)),
        );
      }
      return unreachable(messages.upstreamUnreachable(target.host, reasonOf(error)));
    }
  });
}
