// The request `sync verify` sends through Scalekit's tool proxy to prove a connector works. It is
// connectorkit's own: never part of the payload, never sent to Scalekit's management API.
import { DslError } from "./errors.ts";

/** The HTTP methods a verify request may use. */
export type VerifyMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `.verify()` options. */
export interface VerifyOptions {
  /**
   * Statuses besides 2xx that mean the upstream accepted the credential, for APIs that answer a
   * bare request with a valid key by 400 or 422.
   */
  readonly accept?: readonly number[];
  /** A JSON body, for APIs whose cheapest authenticated call is a POST. */
  readonly body?: unknown;
}

/** A parsed verify request: method, a path relative to proxy_url (query included), and its options. */
export interface VerifyRequest {
  readonly method: VerifyMethod;
  readonly path: string;
  readonly accept: readonly number[];
  readonly body?: unknown;
}

const methods: readonly string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** Parses `"GET /users/me"`; throws DslError naming the fix when the text is not `METHOD /path`. */
export function parseVerifyRequest(request: string, options: VerifyOptions = {}): VerifyRequest {
  const match = /^([A-Za-z]+) +(\/\S*)$/.exec(request.trim());
  const method = match?.[1]?.toUpperCase();
  if (!match || method === undefined || !methods.includes(method)) {
    throw new DslError(
      `verify request "${request}" is not "METHOD /path": write e.g. "GET /users/me" (${methods.join(", ")}; the path is relative to proxy_url)`,
    );
  }
  const accept = options.accept ?? [];
  for (const status of accept) {
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new DslError(`verify accept: ${status} is not an HTTP status (a whole number from 100 to 599)`);
    }
  }
  return {
    method: method as VerifyMethod,
    path: match[2] as string,
    accept: Object.freeze([...accept]),
    ...(options.body !== undefined && { body: options.body }),
  };
}
