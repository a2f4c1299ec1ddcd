/**
 * One Security Scheme → the Scalekit auth kind closest to it, with a rank (how well it suits a
 * connector for end users) and the warnings that apply if it is chosen.
 * Ranks: user-authorised OAuth 100, implicit OAuth 90, long-lived tokens 75-80, approximations below.
 */
import type { AuthKind, PlanNote } from "./auth-plan.ts";
import { isBearerPrefix, namedPrefix, statedPrefix, tokenWordPrefix, valuePrefix } from "./key-prefix.ts";
import { oauthKind } from "./oauth.ts";
import type { OperationScan } from "./operations.ts";
import type { Scheme } from "./security-schemes.ts";

export interface SchemeMapping {
  readonly kind: AuthKind;
  readonly rank: number;
  readonly label: string;
  readonly notes: PlanNote[];
}

export interface ServerBase {
  readonly origin: string;
  readonly url: string;
}

// http schemes that are not one static credential in the Authorization header
const interactiveSchemes =
  /^(digest|negotiate|ntlm|hoba|mutual|vapid|oauth|scram-sha-\d+|aws4-hmac-sha256)$/i;

// a bearer scheme whose tokens come from an OAuth flow the spec does not describe
const oauthIssued = (scheme: Scheme): boolean =>
  /oauth/i.test(scheme.name) ||
  /(oauth\s+(flow|grant))|issued\s+(through|via|by)\s+[^.]*oauth/i.test(scheme.description);

/** `about`: the API's own description (info.description), where many documents explain their credentials. */
export function mapScheme(
  scheme: Scheme,
  scan: OperationScan,
  server: ServerBase,
  about: string,
): SchemeMapping | undefined {
  const notes: PlanNote[] = [];
  const at = scheme.pointer;
  switch (scheme.kind) {
    case "oauth2":
      return mapOAuth(scheme, scan, server, about);
    case "http": {
      if (scheme.scheme === "bearer") {
        if (oauthIssued(scheme)) {
          notes.push({
            code: "auth-oauth-token",
            message: `"${scheme.name}" takes tokens from an OAuth flow the spec does not describe; users paste an access token, so check the vendor's OAuth endpoints and switch to .oauth() if it has them`,
            pointer: at,
          });
          return {
            kind: { type: "BEARER" },
            rank: 60,
            label: `BEARER (${scheme.name}, OAuth-issued)`,
            notes,
          };
        }
        return { kind: { type: "BEARER" }, rank: 80, label: `BEARER (${scheme.name})`, notes };
      }
      if (scheme.scheme === "basic")
        return { kind: { type: "BASIC" }, rank: 75, label: `BASIC (${scheme.name})`, notes };
      const word = scheme.word;
      if (word !== "" && !interactiveSchemes.test(word) && /^[a-z][a-z0-9-]*$/i.test(word)) {
        notes.push({
          code: "auth-custom-http-scheme",
          message: `"${scheme.name}" uses the HTTP scheme "${word}"; the key is sent as "Authorization: ${word} <key>"`,
          pointer: at,
        });
        return {
          kind: { type: "API_KEY", prefix: `${word} ` },
          rank: 50,
          label: `API_KEY (${scheme.name}, ${word})`,
          notes,
        };
      }
      notes.push({
        code: "auth-unsupported-scheme",
        message: `"${scheme.name}" uses HTTP ${word || "(no scheme)"}, which Scalekit cannot perform; the connector sends a static key instead`,
        pointer: at,
      });
      return {
        kind: { type: "API_KEY" },
        rank: 5,
        label: `API_KEY (${scheme.name}, approximating ${word})`,
        notes,
      };
    }
    case "apiKey":
      return mapApiKey(scheme, notes, scan, about);
    case "openIdConnect":
      notes.push({
        code: "auth-openid-connect",
        message: `"${scheme.name}" is OpenID Connect; its endpoints are in ${scheme.url || "its discovery document"}, so the connector takes a bearer token — switch to .oauth() with the endpoints listed there`,
        pointer: at,
      });
      return { kind: { type: "BEARER" }, rank: 45, label: `BEARER (${scheme.name}, OpenID Connect)`, notes };
    case "other":
      return undefined;
  }
}

/**
 * The prefix stated where the document describes the header outside its scheme: the description
 * of a header parameter of the same name, then the API's own description.
 */
function prefixElsewhere(
  header: string,
  scan: OperationScan,
  about: string,
): { prefix: string; where: string; pointer: string } | undefined {
  const parameter = scan.headers.get(header.toLowerCase());
  const fromParameter =
    parameter && (statedPrefix(parameter.description, header) ?? valuePrefix(parameter.description));
  if (parameter && fromParameter)
    return {
      prefix: fromParameter,
      where: "the description of its header parameter",
      pointer: parameter.pointer,
    };
  const fromAbout = namedPrefix(about, header);
  if (fromAbout) return { prefix: fromAbout, where: "the API's description", pointer: "#/info/description" };
  return undefined;
}

function mapApiKey(
  scheme: Scheme & { kind: "apiKey" },
  notes: PlanNote[],
  scan: OperationScan,
  about: string,
): SchemeMapping {
  const at = scheme.pointer;
  if (scheme.in !== "header") {
    notes.push({
      code: "auth-key-not-in-header",
      message: `"${scheme.name}" sends the key in the ${scheme.in || "?"} parameter "${scheme.param}"; Scalekit sends keys in a header, so check that the API accepts it there`,
      pointer: at,
    });
    return { kind: { type: "API_KEY" }, rank: 20, label: `API_KEY (${scheme.name}, in ${scheme.in})`, notes };
  }
  const inAuthorization = scheme.param.toLowerCase() === "authorization";
  const own = statedPrefix(scheme.description, scheme.param);
  const elsewhere = own === undefined ? prefixElsewhere(scheme.param, scan, about) : undefined;
  const prefix = own ?? elsewhere?.prefix;
  if (elsewhere) {
    notes.push({
      code: "auth-format-from-text",
      message: `"${scheme.name}" does not say the format of ${scheme.param}; ${elsewhere.where} shows "${elsewhere.prefix}<key>", so it is sent that way`,
      pointer: elsewhere.pointer,
    });
  }
  if (inAuthorization && prefix && isBearerPrefix(prefix)) {
    return { kind: { type: "BEARER" }, rank: 80, label: `BEARER (${scheme.name}, "Bearer " prefix)`, notes };
  }
  if (inAuthorization && !prefix) {
    const candidate = tokenWordPrefix(scheme.name, scheme.description);
    const likely =
      candidate === undefined || isBearerPrefix(candidate)
        ? 'if the API wants "Bearer <key>", use .bearer()'
        : `the scheme's name reads as the prefix: if the API wants "${candidate}<key>", add .mutate("api_key", { prefix: ${JSON.stringify(candidate)} })`;
    notes.push({
      code: "auth-raw-authorization",
      message: `"${scheme.name}" puts the key in Authorization without saying its format; it is sent as typed (${likely})`,
      pointer: at,
    });
  }
  const kind: AuthKind = {
    type: "API_KEY",
    ...(!inAuthorization && { header: scheme.param }),
    ...(prefix !== undefined && { prefix }),
  };
  const detail = [scheme.param, prefix && `prefix ${JSON.stringify(prefix)}`].filter(Boolean).join(", ");
  return { kind, rank: 78, label: `API_KEY (${scheme.name}, ${detail})`, notes };
}

function mapOAuth(
  scheme: Scheme & { kind: "oauth2" },
  scan: OperationScan,
  server: ServerBase,
  about: string,
): SchemeMapping | undefined {
  const notes: PlanNote[] = [];
  const code = scheme.flows.find((flow) => flow.kind === "authorizationCode" && flow.authorizationUrl);
  const implicit = scheme.flows.find((flow) => flow.kind === "implicit" && flow.authorizationUrl);
  const flow = code ?? implicit;
  if (flow) {
    const siblings = scheme.flows.filter((other) => other !== flow);
    const texts = [scheme.description, about, ...scan.texts];
    const kind = oauthKind(scheme.name, flow, scan, server, notes, { siblings, texts });
    // OpenAPI has no field for PKCE (RFC 7636): say it was not checked, rather than guess
    const mentioned = /\bPKCE\b|code_challenge/i.test(scheme.description);
    notes.push({
      level: "infer",
      message: mentioned
        ? `PKCE not set: "${scheme.name}" mentions it; if the provider requires it, add pkce: true to .oauth()`
        : `PKCE not checked: OpenAPI cannot say whether the provider requires it; if it does, add pkce: true to .oauth()`,
      pointer: scheme.pointer,
    });
    return { kind, rank: flow === code ? 100 : 90, label: `OAUTH (${scheme.name}, ${flow.kind})`, notes };
  }
  const machine =
    scheme.flows.find((f) => f.kind === "clientCredentials") ??
    scheme.flows.find((f) => f.kind === "password");
  if (!machine) return undefined;
  const where = machine.tokenUrl ? ` at ${machine.tokenUrl}` : "";
  notes.push({
    code: machine.kind === "clientCredentials" ? "auth-client-credentials" : "auth-password-flow",
    message: `"${scheme.name}" only has the ${machine.kind} flow${where}, which has no user to authorise; the connector takes the access token it issues (tokens expire; if the provider also offers the authorization-code flow, use .oauth())`,
    pointer: machine.pointer,
  });
  return {
    kind: { type: "BEARER" },
    rank: 40,
    label: `BEARER (${scheme.name}, ${machine.kind} token)`,
    notes,
  };
}
