// The emulator at a vendor's token endpoint (RFC 6749 §4.1.3, §6): a form POST with the client
// authenticated as the connection says, and the answer read as a token or classified as a
// failure the user can act on. Also the one user info call after an exchange. Nothing here puts
// a token, a code or the client secret into a failure's text (scrub.ts).
import { isObject } from "../../dsl/rules/issue.ts";
import { authorizationErrors, oauthAnswerMaxBytes } from "./behaviour.ts";
import type { OAuthClient } from "./oauth-client.ts";
import { scrub } from "./scrub.ts";
import { exchange, UpstreamFailure, type UpstreamLimits } from "./upstream-fetch.ts";

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Seconds, as the vendor said. */
  readonly expiresIn?: number;
}

export type TokenResult =
  | { readonly ok: true; readonly tokens: IssuedTokens }
  | {
      readonly ok: false;
      readonly code: string;
      readonly description: string;
      /** The vendor's own OAuth error code, when it answered one (invalid_client, invalid_grant …). */
      readonly oauthError?: string;
    };

// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded
const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** Sends `params` (grant_type and its parameters) to the client's token endpoint. */
export async function requestTokens(
  client: OAuthClient,
  params: Readonly<Record<string, string>>,
  limits: UpstreamLimits,
): Promise<TokenResult> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (client.authMethod === "client_secret_basic") {
    const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret ?? "")}`;
    headers.authorization = `Basic ${Buffer.from(pair, "utf8").toString("base64")}`;
  } else {
    form.set("client_id", client.clientId);
    if (client.authMethod === "client_secret_post") form.set("client_secret", client.clientSecret ?? "");
  }
  if (client.resource !== undefined) form.set("resource", client.resource);
  const secrets = [client.clientSecret, params.code, params.code_verifier, params.refresh_token];
  const where = `${client.tokenUrl.host}${client.tokenUrl.pathname}`;
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    answer = await exchange(
      client.tokenUrl,
      { method: "POST", headers, body: form.toString(), maxBytes: oauthAnswerMaxBytes },
      limits,
    );
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    const code =
      error.kind === "too_large"
        ? authorizationErrors.invalidTokenResponse
        : authorizationErrors.tokenEndpointUnreachable;
    return { ok: false, code, description: scrub(`token endpoint ${error.message}`, secrets) };
  }
  const document = readDocument(answer.body, answer.headers.get("content-type") ?? "");
  // RFC 6749 §5.2: an error answer is a 400 (or 401 for invalid_client) naming the error; a
  // 404 or 500 with an `error` member says the URL or the server is wrong, not the request
  const oauthAnswer = answer.status === 400 || answer.status === 401;
  if (oauthAnswer && isObject(document) && typeof document.error === "string" && document.error !== "") {
    const said = typeof document.error_description === "string" ? document.error_description : "";
    const oauthError = scrub(document.error, secrets, 64);
    return {
      ok: false,
      code: authorizationErrors.tokenError,
      oauthError,
      description: scrub(`${oauthError}: ${said || `HTTP ${answer.status} from ${where}`}`, secrets),
    };
  }
  const problem = (what: string): TokenResult => ({
    ok: false,
    code: authorizationErrors.invalidTokenResponse,
    description: scrub(`HTTP ${answer.status} from ${where}: ${what}`, secrets),
  });
  if (answer.status < 200 || answer.status >= 300) return problem("not an OAuth token response");
  if (!isObject(document)) return problem("the answer is not JSON");
  const access = document.access_token;
  if (typeof access !== "string" || access === "") return problem("the answer has no access_token");
  const type = document.token_type;
  if (type !== undefined && !(typeof type === "string" && type.toLowerCase() === "bearer"))
    return problem(`token_type ${JSON.stringify(scrub(String(type), [access], 40))} is not Bearer`);
  const refresh = document.refresh_token;
  const expires = Number(document.expires_in);
  return {
    ok: true,
    tokens: {
      accessToken: access,
      ...(typeof refresh === "string" && refresh !== "" && { refreshToken: refresh }),
      ...(document.expires_in !== undefined &&
        Number.isFinite(expires) &&
        expires > 0 && { expiresIn: expires }),
    },
  };
}

/** JSON, or a form-encoded answer (some vendors send one to clients that do not insist on JSON). */
function readDocument(body: string, contentType: string): unknown {
  if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Calls user_info_uri with the token; says how it went, in words fit for a log. */
export async function callUserInfo(url: URL, accessToken: string, limits: UpstreamLimits): Promise<string> {
  try {
    const answer = await exchange(
      url,
      {
        method: "GET",
        headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
        maxBytes: oauthAnswerMaxBytes,
      },
      limits,
    );
    return answer.status >= 200 && answer.status < 300
      ? `ok (HTTP ${answer.status})`
      : `failed: HTTP ${answer.status} from ${url.host}${url.pathname}`;
  } catch (error) {
    if (error instanceof UpstreamFailure) return `failed: ${error.message}`;
    throw error;
  }
}
