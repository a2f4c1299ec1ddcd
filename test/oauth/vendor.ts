// A fake OAuth vendor on 127.0.0.1 (port 0) for tests that authorize accounts: the authorization
// code grant with refresh tokens and PKCE (RFC 6749, RFC 7636). The authorize page checks the
// client and its registered redirect URIs (a mismatch is a page, never a redirect), the required
// scopes and PKCE, then approves at once unless told to deny or to refuse the client. The token
// endpoint checks client authentication (post, basic or either), the code (one use, its
// redirect_uri, its verifier) and refresh tokens, and issues short-lived access tokens.
// `GET /api/me` and `GET /userinfo` check the Bearer token. With `registration`, it also
// publishes RFC 8414 metadata and takes RFC 7591 registrations, for MCP OAuth. Everything it
// received and issued is in `record`; the logic is vendor-authority.ts.
//
//   const vendor = await startOAuthVendor({ requirePkce: true, requiredScopes: ["contacts.read"] });
//   vendor.addClient({ id: "cid", secret: "s3cret", redirectUris: [callback] });
//   vendor.settings.user = "deny";           // the next authorization is denied
import type { IncomingMessage, ServerResponse } from "node:http";
import { listening } from "../listen.ts";
import { Authority, type VendorClient, type VendorRecord, type VendorSettings } from "./vendor-authority.ts";

export type {
  TokenRequestRecord,
  VendorClient,
  VendorClientAuth,
  VendorRecord,
  VendorSettings,
} from "./vendor-authority.ts";

export interface VendorOptions extends Partial<VendorSettings> {
  /** Publish /.well-known/oauth-authorization-server and take registrations at /register. */
  readonly registration?: boolean;
  /** The vendor's clock, in ms (default Date.now): token expiry follows it. */
  readonly now?: () => number;
  /** Where it serves its endpoints, for a vendor with paths of its own (default /authorize, /token, /userinfo, /api/me). */
  readonly paths?: Partial<Record<"authorize" | "token" | "userInfo" | "api", string>>;
}

export interface OAuthVendor {
  /** http://127.0.0.1:PORT, also the issuer. */
  readonly origin: string;
  readonly urls: {
    readonly authorize: string;
    readonly token: string;
    readonly userInfo: string;
    /** GET, Bearer-protected: `{id, name}`. */
    readonly api: string;
    readonly registration: string;
    readonly metadata: string;
  };
  /** Mutable: what the vendor enforces and what its user does. */
  readonly settings: VendorSettings;
  readonly record: VendorRecord;
  /** Registers a client; its redirect URIs are compared exactly. */
  addClient(client: VendorClient): void;
  /** The clients, those registered by DCR included. */
  readonly clients: ReadonlyMap<string, VendorClient>;
  /** Whether `token` is a live access token (for a resource server in front of this vendor). */
  isLive(token: string): boolean;
  /** Every access token issued so far stops working (the next API call is a 401). */
  revokeAccessTokens(): void;
  /** Every refresh token issued so far stops working (the next refresh is invalid_grant). */
  revokeRefreshTokens(): void;
  /** How many refresh_token grants succeeded. */
  readonly refreshCount: number;
  /** Every secret the vendor issued or holds: client secrets, codes, access and refresh tokens. */
  secrets(): string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/html; charset=utf-8" : "application/json";
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers }).end(text);
}

/** Starts the vendor. */
export async function startOAuthVendor(options: VendorOptions = {}): Promise<OAuthVendor> {
  const authority = new Authority(
    {
      clientAuth: options.clientAuth ?? "either",
      requirePkce: options.requirePkce ?? false,
      requiredScopes: [...(options.requiredScopes ?? [])],
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      rotateRefreshTokens: options.rotateRefreshTokens ?? true,
      user: options.user ?? "approve",
      refuseClient: options.refuseClient ?? false,
      refuseRegistration: options.refuseRegistration ?? false,
    },
    options.now ?? Date.now,
  );
  const { server, origin, close } = await listening();
  const paths = {
    authorize: "/authorize",
    token: "/token",
    userInfo: "/userinfo",
    api: "/api/me",
    ...options.paths,
  };
  const urls = {
    authorize: `${origin}${paths.authorize}`,
    token: `${origin}${paths.token}`,
    userInfo: `${origin}${paths.userInfo}`,
    api: `${origin}${paths.api}`,
    registration: `${origin}/register`,
    metadata: `${origin}/.well-known/oauth-authorization-server`,
  };
  const metadata = {
    issuer: origin,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    registration_endpoint: urls.registration,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic", "none"],
  };

  const guarded = (req: IncomingMessage, res: ServerResponse, path: string, body: unknown) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const status = authority.isLive(token) ? 200 : 401;
    authority.record.apiCalls.push({ path, token, status });
    if (status === 401)
      send(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    else send(res, 200, body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const route = `${req.method} ${url.pathname}`;
    if (route === `GET ${paths.authorize}`) {
      const decision = authority.authorize(Object.fromEntries(url.searchParams));
      if ("page" in decision) send(res, 400, decision.page);
      else res.writeHead(302, { location: decision.redirect, "cache-control": "no-store" }).end();
    } else if (route === `POST ${paths.token}`) {
      const answer = authority.token(
        req.headers.authorization ?? "",
        req.headers["content-type"] ?? "",
        await readBody(req),
      );
      send(
        res,
        answer.status,
        answer.body,
        answer.status === 401 ? { "www-authenticate": 'Basic realm="token"' } : {},
      );
    } else if (route === `GET ${paths.api}`)
      guarded(req, res, url.pathname, { id: "user-1", name: "Test User" });
    else if (route === `GET ${paths.userInfo}`) guarded(req, res, url.pathname, { sub: "user-1" });
    else if (options.registration && route === "POST /register") {
      let document: unknown;
      try {
        document = JSON.parse(await readBody(req));
      } catch {
        document = undefined;
      }
      const answer =
        typeof document === "object" && document !== null && !Array.isArray(document)
          ? authority.register(document as Record<string, unknown>)
          : {
              status: 400,
              body: { error: "invalid_client_metadata", error_description: "not a JSON object" },
            };
      send(res, answer.status, answer.body);
    } else if (options.registration && route === "GET /.well-known/oauth-authorization-server")
      send(res, 200, metadata);
    else send(res, 404, { error: "not_found" });
  }
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => send(res, 500, { error: "server_error" }));
  });

  return {
    origin,
    urls,
    settings: authority.settings,
    record: authority.record,
    clients: authority.clients,
    addClient: (client) => authority.clients.set(client.id, client),
    isLive: (token) => authority.isLive(token),
    revokeAccessTokens: () => authority.revokeAccessTokens(),
    revokeRefreshTokens: () => authority.revokeRefreshTokens(),
    get refreshCount() {
      return authority.refreshCount;
    },
    secrets: () => [
      ...[...authority.clients.values()].flatMap((client) =>
        client.secret === undefined ? [] : [client.secret],
      ),
      ...authority.record.codes,
      ...authority.record.accessTokens,
      ...authority.record.refreshTokens,
    ],
    close,
  };
}
