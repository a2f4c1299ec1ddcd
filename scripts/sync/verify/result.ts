// What a verify call's answer means, and what to check next. The hint is built from the
// connector's own definition (header, scheme, mutations, proxy_url), never from the answer's
// body, which may echo what was sent.
import type { AuthPattern, FieldMutation, Payload } from "../../../dsl/payload.ts";
import { placeholdersOf } from "../../../dsl/rules/pattern.ts";
import type { VerifyRequest } from "../../../dsl/verify.ts";
import type { ProxyAnswer } from "../../client/index.ts";
import { oauthVariables, verifyVariable } from "../../lib/variable-names.ts";

export type VerifyStatus = "ok" | "rejected" | "not_found" | "unreachable" | "not_authorized" | "error";

export interface VerifyOutcome {
  readonly status: VerifyStatus;
  /** The upstream's status, or Scalekit's when it answered for the upstream; null without an answer. */
  readonly httpStatus: number | null;
  /** What happened, then what to check: one line each in text, joined by spaces in JSON. Empty for ok. */
  readonly hint: readonly string[];
  /** An MCP connector's tools, as Scalekit names them. */
  readonly tools?: readonly string[];
}

export interface VerifyContext {
  readonly payload: Payload;
  readonly request: VerifyRequest;
  readonly connection: string;
  readonly identifier: string;
  /** True for a temporary account made from CONNECTORKIT_VERIFY_* values. */
  readonly temporary: boolean;
}

const describeMutation = (field: string, rule: FieldMutation | undefined): string[] => {
  if (!rule) return [];
  return [
    ...(rule.default !== undefined ? [`${field} default ${JSON.stringify(rule.default)}`] : []),
    ...(rule.prefix !== undefined ? [`${field} prefix ${JSON.stringify(rule.prefix)}`] : []),
    ...(rule.suffix !== undefined ? [`${field} suffix ${JSON.stringify(rule.suffix)}`] : []),
  ];
};

/** How the proxy sent the credential, in words, without any value. */
function sentAs(pattern: AuthPattern): string {
  const header = pattern.auth_header_key_override || "Authorization";
  const mutations = pattern.auth_field_mutations ?? {};
  const applied = Object.entries(mutations).flatMap(([field, rule]) => describeMutation(field, rule));
  const withMutations = applied.length > 0 ? `, with ${applied.join(", ")}` : ", with no prefix or suffix";
  switch (pattern.type) {
    case "API_KEY":
      return `the raw api_key in the ${header} header${withMutations}`;
    case "BEARER":
      return `"Bearer <token>" in the ${header} header${withMutations}`;
    case "BASIC":
      return `"Basic base64(username:password)" in the ${header} header${withMutations}`;
    case "OAUTH":
      return `the connected account's access token as "Bearer <token>" in the ${header} header`;
    default:
      return "no credential (NO_AUTH)";
  }
}

const whatToCheck: Readonly<Record<string, string>> = {
  API_KEY:
    'the header the API documents (.apiKey({ header: "X-API-Key" }) sets auth_header_key_override), a prefix or suffix it expects (.mutate("api_key", { prefix: "Token " })), and whether it wants Bearer or Basic instead',
  BEARER:
    'that the API takes "Bearer <token>" in Authorization; if it wants another scheme or header, use .apiKey({ header }) with .mutate("api_key", { prefix: "Token " })',
  BASIC:
    'which part holds the key (username or password), a suffix it expects such as "/token" (.mutate("username", { suffix })), a default password (.mutate("password", { default: "X" })), and whether it takes Basic at all',
  OAUTH: "the scopes the account granted and its status; reauthorize the account if its token expired",
  NO_AUTH: "whether the API needs a credential after all (NO_AUTH sends none)",
};

function credentialSource(context: VerifyContext, pattern: AuthPattern): string {
  if (!context.temporary) return `connected account "${context.identifier}"`;
  const name = context.payload.display_name;
  const variables = (pattern.fields ?? []).map((field) => verifyVariable(name, field.field_name));
  return variables.length > 0 ? variables.join(", ") : "the account";
}

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

const requestLine = (request: VerifyRequest) => `${request.method} ${request.path}`;

// proxy_url may hold {{placeholders}}, which URL parsing would refuse or encode: read it as text
function hostOf(url: string): string {
  const match = /^https?:\/\/([^/?#]*)/i.exec(url);
  return match?.[1] ?? url;
}

function pathOf(url: string): string {
  const match = /^https?:\/\/[^/?#]*([^?#]*)/i.exec(url);
  return match?.[1] || "/";
}

function rejected(status: number, context: VerifyContext, pattern: AuthPattern): VerifyOutcome {
  const type = pattern.type;
  return {
    status: "rejected",
    httpStatus: status,
    hint: [
      `The upstream refused the credential (${status}). It was sent as ${sentAs(pattern)} (${type}).`,
      `Check ${whatToCheck[type] ?? "the auth pattern"}; and that ${credentialSource(context, pattern)} holds a valid credential.`,
    ],
  };
}

function notFound(status: number, context: VerifyContext): VerifyOutcome {
  const proxyUrl = context.payload.proxy_url;
  const called = `${proxyUrl.replace(/\/+$/, "")}${context.request.path}`;
  return {
    status: "not_found",
    httpStatus: status,
    hint: [
      `The upstream has nothing at ${called} (404): proxy_url's path "${pathOf(proxyUrl)}" + the request path "${context.request.path}".`,
      "Check that proxy_url includes the API's base path (such as /v2 or /api), and that the request path is relative to it.",
    ],
  };
}

function unreachable(status: number, context: VerifyContext, message: string): VerifyOutcome {
  const proxyUrl = context.payload.proxy_url;
  const host = hostOf(proxyUrl);
  const names = placeholdersOf(host);
  const pattern = context.payload.auth_patterns[0];
  const listed = names.map((n) => `{{${n}}}`).join(", ");
  const from =
    context.temporary && pattern && pattern.type !== "OAUTH"
      ? names.map((name) => verifyVariable(context.payload.display_name, name)).join(", ")
      : "the connected account's path variables";
  const check =
    names.length === 0
      ? "Check the host name in proxy_url, and that it serves https."
      : `Check the value${names.length === 1 ? "" : "s"} of ${listed}, filled from ${from}, and that the host then serves https.`;
  return {
    status: "unreachable",
    httpStatus: status,
    hint: [`Scalekit could not reach proxy_url's host ${host}: ${message}.`, check],
  };
}

/** Scalekit's own error: the connection, the account, or the way to the upstream. */
function scalekitFailure(answer: ProxyAnswer, context: VerifyContext, message: string): VerifyOutcome {
  const { status } = answer;
  const code = answer.scalekitError?.grpcCode;
  if (status === 502 || code === 14) return unreachable(status, context, message);
  if (status === 504 || code === 4) {
    return {
      status: "error",
      httpStatus: status,
      hint: [`${capitalized(message)}.`, "Try again, or verify with a cheaper request."],
    };
  }
  if (code === 5) {
    const fix = `Check that connection "${context.connection}" still exists${context.temporary ? "" : ` and that connected account "${context.identifier}" exists on it (--identifier)`}`;
    return {
      status: "error",
      httpStatus: status,
      hint: [`Scalekit answered ${status}: ${message}.`, `${fix}.`],
    };
  }
  return { status: "error", httpStatus: status, hint: [`Scalekit answered ${status}: ${message}.`] };
}

export function classify(answer: ProxyAnswer, context: VerifyContext): VerifyOutcome {
  const pattern = context.payload.auth_patterns[0];
  const { status } = answer;
  if (answer.scalekitError) return scalekitFailure(answer, context, answer.scalekitError.message);
  if ((status >= 200 && status < 300) || context.request.accept.includes(status)) {
    return { status: "ok", httpStatus: status, hint: [] };
  }
  if ((status === 401 || status === 403) && pattern) return rejected(status, context, pattern);
  if (status === 404) return notFound(status, context);
  if (status >= 500) {
    return {
      status: "error",
      httpStatus: status,
      hint: [
        `The upstream failed (${status}): it may be down, or this request may not suit it.`,
        "Try again, or verify with another request (--request, or .verify() in the definition).",
      ],
    };
  }
  if (status === 429) {
    return {
      status: "error",
      httpStatus: status,
      hint: [
        "The upstream is limiting requests (429), so the credential was not judged.",
        "Try again later.",
      ],
    };
  }
  if (status >= 300 && status < 400) {
    const location = answer.headers.get("location");
    return {
      status: "error",
      httpStatus: status,
      hint: [
        `The upstream redirects${location ? ` to ${hostOf(location)}` : ""} (${status}), and the proxy does not follow redirects.`,
        "Point proxy_url at where the API now lives.",
      ],
    };
  }
  return {
    status: "error",
    httpStatus: status,
    hint: [
      `The upstream answered ${status} to ${requestLine(context.request)}, which does not say whether the credential was accepted.`,
      `If this endpoint answers ${status} to a valid credential, declare it: .verify("${requestLine(context.request)}", { accept: [${status}] }); otherwise choose a request that needs only the credential.`,
    ],
  };
}

/** The outcome when no answer came back from Scalekit at all. */
export const noAnswer = (reason: string): VerifyOutcome => ({
  status: "error",
  httpStatus: null,
  hint: [
    `No answer from Scalekit's tool proxy: ${reason}.`,
    "Check the environment is reachable, and try again.",
  ],
});

/** What the end of an authorization flow means, and what to change: in the definition or the connection. */
export function authorizationFailure(
  payload: Payload,
  error: string,
  description: string,
  redirectUri: string | undefined,
  environment?: string,
): VerifyOutcome {
  const vars = oauthVariables(payload.display_name, environment);
  const said = `${error}${description ? ` (${description})` : ""}`;
  const code = error === "token_error" ? (/^([a-z_]+)/.exec(description)?.[1] ?? "") : error;
  const register = redirectUri
    ? `register ${redirectUri} with the vendor's OAuth app`
    : "register the connection's redirect URI (printed by apply) with the vendor's OAuth app";
  const fix = ((): string => {
    if (error === "access_denied")
      return "Authorize again and accept; if the vendor's page asked for nothing, check the scopes requested (.connection({ scopes }), .scope())";
    if (/code_challenge|pkce/i.test(description))
      return "The vendor requires PKCE: set .connection({ pkce: true }) (or .oauth({ pkce: true })), apply, then verify again";
    if (error === "invalid_token_response" || error === "token_endpoint_unreachable")
      return "Scalekit could not get a token from tokenUri: check .oauth({ tokenUri }) (the vendor's token endpoint) and that it answers OAuth's JSON";
    if (code === "invalid_scope")
      return "The vendor refused a scope: check the scope names in .scope() and .connection({ scopes }) against the vendor's docs";
    if (code === "redirect_uri_mismatch" || /redirect/i.test(description))
      return `The vendor does not accept Scalekit's redirect URI: ${register}`;
    if (error === "token_error" && code === "invalid_client")
      return `The token endpoint refused the client credentials: check ${vars.clientSecret} (and ${vars.clientId}), and how the client authenticates (.connection({ tokenAuth: "client_secret_basic" }) if the vendor wants HTTP Basic)`;
    if (error === "token_error" && code === "invalid_grant")
      return "The token endpoint refused the code: the vendor may require PKCE (.connection({ pkce: true }) or .oauth({ pkce: true })), or the redirect URI differs from the registered one";
    if (error === "token_error")
      return "Check tokenUri (.oauth({ tokenUri })) and that Scalekit can reach it, and the client credentials";
    if (code === "unauthorized_client" || code === "invalid_client")
      return `The vendor's authorize page refused the client: check ${vars.clientId}, and that the OAuth app allows the authorization-code grant and ${register.replace(/^register/, "this redirect URI:")}`;
    return "Check the connector's OAuth settings (.oauth({ authorizeUri, tokenUri })) and the connection's client credentials";
  })();
  return {
    status: "not_authorized",
    httpStatus: null,
    hint: [`The authorization ended in ${said}.`, `${fix}.`],
  };
}

/** No authorization within the wait. */
export const authorizationTimeout = (payload: Payload, seconds: number): VerifyOutcome => {
  const authorize = payload.auth_patterns[0]?.oauth_config?.authorize_uri;
  return {
    status: "not_authorized",
    httpStatus: null,
    hint: [
      `No authorization within ${seconds} s.`,
      `If the browser shows an error at the vendor, its authorize page refused the client id or the redirect URI; if it could not load the page, check authorizeUri${authorize ? ` (${authorize})` : ""}. Try again with a longer --wait.`,
    ],
  };
};

/** An MCP connector's tools, listed through Scalekit. */
export function toolsOutcome(
  tools: readonly string[],
  ran?: { name: string; result: unknown },
): VerifyOutcome {
  if (tools.length === 0)
    return {
      status: "error",
      httpStatus: null,
      tools,
      hint: [
        "Scalekit lists no tools for this account.",
        "Check that the MCP server offers tools to this credential, and that the account is ACTIVE.",
      ],
    };
  // MCP reports a tool's own failure in its result (isError), not as an error answer
  if (ran && (ran.result as { isError?: unknown } | null)?.isError === true)
    return {
      status: "error",
      httpStatus: null,
      tools,
      hint: [
        `${ran.name} answered with an error: ${summary(ran.result)}`,
        "The server took the credential and ran the tool, which failed: check --input against the tool's input schema.",
      ],
    };
  return {
    status: "ok",
    httpStatus: null,
    tools,
    hint: ran ? [`${ran.name} answered: ${summary(ran.result)}`] : [],
  };
}

const summary = (value: unknown): string => {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

/** Scalekit could not list or run the tools: the MCP server refused the credential, or could not be reached. */
export function toolsFailure(
  message: string,
  status: number | null,
  errorCode: string | undefined,
): VerifyOutcome {
  const refused =
    status === 401 ||
    status === 403 ||
    /unauthori[sz]ed|forbidden|credential/i.test(`${errorCode} ${message}`);
  if (refused)
    return {
      status: "rejected",
      httpStatus: status,
      hint: [
        `The MCP server refused the credential: ${message}.`,
        "Check the header and scheme it expects (.apiKey({ header }), .bearer(), .basic()) and that the account's credential is valid.",
      ],
    };
  if (status === 502 || /unreachable/i.test(message))
    return {
      status: "unreachable",
      httpStatus: status,
      hint: [
        `Scalekit could not reach the MCP server: ${message}.`,
        "Check proxy_url (the server's streamable HTTP endpoint) and that it serves https.",
      ],
    };
  return {
    status: "error",
    httpStatus: status,
    hint: [`Scalekit answered ${status ?? "nothing"}: ${message}.`],
  };
}

/** The assumed connection turned out to serve another connector: nothing was sent upstream. */
export const otherConnector = (connection: string, owner: string): VerifyOutcome => ({
  status: "error",
  httpStatus: null,
  hint: [
    `The connection "${connection}" belongs to another connector (${owner}), so nothing was sent.`,
    "Pass this connector's connection name with --connection.",
  ],
});
