/**
 * When the connector stores one static bearer token and the API hands out its tokens through one
 * of its own operations (found by token-requests.ts), users have to mint it there themselves, and
 * such tokens usually expire.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
import type { Context } from "../context.ts";
import type { AuthKind } from "./auth-plan.ts";
import type { OperationScan } from "./operations.ts";

/**
 * When the connector stores one static token in Authorization (BEARER, or API_KEY sent there) and
 * the API hands out its tokens through one of its own operations, the user has to mint and rotate
 * that token: say so, pointing at the operation.
 */
export function warnTokenEndpoint(
  scan: OperationScan,
  kind: AuthKind,
  credentialInUrl: boolean,
  ctx: Context,
): void {
  const inAuthorization = kind.type === "BEARER" || (kind.type === "API_KEY" && kind.header === undefined);
  if (!inAuthorization || credentialInUrl) return;
  // the strongest evidence first: client credentials in, a token out
  const found = [...scan.tokenOperations].sort(
    (a, b) =>
      Number(b.clientCredentials) - Number(a.clientCredentials) ||
      Number(b.issues !== undefined) - Number(a.issues !== undefined),
  )[0];
  if (!found) return;
  const how = found.clientCredentials ? " for a client ID and secret (client credentials)" : "";
  ctx.warn(
    "auth-token-endpoint",
    `${found.label} issues access tokens${how}: users get the ${kind.type === "BEARER" ? "bearer token" : "key"} from it, so it may be short-lived and they must mint and rotate it themselves, while the connector's ${kind.type} stores one long-lived value; check how long the API's tokens last`,
    found.pointer,
  );
}
