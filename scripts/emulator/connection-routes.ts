// The connection routes (scalekit-api.md §10.2): the public list GET /api/v1/connections, and the
// PREVIEW ListAppConnections, create, get, PATCH, delete and :enable / :disable. Bodies follow
// grpc-gateway's `body: "connection"`: the request body is the connection message itself, and the
// create's flags travel in the query. An environment without the PREVIEW API answers those 404.
import type { Context, Hono } from "hono";
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { appConnectionsPageSize, generatedConnectionName, messages, redirectUriOf } from "./behaviour.ts";
import { type ConnectionRecord, invalid, type OAuthSettings, tokenAuthMethods } from "./connections.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import { readJsonObject } from "./json-body.ts";
import { hasClientCredentials } from "./oauth-client.ts";
import type { ProviderRecord } from "./record.ts";

const patternOf = (provider: ProviderRecord | undefined): JsonObject => {
  const [first] = provider?.auth_patterns ?? [];
  return isObject(first) ? first : {};
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** A connection as the API shows it: never its client_secret. */
export function shownConnection(
  record: ConnectionRecord,
  context: EmulatorContext,
  origin: string,
): Record<string, unknown> {
  const provider = context.store.provider(record.provider_key);
  const pattern = patternOf(provider);
  const mcp = pattern.is_mcp === true;
  const oauth = record.oauth;
  // an MCP OAuth connection registers its client itself (DCR): it needs no client credentials
  const ready = !oauth || mcp || hasClientCredentials(record, context.store.connections.secretOf(record.id));
  const config = isObject(pattern.oauth_config) ? pattern.oauth_config : {};
  return {
    id: record.id,
    provider: "CUSTOM",
    provider_key: record.provider_key,
    key_id: record.key_id,
    type: record.type,
    status: ready ? "COMPLETED" : "IN_PROGRESS",
    enabled: record.enabled,
    ...(oauth && {
      oauth_config: {
        authorize_uri: text(config.authorize_uri),
        token_uri: text(config.token_uri),
        user_info_uri: text(config.user_info_uri),
        client_id: oauth.client_id,
        scopes: [...oauth.scopes],
        pkce_enabled: oauth.pkce_enabled,
        token_endpoint_auth_method: oauth.token_endpoint_auth_method,
        redirect_uri: redirectUriOf(origin, record.id),
      },
    }),
    create_time: record.create_time,
    update_time: record.update_time,
  };
}

function optionalText(body: JsonObject, key: string, at: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`${at}.${key}`, `${key} must be a string`, "type");
  return value;
}

/** oauth_config on PATCH: the whole OAuth settings, client_secret apart. */
function readOAuth(value: unknown): { settings: OAuthSettings; secret: string | undefined } {
  const at = "connection.oauth_config";
  if (!isObject(value)) throw invalid(at, "oauth_config must be an object", "type");
  const scopes = value.scopes ?? [];
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== "string"))
    throw invalid(`${at}.scopes`, "scopes must be a list of strings", "type");
  const pkce = value.pkce_enabled ?? false;
  if (typeof pkce !== "boolean")
    throw invalid(`${at}.pkce_enabled`, "pkce_enabled must be a boolean", "type");
  const method = optionalText(value, "token_endpoint_auth_method", at) ?? "";
  if (!(tokenAuthMethods as readonly string[]).includes(method))
    throw invalid(
      `${at}.token_endpoint_auth_method`,
      `token_endpoint_auth_method must be one of ${tokenAuthMethods.filter(Boolean).join(", ")}`,
      "enum",
    );
  const secret = optionalText(value, "client_secret", at);
  return {
    settings: {
      client_id: optionalText(value, "client_id", at) ?? "",
      scopes: scopes as string[],
      pkce_enabled: pkce,
      token_endpoint_auth_method: method,
    },
    secret: secret === "" ? undefined : secret,
  };
}

function pageSizeOf(raw: string | null): number {
  if (raw === null || raw === "" || raw === "0") return appConnectionsPageSize.default;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= appConnectionsPageSize.max))
    throw invalid(
      "page_size",
      `page_size must be a whole number from 1 to ${appConnectionsPageSize.max}`,
      "range",
    );
  return n;
}

const tokenFor = (offset: number): string => Buffer.from(String(offset), "utf8").toString("base64url");
function offsetOf(token: string | null): number {
  if (token === null || token === "") return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0)
    throw invalid("page_token", "page_token is not one this server issued", "invalid");
  return offset;
}

export function mountConnectionRoutes(app: Hono, context: EmulatorContext): void {
  const { store } = context;
  const origin = (c: Context) => new URL(c.req.url).origin;
  const stamp = () => new Date(context.now()).toISOString();
  const found = (id: string): ConnectionRecord => {
    const record = store.connections.byId(id);
    if (!record) throw new GrpcError("NOT_FOUND", messages.connectionIdNotFound(id));
    return record;
  };
  const answer = (c: Context, record: ConnectionRecord) =>
    Response.json({ connection: shownConnection(record, context, origin(c)) });

  app.get("/api/v1/connections", (c) =>
    Response.json({
      connections: store.connections.all.map((record) => shownConnection(record, context, origin(c))),
    }),
  );

  // every other connection route is PREVIEW: absent where the environment does not offer it
  app.use("/api/v1/connections/*", async (c, next) => {
    if (!context.connectionsApi)
      throw new GrpcError("NOT_FOUND", messages.notFoundRoute(c.req.method, c.req.path));
    await next();
  });
  app.on("POST", "/api/v1/connections", async (c, next) => {
    if (!context.connectionsApi)
      throw new GrpcError("NOT_FOUND", messages.notFoundRoute(c.req.method, c.req.path));
    await next();
  });

  app.get("/api/v1/connections/app", (c) => {
    const query = new URL(c.req.url).searchParams;
    const size = pageSizeOf(query.get("page_size"));
    const offset = offsetOf(query.get("page_token"));
    const provider = query.get("provider") ?? "";
    const matching = store.connections.all.filter(
      (record) => provider === "" || record.provider_key === provider,
    );
    const next = offset + size < matching.length ? tokenFor(offset + size) : "";
    return Response.json({
      connections: matching
        .slice(offset, offset + size)
        .map((record) => shownConnection(record, context, origin(c))),
      next_page_token: next,
      prev_page_token: offset > 0 ? tokenFor(Math.max(0, offset - size)) : "",
      total_size: matching.length,
    });
  });

  app.post("/api/v1/connections", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const body = await readJsonObject(c.req.raw);
    if (query.get("flags.is_app") !== "true") throw invalid("flags.is_app", messages.connectionNotApp);
    const providerKey = optionalText(body, "provider_key", "connection") ?? "";
    if (providerKey === "") throw invalid("connection.provider_key", "provider_key is required", "required");
    const kind = optionalText(body, "provider", "connection") ?? "";
    if (kind !== "" && kind !== "CUSTOM")
      throw invalid("connection.provider", 'provider must be "CUSTOM" for a custom connector', "enum");
    const provider = store.provider(providerKey);
    if (!provider) throw new GrpcError("NOT_FOUND", messages.notFound(providerKey));
    const patternType = text(patternOf(provider).type);
    const type = optionalText(body, "type", "connection") ?? "";
    if (type !== patternType)
      throw invalid("connection.type", messages.connectionTypeMismatch(type, patternType), "enum");
    const keyId =
      optionalText(body, "key_id", "connection") || generatedConnectionName(provider.display_name);
    const record = await context.write(() =>
      store.connections.create({ provider_key: providerKey, type, key_id: keyId, enabled: false }, stamp()),
    );
    return answer(c, record);
  });

  app.get("/api/v1/connections/:id", (c) => answer(c, found(c.req.param("id"))));

  // PATCH …/{id} updates; PATCH …/{id}:enable and :disable toggle (grpc-gateway custom verbs)
  app.patch("/api/v1/connections/:target", async (c) => {
    const [id = "", verb] = c.req.param("target").split(":");
    if (verb === "enable" || verb === "disable") {
      found(id);
      const record = await context.write(() => store.connections.setEnabled(id, verb === "enable", stamp()));
      return Response.json({ enabled: record.enabled, error_message: "" });
    }
    if (verb !== undefined)
      throw new GrpcError("NOT_FOUND", messages.notFoundRoute(c.req.method, c.req.path));
    const body = await readJsonObject(c.req.raw);
    const stored = found(id);
    for (const field of ["type", "provider_key"] as const) {
      const value = optionalText(body, field, "connection");
      if (value !== undefined && value !== "" && value !== stored[field])
        throw invalid(`connection.${field}`, messages.connectionImmutable(field), "immutable");
    }
    const keyId = optionalText(body, "key_id", "connection");
    const oauth =
      body.oauth_config === undefined || body.oauth_config === null
        ? undefined
        : readOAuth(body.oauth_config);
    const record = await context.write(() =>
      store.connections.update(
        id,
        {
          ...(keyId !== undefined && keyId !== "" && { key_id: keyId }),
          ...(oauth && {
            oauth: oauth.settings,
            ...(oauth.secret !== undefined && { clientSecret: oauth.secret }),
          }),
        },
        stamp(),
      ),
    );
    return answer(c, record);
  });

  app.delete("/api/v1/connections/:id", async (c) => {
    const id = c.req.param("id");
    await context.write(() => store.deleteConnection(id));
    return Response.json({});
  });
}
