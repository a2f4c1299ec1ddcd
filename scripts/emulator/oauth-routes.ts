// The authorization routes (scalekit-api.md §10.3): POST /api/v1/connected_accounts/magic_link
// and …/user/verify for the app (with the environment's token), and the two pages a browser
// opens without one: the link (/magic/<token>) and the vendor's callback
// (/sso/v1/oauth/<connection id>/callback). The flow itself is oauth-flow.ts.
import type { Hono } from "hono";
import { authorizationErrors, linkExpiryText, messages, postUserVerifyRedirectUrl } from "./behaviour.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import { invalidField, optionalText, readJsonObject, requiredText } from "./json-body.ts";
import { hasClientCredentials, isMcpConnector } from "./oauth-client.ts";
import { activate, finishCallback, openLink } from "./oauth-flow.ts";
import { browserResponse } from "./oauth-pages.ts";

function verifyUrlOf(value: string): string | undefined {
  if (value === "") return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw invalidField("user_verify_url", messages.badVerifyUrl);
  return url.href;
}

export function mountOAuthRoutes(app: Hono, context: EmulatorContext): void {
  const { store } = context;

  app.post("/api/v1/connected_accounts/magic_link", async (c) => {
    const body = await readJsonObject(c.req.raw);
    const id = optionalText(body, "id");
    let account = id === "" ? undefined : store.accounts.byId(id);
    let connection = account && store.connections.byId(account.connection);
    if (id === "") {
      const name = requiredText(body, "connector");
      const identifier = requiredText(body, "identifier");
      connection = store.connections.byName(name);
      if (!connection) throw new GrpcError("NOT_FOUND", messages.connectionNotFound(name));
      const organization = optionalText(body, "organization_id");
      const user = optionalText(body, "user_id");
      account = store.accounts
        .on(connection.id)
        .find(
          (stored) =>
            stored.identifier === identifier &&
            (organization === "" || stored.organization_id === organization) &&
            (user === "" || stored.user_id === user),
        );
    }
    const provider = connection && store.provider(connection.provider_key);
    if (!account || !connection || !provider) throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    if (connection.type !== "OAUTH")
      throw new GrpcError("FAILED_PRECONDITION", messages.linkNotOAuth(connection.key_id, connection.type));
    if (!connection.enabled)
      throw new GrpcError("FAILED_PRECONDITION", messages.connectionDisabled(connection.key_id));
    if (
      !isMcpConnector(provider) &&
      !hasClientCredentials(connection, store.connections.secretOf(connection.id))
    )
      throw new GrpcError("FAILED_PRECONDITION", messages.linkNoClient(connection.key_id));
    const userVerifyUrl = verifyUrlOf(optionalText(body, "user_verify_url"));
    const appState = optionalText(body, "state");
    const origin = new URL(c.req.url).origin;
    const link = context.authorizations.issueLink(
      {
        accountId: account.id,
        connectionId: connection.id,
        origin,
        ...(userVerifyUrl !== undefined && { userVerifyUrl }),
        ...(appState !== "" && { appState }),
      },
      account.identifier,
    );
    return Response.json({ link: `${origin}/magic/${link.token}`, expiry: linkExpiryText(link.expiresAt) });
  });

  app.post("/api/v1/connected_accounts/user/verify", async (c) => {
    const body = await readJsonObject(c.req.raw);
    const id = requiredText(body, "auth_request_id");
    const identifier = requiredText(body, "identifier");
    const pending = context.authorizations.takePending(id);
    if (!pending) throw new GrpcError("NOT_FOUND", messages.authRequestNotFound);
    if (pending.identifier !== identifier) {
      pending.attempt.stage = "failed";
      pending.attempt.error = authorizationErrors.identifierMismatch;
      throw new GrpcError("PERMISSION_DENIED", messages.identifierMismatch);
    }
    if (!activate(context, pending.accountId, pending.grant, pending.attempt))
      throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    return Response.json({ post_user_verify_redirect_url: postUserVerifyRedirectUrl });
  });

  app.get("/magic/:token", async (c) => browserResponse(await openLink(c.req.param("token"), context)));

  app.get("/sso/v1/oauth/:connectionId/callback", async (c) =>
    browserResponse(
      await finishCallback(c.req.param("connectionId"), new URL(c.req.url).searchParams, context),
    ),
  );
}
