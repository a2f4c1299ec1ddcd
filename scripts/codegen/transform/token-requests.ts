/**
 * What one Operation Object says about tokens, read while operations are scanned: whether it
 * issues the API's own tokens (a token endpoint in the manner of RFC 6749 §4.4: a POST whose
 * parameters or request body take a client ID and secret or a grant_type, or that answers with an
 * access token), and whether it exchanges an authorization code for tokens (RFC 6749 §4.1.3; the
 * evidence is the request's names and the response, never the path's words). token-endpoint.ts
 * and token-exchange.ts judge the chosen auth against what is found here.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";

export interface TokenOperation {
  readonly pointer: string;
  /** "POST /oauth/token", as the report names it. */
  readonly label: string;
  /** The request takes client_id and client_secret, or a grant_type. */
  readonly clientCredentials: boolean;
  /** The property of a success response that carries the token, when the document says. */
  readonly issues: "access_token" | "token" | undefined;
}

// "code" is read for authorization-code exchanges (token-exchange.ts)
const requestNames = new Set(["client_id", "client_secret", "grant_type", "code"]);
const responseNames = new Set(["access_token", "token"]);
const tokenWords = /auth|token|login|session/i;

/** Which of `wanted` the schema at `node` declares as properties (through $refs and allOf/oneOf/anyOf). */
function schemaProperties(
  doc: SpecDoc,
  node: unknown,
  pointer: string,
  wanted: ReadonlySet<string>,
  found: Set<string>,
  depth = 0,
): void {
  const schema = doc.refs.object(node, pointer);
  if (!schema || depth > 3) return;
  const properties = schema.value.properties;
  if (isObj(properties)) for (const name of wanted) if (name in properties) found.add(name);
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const list = schema.value[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      schemaProperties(doc, item, pointerTo(schema.pointer, key, index), wanted, found, depth + 1);
    });
  }
}

/** schemaProperties over the schema of each media type in an OpenAPI 3 `content` map. */
function contentProperties(
  doc: SpecDoc,
  holder: { readonly value: Obj; readonly pointer: string },
  wanted: ReadonlySet<string>,
  found: Set<string>,
): void {
  const content = holder.value.content;
  if (!isObj(content)) return;
  for (const [type, media] of Object.entries(content)) {
    if (isObj(media)) {
      schemaProperties(
        doc,
        media.schema,
        pointerTo(holder.pointer, "content", type, "schema"),
        wanted,
        found,
      );
    }
  }
}

/**
 * Which OAuth token-request names (client_id, client_secret, grant_type, code) the request takes:
 * query and form parameters, and properties of the body's schemas. `parameters` are the path
 * item's and the operation's together.
 */
export function requestFields(doc: SpecDoc, operation: Obj, parameters: readonly unknown[], pointer: string) {
  const found = new Set<string>();
  for (const raw of parameters) {
    const parameter = doc.refs.object(raw, pointer);
    if (!parameter) continue;
    const { name, schema } = parameter.value;
    // Swagger 2.0 puts the body among the parameters
    if (parameter.value.in === "body") schemaProperties(doc, schema, parameter.pointer, requestNames, found);
    else if (typeof name === "string" && requestNames.has(name)) found.add(name);
  }
  const body = doc.refs.object(operation.requestBody, pointerTo(pointer, "requestBody"));
  if (body) contentProperties(doc, body, requestNames, found);
  return found;
}

/** The token property a 2xx response declares, access_token first. */
export function issuedToken(doc: SpecDoc, operation: Obj, pointer: string): TokenOperation["issues"] {
  const found = new Set<string>();
  const responses = doc.refs.object(operation.responses, pointerTo(pointer, "responses"));
  for (const [status, raw] of Object.entries(responses?.value ?? {})) {
    if (!/^2/.test(status)) continue;
    const response = doc.refs.object(raw, pointerTo(pointer, "responses", status));
    if (!response) continue;
    schemaProperties(doc, response.value.schema, response.pointer, responseNames, found);
    contentProperties(doc, response, responseNames, found);
  }
  return found.has("access_token") ? "access_token" : found.has("token") ? "token" : undefined;
}

/**
 * The operation as a token endpoint, if it is one: client credentials in the request on a path
 * about auth or with a token in the response, or an access token answered on such a path.
 * `request` is what requestFields found.
 */
export function tokenOperation(
  doc: SpecDoc,
  path: string,
  method: string,
  operation: Obj,
  request: ReadonlySet<string>,
  pointer: string,
): TokenOperation | undefined {
  if (method !== "post") return undefined;
  const clientCredentials =
    (request.has("client_id") && request.has("client_secret")) || request.has("grant_type");
  const aboutAuth = tokenWords.test(path);
  // the response is read only where the request or the path already points at tokens
  if (!clientCredentials && !aboutAuth) return undefined;
  const issues = issuedToken(doc, operation, pointer);
  const matches = clientCredentials ? aboutAuth || issues !== undefined : issues === "access_token";
  return matches ? { pointer, label: `POST ${path}`, clientCredentials, issues } : undefined;
}

export interface ExchangeOperation {
  readonly pointer: string;
  /** "GET /oauth.v2.access", as the report names it. */
  readonly label: string;
  readonly path: string;
  /** What makes it a token exchange, for the message. */
  readonly evidence: string;
  /** The servers the operation or its path item declare (3.x). */
  readonly servers: readonly unknown[] | undefined;
}

/**
 * The operation as an authorization-code exchange, if its request says so: a code together with
 * the client's id or secret or a grant_type. Other grants (client credentials, vendor-specific
 * ones) have token endpoints of their own purposes, so they are not compared with the scheme's.
 * `request` is what requestFields found.
 */
export function exchangeOperation(
  doc: SpecDoc,
  path: string,
  method: string,
  operation: Obj,
  request: ReadonlySet<string>,
  pointer: string,
  servers: ExchangeOperation["servers"],
): ExchangeOperation | undefined {
  if (!request.has("code")) return undefined;
  const alongside = ["client_id", "client_secret", "grant_type"].filter((name) => request.has(name));
  if (alongside.length === 0) return undefined;
  // the response confirms it when the document describes it
  const answers =
    issuedToken(doc, operation, pointer) === "access_token" ? " and answers with an access_token" : "";
  const evidence = `takes a code with ${alongside.join(", ")}${answers}`;
  return { pointer, label: `${method.toUpperCase()} ${path}`, path, evidence, servers };
}
