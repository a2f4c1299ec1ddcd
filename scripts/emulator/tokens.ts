// Client-credentials tokens (scalekit-api.md §1.1): POST /oauth/token and the bearer check on
// /api/v1/*. Tokens live in memory only and expire by the injected clock.
import { timingSafeEqual } from "node:crypto";
import { messages, newAccessToken } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

export interface TokenOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly ttlSeconds: number;
  readonly now: () => number;
}

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const oauthError = (status: number, error: string): Response =>
  Response.json({ error }, { status, headers: { "cache-control": "no-store" } });

export class Tokens {
  readonly #options: TokenOptions;
  readonly #expiry = new Map<string, number>();

  constructor(options: TokenOptions) {
    this.#options = options;
  }

  clear(): void {
    this.#expiry.clear();
  }

  /** Answers a token request; only form-encoded client_credentials with the right id and secret get a token. */
  async issue(request: Request): Promise<Response> {
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return oauthError(400, "invalid_request");
    }
    const form = new URLSearchParams(await request.text());
    const grant = form.get("grant_type");
    if (grant === null) return oauthError(400, "invalid_request");
    if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type");
    const id = form.get("client_id") ?? "";
    const secret = form.get("client_secret") ?? "";
    // both compared, so a wrong id and a wrong secret take the same path
    const idOk = sameText(id, this.#options.clientId);
    const secretOk = sameText(secret, this.#options.clientSecret);
    if (!idOk || !secretOk) return oauthError(401, "invalid_client");

    const token = newAccessToken();
    this.#expiry.set(token, this.#options.now() + this.#options.ttlSeconds * 1000);
    return Response.json(
      { access_token: token, token_type: "Bearer", expires_in: this.#options.ttlSeconds, scope: "openid" },
      { headers: { "cache-control": "no-store" } },
    );
  }

  /** Throws UNAUTHENTICATED unless the Authorization header carries a live token. */
  check(authorization: string | null): void {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (token === undefined) throw new GrpcError("UNAUTHENTICATED", messages.tokenEmpty);
    const expiresAt = this.#expiry.get(token);
    if (expiresAt === undefined) throw new GrpcError("UNAUTHENTICATED", messages.tokenInvalid);
    if (this.#options.now() >= expiresAt) throw new GrpcError("UNAUTHENTICATED", messages.tokenExpired);
  }
}
