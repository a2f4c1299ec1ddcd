// How a plan knows whether the client secret Scalekit holds for a connection is the one in the
// environment's variables, although the API never returns a secret. When apply sets the secret,
// it records a fingerprint of it on the connector's metadata (`connectorkit_secret`); the next
// plan computes the fingerprint of the variable's value and compares. Equal: nothing to do.
// Different (a rotated secret, another client id, a connection made again): apply sends it.
//
// Why this is safe:
// - it is scrypt (N=2^10, r=8, p=1; node:crypto), a one-way, memory-hard function: reading the
//   fingerprint tells nothing of a random secret (what OAuth vendors issue), and testing guesses
//   of a weak one costs milliseconds and 1 MiB each, against nanoseconds for a plain hash;
// - it is salted with the environment, the connection's id and the client id, so no table of
//   precomputed values serves two connections, and a fingerprint copied elsewhere matches nothing;
// - it is kept where only the environment's own members can read (the connector's metadata,
//   behind agent_connectors:read), never in a file, the output or the repository;
// - it needs no key: every run with the same secret (CI, a laptop, another API client of the same
//   environment) computes the same value, where a fingerprint keyed by an API client's secret would
//   differ between clients and show the secret as changed on every plan run by another one.
// Its cost is one scrypt per OAuth connection per plan, run off the main thread: about 2.5 ms on
// the 2-core machine of npm run bench:scale, where 250 OAuth connections took 5 s at N=2^14.
import { scrypt } from "node:crypto";

const version = "v1";
const cost = { N: 2 ** 10, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;

/** What a fingerprint is bound to besides the secret. */
export interface FingerprintScope {
  /** The environment's origin, or "embedded". */
  readonly environment: string;
  readonly connectionId: string;
  readonly clientId: string;
}

function derive(secret: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 16, cost, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The value stored: `v1:<connection id>:<base64url of 16 bytes>`. */
export async function fingerprint(secret: string, scope: FingerprintScope): Promise<string> {
  const salt = ["connectorkit", version, scope.environment, scope.connectionId, scope.clientId].join(
    "\u0000",
  );
  return `${version}:${scope.connectionId}:${(await derive(secret, salt)).toString("base64url")}`;
}

/** The connection a stored fingerprint was made for, or undefined for a value that is not one. */
export function fingerprintConnection(stored: string): string | undefined {
  const [tag, connectionId, hash] = stored.split(":");
  return tag === version && connectionId && hash ? connectionId : undefined;
}

/** Whether `secret` is the secret `stored` was made from, for this scope. */
export async function sameSecret(stored: string, secret: string, scope: FingerprintScope): Promise<boolean> {
  if (fingerprintConnection(stored) !== scope.connectionId) return false;
  return stored === (await fingerprint(secret, scope));
}
