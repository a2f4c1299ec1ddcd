// An OAuth account's access token when the proxy or a tool call needs it: refreshed first when it
// has expired, and refreshed after an upstream 401 (once per call), at the token endpoint with
// grant_type=refresh_token and the client the grant was made with. A refresh that cannot be made
// or is refused makes the account EXPIRED and drops its tokens (GUESSes in behaviour.ts).
import type { StoredAccount } from "./accounts.ts";
import type { ConnectionRecord } from "./connections.ts";
import type { EmulatorContext } from "./context.ts";
import type { Grant } from "./grants.ts";
import { AuthorizationFailure, restClient } from "./oauth-client.ts";
import type { ProviderRecord } from "./record.ts";
import { requestTokens } from "./token-endpoint.ts";

export type LiveToken =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly why: string };

export interface TokenOwner {
  readonly account: StoredAccount;
  readonly connection: ConnectionRecord;
  readonly provider: ProviderRecord;
}

const expired = (grant: Grant, now: number): boolean =>
  grant.expiresAt !== undefined && now >= grant.expiresAt;

/** The account's access token, refreshed first when its expiry has passed. */
export async function liveAccessToken(context: EmulatorContext, owner: TokenOwner): Promise<LiveToken> {
  const grant = context.store.grants.of(owner.account.id);
  if (!grant) return { ok: false, why: "the account holds no tokens" };
  if (!expired(grant, context.now())) return { ok: true, token: grant.accessToken };
  return refresh(context, owner, grant.accessToken);
}

/** A new access token after the upstream refused `rejected`; another call's refresh is shared. */
export function refreshAfterRejection(
  context: EmulatorContext,
  owner: TokenOwner,
  rejected: string,
): Promise<LiveToken> {
  return refresh(context, owner, rejected);
}

function refresh(context: EmulatorContext, owner: TokenOwner, rejected: string): Promise<LiveToken> {
  const { store } = context;
  const { account, connection, provider } = owner;
  const giveUp = (why: string): LiveToken => {
    const current = store.accounts.byId(account.id);
    if (current)
      store.accounts.put({
        ...current,
        status: "EXPIRED",
        updated_at: new Date(context.now()).toISOString(),
      });
    store.grants.delete(account.id);
    return { ok: false, why };
  };
  return store.grants.once(account.id, async () => {
    const grant = store.grants.of(account.id);
    if (!grant) return { ok: false, why: "the account holds no tokens" };
    // refreshed meanwhile by another call
    if (grant.accessToken !== rejected && !expired(grant, context.now()))
      return { ok: true, token: grant.accessToken };
    if (grant.refreshToken === undefined) return giveUp("the vendor gave no refresh token");
    let client = grant.registeredClient;
    try {
      client ??= restClient(provider, connection, store.connections.secretOf(connection.id));
    } catch (error) {
      if (error instanceof AuthorizationFailure) return giveUp(error.description);
      throw error;
    }
    const result = await requestTokens(
      client,
      { grant_type: "refresh_token", refresh_token: grant.refreshToken },
      context.proxy,
    );
    if (!result.ok) {
      if (grant.registeredClient && result.oauthError === "invalid_client") context.mcpClients.forget(client);
      return giveUp(`${result.code}: ${result.description}`);
    }
    const { tokens } = result;
    store.grants.set(account.id, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? grant.refreshToken,
      ...(tokens.expiresIn !== undefined && { expiresAt: context.now() + tokens.expiresIn * 1000 }),
      ...(grant.registeredClient && { registeredClient: grant.registeredClient }),
    });
    return { ok: true, token: tokens.accessToken };
  });
}
