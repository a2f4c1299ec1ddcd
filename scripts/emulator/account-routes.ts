// The connected-account routes (scalekit-api.md §9.2): create (static_auth details, or an
// OAuth account with none, pending its authorization), list by
// connection and identifier, and delete (POST /api/v1/connected_accounts:delete). `connector` in
// every body and query is the connection name (the app connection's key_id).
import type { Hono } from "hono";
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import type { StoredAccount } from "./accounts.ts";
import { acceptsOAuthTokenAccounts, accountsPageSize, authorizationTypeOf, messages } from "./behaviour.ts";
import type { ConnectionRecord } from "./connections.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import {
  invalidField as invalid,
  optionalText,
  readJsonObject as readJson,
  requiredText,
} from "./json-body.ts";

/** Checks the credentials against the connector's auth type; returns authorization_details to keep. */
function readCredentials(account: JsonObject, type: string): JsonObject {
  const at = "connected_account.authorization_details";
  const details = account.authorization_details;
  if (details === undefined || details === null) return {};
  if (!isObject(details)) throw invalid(at, "authorization_details must be an object");
  if (details.oauth_token !== undefined && details.oauth_token !== null) {
    if (!acceptsOAuthTokenAccounts || type !== "OAUTH")
      throw invalid(`${at}.oauth_token`, messages.oauthTokenRefused);
  }
  const staticAuth = details.static_auth;
  if (staticAuth === undefined || staticAuth === null) return {};
  if (type === "OAUTH") throw invalid(`${at}.static_auth`, messages.staticAuthOnOAuth);
  if (!isObject(staticAuth) || !isObject(staticAuth.details)) {
    throw invalid(`${at}.static_auth.details`, "static_auth.details must be an object of field values");
  }
  return { static_auth: { details: structuredClone(staticAuth.details) } };
}

/** An account as the API shows it; `withCredentials` only where §9.2 says so (create). */
function shown(
  account: StoredAccount,
  connection: ConnectionRecord | undefined,
  withCredentials: boolean,
  tokenExpiresAt?: number,
) {
  return {
    id: account.id,
    identifier: account.identifier,
    connector: connection?.key_id ?? "",
    connection_id: connection?.id ?? "",
    provider: account.provider,
    authorization_type: account.authorization_type,
    status: account.status,
    updated_at: account.updated_at,
    last_used_at: "",
    // when the OAuth access token expires; the tokens themselves are never shown
    token_expires_at: tokenExpiresAt === undefined ? "" : new Date(tokenExpiresAt).toISOString(),
    ...(withCredentials && {
      authorization_details: account.authorization_details,
      api_config: account.api_config,
    }),
  };
}

function pageSizeOf(value: string | null): number {
  if (value === null || value === "" || value === "0") return accountsPageSize.default;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= accountsPageSize.max)) {
    throw invalid("page_size", `page_size must be a whole number from 0 to ${accountsPageSize.max}`);
  }
  return n;
}

/** Page tokens are the offset of the next page, base64url-encoded (opaque to clients). */
function offsetOf(token: string | null): number {
  if (token === null || token === "") return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0)
    throw invalid("page_token", "page_token is not one this server issued");
  return offset;
}
const tokenFor = (offset: number): string => Buffer.from(String(offset), "utf8").toString("base64url");

export function mountAccountRoutes(app: Hono, context: EmulatorContext): void {
  const { store } = context;

  app.post("/api/v1/connected_accounts", async (c) => {
    const body = await readJson(c.req.raw);
    const name = requiredText(body, "connector");
    const identifier = requiredText(body, "identifier");
    const account = body.connected_account ?? {};
    if (!isObject(account)) throw invalid("connected_account", "connected_account must be an object");
    const connection = store.connections.byName(name);
    if (!connection) throw new GrpcError("NOT_FOUND", messages.connectionNotFound(name));
    const type = connection.type;
    const authorization_details = readCredentials(account, type);
    const apiConfig = account.api_config;
    if (apiConfig !== undefined && apiConfig !== null && !isObject(apiConfig)) {
      throw invalid("connected_account.api_config", "api_config must be an object");
    }
    // accounts are not persisted (accounts.ts), so no state file write
    const created = store.accounts.create({
      connection: connection.id,
      provider: connection.provider_key,
      identifier,
      organization_id: optionalText(body, "organization_id"),
      user_id: optionalText(body, "user_id"),
      authorization_type: authorizationTypeOf(type),
      status: type === "OAUTH" ? "PENDING_AUTH" : "ACTIVE",
      authorization_details,
      api_config: isObject(apiConfig) ? structuredClone(apiConfig) : {},
      updated_at: new Date(context.now()).toISOString(),
    });
    return Response.json({ connected_account: shown(created, connection, true) }, { status: 201 });
  });

  app.get("/api/v1/connected_accounts", (c) => {
    const query = new URL(c.req.url).searchParams;
    const size = pageSizeOf(query.get("page_size"));
    const offset = offsetOf(query.get("page_token"));
    const name = query.get("connector") ?? "";
    const connection = name === "" ? undefined : store.connections.byName(name);
    const filters: [keyof StoredAccount, string | null][] = [
      ["identifier", query.get("identifier")],
      ["organization_id", query.get("organization_id")],
      ["user_id", query.get("user_id")],
    ];
    const matching = store.accounts.all.filter(
      (account) =>
        (name === "" || account.connection === connection?.id) &&
        filters.every(([key, value]) => value === null || value === "" || account[key] === value),
    );
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? tokenFor(offset + size) : "";
    return Response.json({
      connected_accounts: page.map((account) =>
        shown(
          account,
          store.connections.byId(account.connection),
          false,
          store.grants.of(account.id)?.expiresAt,
        ),
      ),
      next_page_token: next,
      prev_page_token: offset > 0 ? tokenFor(Math.max(0, offset - size)) : "",
      total_size: matching.length,
    });
  });

  app.post("/api/v1/:operation{connected_accounts:delete}", async (c) => {
    const body = await readJson(c.req.raw);
    const id = optionalText(body, "id");
    if (id !== "") {
      store.deleteAccount({ id });
      return Response.json({});
    }
    const name = requiredText(body, "connector");
    const identifier = requiredText(body, "identifier");
    const connection = store.connections.byName(name);
    if (!connection) throw new GrpcError("NOT_FOUND", messages.connectionNotFound(name));
    store.deleteAccount({
      connection: connection.id,
      identifier,
      organization_id: optionalText(body, "organization_id"),
      user_id: optionalText(body, "user_id"),
    });
    return Response.json({});
  });
}
