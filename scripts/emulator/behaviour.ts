// Every choice the emulator makes where shared/reference/scalekit-api.md is silent or marked
// GUESS, in one place, so each is easy to change once the real server is seen to differ.
import { randomBytes, randomInt } from "node:crypto";

const upperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const randomFrom = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

/**
 * GUESS (§4.2): the identifier is display_name without spaces, uppercased, then ":" and a
 * generated suffix, e.g. "MYASANA:3F9K2A". Clients must treat it as opaque.
 */
export const deriveIdentifier = (displayName: string): string =>
  `${displayName.replaceAll(" ", "").toUpperCase()}:${randomFrom(upperAlnum, 6)}`;

/** GUESS (§1.2): ids look like other Scalekit ids, a prefix and digits. */
export const newProviderId = (): string => `prv_${randomFrom("0123456789", 18)}`;
export const newConnectionId = (): string => `conn_${randomFrom("0123456789", 18)}`;

/** GUESS (§1.1): real tokens are JWTs; clients must not look inside, so an opaque string will do. */
export const newAccessToken = (): string => randomBytes(32).toString("base64url");

/**
 * GUESS (§4.3): a duplicate is an exact, case-sensitive display_name match among this
 * environment's custom providers. Built-in providers never clash (their identifiers have no suffix).
 */
export const sameDisplayName = (a: string, b: string): boolean => a === b;

/** GUESS (§1.2): page_size 0 or absent means 50, the size Scalekit's own docs script pages with. */
export const defaultPageSize = 50;

/** Error messages. Only `inUse` and the token ones are quoted from Scalekit; the rest are GUESSes. */
export const messages = {
  validation: "Validation error",
  inUse: "cannot delete custom provider with existing connections",
  tokenEmpty: "Token empty",
  tokenExpired: "token expired",
  tokenInvalid: "invalid token",
  badJson: "request body is not valid JSON",
  notFoundRoute: (method: string, path: string) => `Not Found: no route for ${method} ${path}`,
  notFound: (identifier: string) => `custom provider ${JSON.stringify(identifier)} not found`,
  duplicate: (name: string) => `a custom provider with display_name ${JSON.stringify(name)} already exists`,
  immutable: (field: string, before: unknown, after: unknown) =>
    `${field} cannot change from ${JSON.stringify(before ?? null)} to ${JSON.stringify(after ?? null)}; ` +
    "delete the provider and create it again",
  unavailable: "service unavailable (injected fault)",
  exhausted: "rate limit exceeded (injected fault)",
  internal: "internal error",
  stateNotSaved: "the change was applied but the state file could not be written",
  stateLocked: (holder: string) =>
    `the state file is being written by ${holder}; nothing was changed: run again when it has finished (or delete the .lock file beside the state file if that process is gone)`,
} as const;

/*
 * Routing and ordering, also GUESSes:
 * - a wrong method on a known path answers like an unknown path: 404 NOT_FOUND (code 5).
 *   grpc-gateway's own default would be 501 UNIMPLEMENTED; either way it is a client bug.
 * - /api/v1 checks the bearer token before routing, so an unknown path without a token is 401.
 * - update checks the body (400) before looking the identifier up (404), as protovalidate
 *   runs before the handler.
 * - update then checks pattern type/is_mcp changes (400) before a display_name clash (409).
 * - /oauth/token reads client_id and client_secret from the form only (no HTTP Basic).
 * - a page_token only works with the filter.provider_type and identifier it was issued for.
 * - injected 503/429 faults answer with the gRPC body on /oauth/token too.
 */
