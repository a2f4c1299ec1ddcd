// The request `sync verify` sends through Scalekit's tool proxy to prove a connector works. It is
// connectorkit's own: never part of the payload, never sent to Scalekit's management API.
import { DslError } from "./errors.ts";
import { requestPathProblem } from "./rules/request-path.ts";

/** The HTTP methods a verify request may use. */
export type VerifyMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `.verify()` options. At most one of `body`, `form` and `raw`. */
export interface VerifyOptions {
  /**
   * Statuses besides 2xx that mean the upstream accepted the credential, for APIs that answer a
   * bare request with a valid key by 400 or 422.
   */
  readonly accept?: readonly number[];
  /** A JSON body, for APIs whose cheapest authenticated call is a POST. */
  readonly body?: unknown;
  /** A form body, sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string>>;
  /** A body sent as it is (XML, SOAP, text); give its `Content-Type` in `headers`. */
  readonly raw?: string;
  /**
   * Headers sent with the request, such as a version header the API requires on every call. The
   * credential is Scalekit's to add, so `Authorization` and the proxy's own headers are refused.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A verify request's body, by how it is encoded. */
export type VerifyBody =
  | { readonly type: "json"; readonly value: unknown }
  | { readonly type: "form"; readonly value: Readonly<Record<string, string>> }
  | { readonly type: "raw"; readonly value: string };

/** A parsed verify request: method, a path relative to proxy_url (query included), and its options. */
export interface VerifyRequest {
  readonly method: VerifyMethod;
  readonly path: string;
  readonly accept: readonly number[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: VerifyBody;
}

const methods: readonly string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** RFC 9110 §5.6.2 token characters. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the proxy owns (the credential, its selectors) or the connection carries. */
const reservedHeaders = new Set([
  "authorization",
  "proxy-authorization",
  "connection_name",
  "identifier",
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "te",
  "trailer",
  "upgrade",
]);

function checkHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!headerName.test(name))
      throw new DslError(`verify header ${JSON.stringify(name)} is not a header name`);
    if (reservedHeaders.has(name.toLowerCase())) {
      throw new DslError(
        `verify header ${JSON.stringify(name)} is the proxy's own: Scalekit adds the credential and the connection's headers itself`,
      );
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (typeof value !== "string" || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
      throw new DslError(`verify header ${JSON.stringify(name)}: its value must be text on one line`);
    }
    out[name] = value;
  }
  return out;
}

function bodyOf(options: VerifyOptions): VerifyBody | undefined {
  const given = (["body", "form", "raw"] as const).filter((key) => options[key] !== undefined);
  if (given.length > 1) throw new DslError(`verify takes one body: ${given.join(" and ")} were both given`);
  if (options.body !== undefined) return { type: "json", value: options.body };
  if (options.form !== undefined) {
    for (const [key, value] of Object.entries(options.form)) {
      if (typeof value !== "string")
        throw new DslError(`verify form field ${JSON.stringify(key)} must be text`);
    }
    return { type: "form", value: { ...options.form } };
  }
  if (options.raw !== undefined) {
    if (typeof options.raw !== "string") throw new DslError("verify raw body must be text");
    return { type: "raw", value: options.raw };
  }
  return undefined;
}

/** Parses `"GET /users/me"`; throws DslError naming the fix when the text is not `METHOD /path`. */
export function parseVerifyRequest(request: string, options: VerifyOptions = {}): VerifyRequest {
  const match = /^([A-Za-z]+) +(\/\S*)$/.exec(request.trim());
  const method = match?.[1]?.toUpperCase();
  if (!match || method === undefined || !methods.includes(method)) {
    throw new DslError(
      `verify request "${request}" is not "METHOD /path": write e.g. "GET /users/me" (${methods.join(", ")}; the path is relative to proxy_url)`,
    );
  }
  const path = match[2] as string;
  const unsafe = requestPathProblem(path);
  if (unsafe)
    throw new DslError(`verify request "${request}": ${unsafe}; write the path relative to proxy_url`);
  const accept = options.accept ?? [];
  for (const status of accept) {
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new DslError(`verify accept: ${status} is not an HTTP status (a whole number from 100 to 599)`);
    }
  }
  const body = bodyOf(options);
  if (body !== undefined && (method === "GET" || method === "HEAD")) {
    throw new DslError(
      `verify request "${request}": a ${method} request has no body; use POST, or leave the body out`,
    );
  }
  return {
    method: method as VerifyMethod,
    path,
    accept: Object.freeze([...accept]),
    headers: Object.freeze(checkHeaders(options.headers ?? {})),
    ...(body !== undefined && { body }),
  };
}
