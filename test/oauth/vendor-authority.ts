// The fake vendor's authorization server logic, apart from HTTP (vendor.ts serves it): what the
// authorize page decides, what the token endpoint answers, registrations, and the tokens it has
// issued. Strict where RFC 6749 / 7636 / 7591 let a vendor be strict.
import { createHash, randomBytes } from "node:crypto";

export type VendorClientAuth = "client_secret_post" | "client_secret_basic" | "either";

/** What the vendor enforces and how its user behaves; change them between steps of a test. */
export interface VendorSettings {
  /** Client authentication the token endpoint accepts. Default "either". */
  clientAuth: VendorClientAuth;
  /** Refuse an authorization request without a code_challenge (S256). Default false. */
  requirePkce: boolean;
  /** Scopes an authorization request must ask for (else invalid_scope). Default none. */
  requiredScopes: string[];
  /** Lifetime of access tokens, in seconds. Default 3600. */
  accessTokenTtlSeconds: number;
  /** Issue a new refresh token on each refresh and revoke the old one. Default true. */
  rotateRefreshTokens: boolean;
  /** The user at the authorize page: approves, or denies (access_denied). Default "approve". */
  user: "approve" | "deny";
  /** Refuse the client at the authorize page (unauthorized_client). Default false. */
  refuseClient: boolean;
  /** Refuse every client registration (invalid_client_metadata). Default false. */
  refuseRegistration: boolean;
}

export interface VendorClient {
  readonly id: string;
  /** Absent for a public client (token_endpoint_auth_method none). */
  readonly secret?: string;
  readonly redirectUris: readonly string[];
}

export interface TokenRequestRecord {
  readonly grantType: string;
  /** How the client authenticated: "basic", "post", "none" (client_id only), or "" (not at all). */
  readonly clientAuth: "basic" | "post" | "none" | "";
  readonly status: number;
  readonly error?: string;
  /** The form as received (its secrets included: for assertions only). */
  readonly form: Readonly<Record<string, string>>;
}

export interface VendorRecord {
  /** Query of every authorize request. */
  readonly authorizeRequests: Readonly<Record<string, string>>[];
  readonly tokenRequests: TokenRequestRecord[];
  /** Every access token, refresh token and code issued, in order. */
  readonly accessTokens: string[];
  readonly refreshTokens: string[];
  readonly codes: string[];
  /** Registrations received (RFC 7591 metadata as sent). */
  readonly registrations: Readonly<Record<string, unknown>>[];
  /** Bearer-checked calls: path, the token sent ("" for none), and the status answered. */
  readonly apiCalls: { readonly path: string; readonly token: string; readonly status: number }[];
}

/** What the authorize page does: show a page (no redirect), or send the browser to a URL. */
export type AuthorizeDecision = { readonly page: string } | { readonly redirect: string };

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge?: string;
  readonly scope: string;
  readonly expiresAt: number;
  used: boolean;
  readonly issued: string[];
}

const random = (bytes = 24): string => randomBytes(bytes).toString("base64url");
const s256 = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url");
const decodePart = (part: string): string => decodeURIComponent(part.replace(/\+/g, " "));

export class Authority {
  readonly clients = new Map<string, VendorClient>();
  readonly record: VendorRecord = {
    authorizeRequests: [],
    tokenRequests: [],
    accessTokens: [],
    refreshTokens: [],
    codes: [],
    registrations: [],
    apiCalls: [],
  };
  refreshCount = 0;
  readonly #codes = new Map<string, CodeGrant>();
  readonly #access = new Map<string, { expiresAt: number; revoked: boolean }>();
  readonly #refresh = new Map<string, { clientId: string; scope: string; revoked: boolean }>();

  constructor(
    readonly settings: VendorSettings,
    readonly now: () => number,
  ) {}

  isLive(token: string): boolean {
    const known = this.#access.get(token);
    return known !== undefined && !known.revoked && this.now() < known.expiresAt;
  }

  revokeAccessTokens(): void {
    for (const known of this.#access.values()) known.revoked = true;
  }

  revokeRefreshTokens(): void {
    for (const known of this.#refresh.values()) known.revoked = true;
  }

  /** RFC 6749 §4.1.1-2: a bad client or redirect_uri is a page; anything else goes back to the client. */
  authorize(query: Readonly<Record<string, string>>): AuthorizeDecision {
    this.record.authorizeRequests.push(query);
    const client = this.clients.get(query.client_id ?? "");
    if (!client) return { page: "<h1>Unknown client</h1><p>client_id is not registered.</p>" };
    const redirectUri = query.redirect_uri ?? "";
    if (!client.redirectUris.includes(redirectUri))
      return { page: "<h1>Invalid redirect URI</h1><p>redirect_uri is not registered for this client.</p>" };
    const back = (params: Record<string, string>): AuthorizeDecision => {
      const target = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
      if (query.state !== undefined) target.searchParams.set("state", query.state);
      return { redirect: target.href };
    };
    const error = (code: string, description: string) =>
      back({ error: code, error_description: description });
    const { settings } = this;
    if (query.response_type !== "code") return error("unsupported_response_type", "only response_type=code");
    if (settings.refuseClient)
      return error("unauthorized_client", "this client may not use the authorization code grant");
    const scopes = (query.scope ?? "").split(" ").filter(Boolean);
    const missing = settings.requiredScopes.filter((scope) => !scopes.includes(scope));
    if (missing.length > 0) return error("invalid_scope", `required scope missing: ${missing.join(" ")}`);
    const challenge = query.code_challenge;
    if (settings.requirePkce && challenge === undefined)
      return error("invalid_request", "code_challenge required (PKCE)");
    if (challenge !== undefined && query.code_challenge_method !== "S256")
      return error("invalid_request", "code_challenge_method must be S256");
    if (settings.user === "deny") return error("access_denied", "the user denied the request");
    const code = `code-${random()}`;
    this.record.codes.push(code);
    this.#codes.set(code, {
      clientId: client.id,
      redirectUri,
      ...(challenge !== undefined && { challenge }),
      scope: scopes.join(" "),
      expiresAt: this.now() + 60_000,
      used: false,
      issued: [],
    });
    return back({ code });
  }

  /** RFC 6749 §3.2: the token endpoint, given the request's Authorization header, content type and body. */
  token(authorization: string, contentType: string, body: string): JsonAnswer {
    const form = new URLSearchParams(body);
    const auth = this.#clientAuth(authorization, form);
    const grantType = form.get("grant_type") ?? "";
    const answer = (status: number, answered: Record<string, unknown>): JsonAnswer => {
      const error = typeof answered.error === "string" ? answered.error : undefined;
      this.record.tokenRequests.push({
        grantType,
        clientAuth: auth.how,
        status,
        ...(error !== undefined && { error }),
        form: Object.fromEntries(form),
      });
      return { status, body: answered };
    };
    const invalidGrant = (description: string) =>
      answer(400, { error: "invalid_grant", error_description: description });
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
      return answer(400, { error: "invalid_request", error_description: "send a form" });
    const client = this.clients.get(auth.id);
    const { clientAuth } = this.settings;
    const wrongMethod =
      (clientAuth === "client_secret_basic" && auth.how === "post") ||
      (clientAuth === "client_secret_post" && auth.how === "basic");
    const authenticated =
      client !== undefined &&
      !wrongMethod &&
      (client.secret === undefined ? auth.how === "none" : auth.secret === client.secret);
    if (!authenticated || !client)
      return answer(401, { error: "invalid_client", error_description: "client authentication failed" });

    if (grantType === "authorization_code") {
      const grant = this.#codes.get(form.get("code") ?? "");
      if (!grant || this.now() >= grant.expiresAt || grant.clientId !== client.id)
        return invalidGrant("unknown or expired code");
      if (grant.used) {
        // RFC 6749 §4.1.2: a code used twice revokes what it gave
        for (const token of grant.issued) {
          const known = this.#access.get(token) ?? this.#refresh.get(token);
          if (known) known.revoked = true;
        }
        return invalidGrant("code already used");
      }
      grant.used = true;
      if (form.get("redirect_uri") !== grant.redirectUri) return invalidGrant("redirect_uri does not match");
      if (grant.challenge !== undefined && s256(form.get("code_verifier") ?? "") !== grant.challenge)
        return invalidGrant("code_verifier does not match");
      const issued = this.#issue(client.id, grant.scope);
      grant.issued.push(issued.access_token, issued.refresh_token ?? "");
      return answer(200, issued);
    }
    if (grantType === "refresh_token") {
      const presented = form.get("refresh_token") ?? "";
      const known = this.#refresh.get(presented);
      if (!known || known.revoked || known.clientId !== client.id)
        return invalidGrant("unknown or revoked refresh token");
      const rotate = this.settings.rotateRefreshTokens;
      if (rotate) known.revoked = true;
      this.refreshCount += 1;
      return answer(200, this.#issue(client.id, known.scope, rotate));
    }
    return answer(400, { error: "unsupported_grant_type" });
  }

  /** RFC 7591 §3: registers a client from its metadata. */
  register(metadata: Record<string, unknown>): JsonAnswer {
    this.record.registrations.push(metadata);
    const uris = metadata.redirect_uris;
    if (this.settings.refuseRegistration || !Array.isArray(uris) || !uris.every((u) => typeof u === "string"))
      return {
        status: 400,
        body: { error: "invalid_client_metadata", error_description: "registration refused" },
      };
    const publicClient = metadata.token_endpoint_auth_method === "none";
    const client: VendorClient = {
      id: `dcr-${random(9)}`,
      ...(!publicClient && { secret: `dcr-secret-${random()}` }),
      redirectUris: uris as string[],
    };
    this.clients.set(client.id, client);
    return {
      status: 201,
      body: {
        ...metadata,
        client_id: client.id,
        ...(client.secret !== undefined && { client_secret: client.secret }),
        client_id_issued_at: Math.floor(this.now() / 1000),
      },
    };
  }

  #issue(clientId: string, scope: string, withRefresh = true) {
    const accessToken = `at-${random()}`;
    const ttl = this.settings.accessTokenTtlSeconds;
    this.#access.set(accessToken, { expiresAt: this.now() + ttl * 1000, revoked: false });
    this.record.accessTokens.push(accessToken);
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = `rt-${random()}`;
      this.#refresh.set(refreshToken, { clientId, scope, revoked: false });
      this.record.refreshTokens.push(refreshToken);
    }
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ttl,
      ...(refreshToken !== undefined && { refresh_token: refreshToken }),
      ...(scope !== "" && { scope }),
    };
  }

  #clientAuth(authorization: string, form: URLSearchParams) {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
    if (basic !== undefined) {
      const [id = "", secret = ""] = Buffer.from(basic, "base64").toString("utf8").split(":");
      return { how: "basic" as const, id: decodePart(id), secret: decodePart(secret) };
    }
    const id = form.get("client_id") ?? "";
    const secret = form.get("client_secret");
    if (secret !== null) return { how: "post" as const, id, secret };
    return { how: id === "" ? ("" as const) : ("none" as const), id, secret: undefined };
  }
}
