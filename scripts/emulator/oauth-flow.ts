// Scalekit's side of the authorization code flow (scalekit-api.md §10.3): the link sends the
// browser to the vendor's authorize URL, the vendor sends it back to the callback, the code is
// exchanged, and the account becomes ACTIVE (or waits for user/verify, or stays as it was and the
// browser is told why). The GUESSes this follows are listed in behaviour.ts.
import { createHash, randomBytes } from "node:crypto";
import { authorizationErrors, redirectUriOf } from "./behaviour.ts";
import { routed } from "./connect-to.ts";
import type { EmulatorContext } from "./context.ts";
import type { Grant } from "./grants.ts";
import { RegisteredClients, registerMcpClient } from "./mcp-oauth.ts";
import {
  AuthorizationFailure,
  hasClientCredentials,
  isMcpConnector,
  type OAuthClient,
  patternOf,
  restClient,
} from "./oauth-client.ts";
import type { BrowserAnswer } from "./oauth-pages.ts";
import type { Attempt, Flow, LinkRequest } from "./oauth-state.ts";
import { fillProxyUrl } from "./proxy-credentials.ts";
import { scrub } from "./scrub.ts";
import { callUserInfo, requestTokens } from "./token-endpoint.ts";

// RFC 6749 §5.2: error codes are printable ASCII without '"' and '\'
const oauthErrorCode = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

const linkProblems = {
  used: "This authorization link was already used. Ask the app for a new one.",
  expired: "This authorization link has expired. Ask the app for a new one.",
  unknown: "This is not an authorization link this server issued. Ask the app for a new one.",
} as const;

/** Ends an attempt as failed, and tells the browser: at the app's user_verify_url when it gave one. */
function fail(request: LinkRequest, attempt: Attempt, code: string, description: string): BrowserAnswer {
  attempt.stage = "failed";
  attempt.error = code;
  attempt.error_description = description;
  if (request.userVerifyUrl !== undefined) {
    const url = new URL(request.userVerifyUrl);
    url.searchParams.set("error", code);
    url.searchParams.set("error_description", description);
    if (request.appState !== undefined) url.searchParams.set("state", request.appState);
    return { kind: "redirect", location: url.href };
  }
  return {
    kind: "page",
    status: 400,
    title: "Authorization failed",
    message: "The account was not connected.",
    error: { code, description },
  };
}

const limitsOf = (context: EmulatorContext) => context.proxy;

/** The client for the connection behind a link, registering one by DCR for an MCP connector. */
async function clientFor(
  request: LinkRequest,
  context: EmulatorContext,
): Promise<{ client: OAuthClient; mcp: boolean }> {
  const { store } = context;
  const account = store.accounts.byId(request.accountId);
  const connection = store.connections.byId(request.connectionId);
  const provider = connection && store.provider(connection.provider_key);
  const unavailable = (why: string) => new AuthorizationFailure(authorizationErrors.accountUnavailable, why);
  if (!account || !connection || !provider)
    throw unavailable("the account or its connection no longer exists");
  if (!connection.enabled) throw unavailable(`connection ${JSON.stringify(connection.key_id)} is disabled`);
  const redirectUri = redirectUriOf(request.origin, connection.id);
  if (!isMcpConnector(provider)) {
    const secret = store.connections.secretOf(connection.id);
    if (!hasClientCredentials(connection, secret))
      throw unavailable(`connection ${JSON.stringify(connection.key_id)} has no client_id and client_secret`);
    return { client: restClient(provider, connection, secret), mcp: false };
  }
  const filled = fillProxyUrl(provider.proxy_url, patternOf(provider), account);
  if (filled.unfilled.length > 0 || filled.leavesHost !== undefined || !URL.canParse(filled.url))
    throw new AuthorizationFailure(
      authorizationErrors.mcpDiscoveryFailed,
      `proxy_url ${JSON.stringify(provider.proxy_url)} has no usable value for this account`,
    );
  const endpoint = new URL(filled.url);
  const key = RegisteredClients.key(connection.id, endpoint, redirectUri);
  const known = context.mcpClients.get(key);
  if (known) return { client: known, mcp: true };
  const client = await registerMcpClient(
    endpoint,
    redirectUri,
    connection.oauth?.scopes ?? [],
    limitsOf(context),
  );
  context.mcpClients.set(key, client);
  return { client, mcp: true };
}

/** GET /magic/<token>: uses the link up and sends the browser to the vendor. */
export async function openLink(token: string, context: EmulatorContext): Promise<BrowserAnswer> {
  const link = context.authorizations.takeLink(token);
  if (!link.found)
    return { kind: "page", status: 400, title: "Link not usable", message: linkProblems[link.why] };
  const { request, attempt } = link;
  let resolved: { client: OAuthClient; mcp: boolean };
  try {
    resolved = await clientFor(request, context);
  } catch (error) {
    if (error instanceof AuthorizationFailure) return fail(request, attempt, error.code, error.description);
    throw error;
  }
  const { client } = resolved;
  const redirectUri = redirectUriOf(request.origin, request.connectionId);
  const verifier = client.pkce ? randomBytes(32).toString("base64url") : undefined;
  const state = context.authorizations.startFlow({
    ...request,
    redirectUri,
    client,
    mcp: resolved.mcp,
    ...(verifier !== undefined && { verifier }),
    attempt,
  });
  const url = new URL(client.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("state", state);
  if (client.scopes.length > 0) url.searchParams.set("scope", client.scopes.join(" "));
  if (verifier !== undefined) {
    url.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    url.searchParams.set("code_challenge_method", "S256");
  }
  if (client.resource !== undefined) url.searchParams.set("resource", client.resource);
  // --connect-to applies here too, so a browser on this machine reaches a local stand-in
  return { kind: "redirect", location: routed(url, context.proxy.connectTo).href };
}

/** Makes the account ACTIVE with the grant. */
export function activate(
  context: EmulatorContext,
  accountId: string,
  grant: Grant,
  attempt: Attempt,
): boolean {
  const account = context.store.accounts.byId(accountId);
  if (!account) return false;
  context.store.grants.set(account.id, grant);
  context.store.accounts.put({
    ...account,
    status: "ACTIVE",
    updated_at: new Date(context.now()).toISOString(),
  });
  attempt.stage = "active";
  return true;
}

/** GET /sso/v1/oauth/<connection id>/callback: checks state, exchanges the code, finishes. */
export async function finishCallback(
  connectionId: string,
  query: URLSearchParams,
  context: EmulatorContext,
): Promise<BrowserAnswer> {
  const state = query.get("state") ?? "";
  const flow: Flow | undefined = state === "" ? undefined : context.authorizations.takeFlow(state);
  if (!flow)
    return {
      kind: "page",
      status: 400,
      title: "Authorization failed",
      message: "This authorization is unknown, expired or already finished. Ask the app for a new link.",
      error: {
        code: authorizationErrors.invalidState,
        description: "the callback's state is not one this server sent",
      },
    };
  const { attempt, client } = flow;
  const failed = (code: string, description: string) => fail(flow, attempt, code, description);
  if (flow.connectionId !== connectionId)
    return failed(
      authorizationErrors.invalidState,
      "the callback came for another connection than the one authorized",
    );
  const error = query.get("error");
  if (error !== null) {
    const secrets = [client.clientSecret, flow.verifier];
    const code = oauthErrorCode.test(error) ? scrub(error, secrets, 64) : authorizationErrors.invalidCallback;
    const said = query.get("error_description") ?? `the vendor answered error=${code}`;
    return failed(code, scrub(said, secrets));
  }
  const code = query.get("code") ?? "";
  if (code === "")
    return failed(authorizationErrors.invalidCallback, "the callback carries neither code nor error");
  const result = await requestTokens(
    client,
    {
      grant_type: "authorization_code",
      code,
      redirect_uri: flow.redirectUri,
      ...(flow.verifier !== undefined && { code_verifier: flow.verifier }),
    },
    limitsOf(context),
  );
  if (!result.ok) {
    if (flow.mcp && result.oauthError === "invalid_client") context.mcpClients.forget(client);
    return failed(result.code, result.description);
  }
  const account = context.store.accounts.byId(flow.accountId);
  if (!account)
    return failed(authorizationErrors.accountUnavailable, "the account was deleted during the authorization");
  const { tokens } = result;
  const grant: Grant = {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken !== undefined && { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresIn !== undefined && { expiresAt: context.now() + tokens.expiresIn * 1000 }),
    ...(flow.mcp && { registeredClient: client }),
  };
  if (client.userInfoUrl)
    attempt.user_info = await callUserInfo(client.userInfoUrl, tokens.accessToken, limitsOf(context));
  if (flow.userVerifyUrl !== undefined) {
    const id = context.authorizations.hold({
      accountId: account.id,
      identifier: account.identifier,
      grant,
      attempt,
    });
    const url = new URL(flow.userVerifyUrl);
    url.searchParams.set("auth_request_id", id);
    if (flow.appState !== undefined) url.searchParams.set("state", flow.appState);
    return { kind: "redirect", location: url.href };
  }
  activate(context, account.id, grant, attempt);
  return {
    kind: "page",
    status: 200,
    title: "Connected",
    message: "The account is connected. You can close this page.",
  };
}
