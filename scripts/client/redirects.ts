// What the client does with a 3xx. fetch's own redirect handling resends the body after a 307
// (failing on the detached buffer) and follows https → http, handing the bearer token to plain
// http. Here: a read follows at most five same-origin hops (an http → https upgrade of the same
// host included); a write, a cross-origin hop and any hop from https to http are refused, naming
// the location, because the environment URL is then wrong and the user should set it.
import { isHttpsUpgrade } from "../lib/https-upgrade.ts";

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxHops = 5;

export const isRedirect = (status: number): boolean => redirectStatuses.has(status);

/** A redirect the client will not follow; the message names where it pointed. */
export class RedirectRefused extends Error {
  override name = "RedirectRefused";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// the http → https upgrade of the same host, on the same port (or 80 → 443): another port is
// another service, another origin
const sameHostUpgrade = isHttpsUpgrade;

/** The URL to request next, or a RedirectRefused saying why not. */
export function followRedirect(
  method: string,
  url: string,
  response: { readonly status: number; readonly headers: Headers },
  hop: number,
): string {
  const from = new URL(url);
  const header = response.headers.get("location");
  const status = response.status;
  if (header === null) throw new RedirectRefused(status, `answered ${status} without a Location header`);
  let to: URL;
  try {
    to = new URL(header, from);
  } catch {
    throw new RedirectRefused(
      status,
      `answered ${status} with an unreadable Location ${JSON.stringify(header)}`,
    );
  }
  const where = `${status} redirect from ${from.href} to ${to.href}`;
  if (from.protocol === "https:" && to.protocol !== "https:") {
    throw new RedirectRefused(status, `${where}: refused, it leaves https`);
  }
  if (method !== "GET" && method !== "HEAD") {
    throw new RedirectRefused(
      status,
      `${where}: a ${method} is never redirected (it would send the body again)`,
    );
  }
  if (to.origin !== from.origin && !sameHostUpgrade(from, to)) {
    throw new RedirectRefused(status, `${where}: refused, it leads to another origin`);
  }
  if (hop + 1 >= maxHops) throw new RedirectRefused(status, `${where}: more than ${maxHops} redirects`);
  return to.href;
}
