// When a redirect leaves an origin but stays the same server: an http → https upgrade of the same
// host on the same port, or from http's default port to https's (80 → 443). Another port is
// another service, which may belong to someone else on a shared host: it is another origin.

const portOf = (url: URL): string => url.port || (url.protocol === "https:" ? "443" : "80");

/** Whether `to` is `from` upgraded to https: same host, same port or the default ones. */
export function isHttpsUpgrade(from: URL, to: URL): boolean {
  if (from.protocol !== "http:" || to.protocol !== "https:" || from.hostname !== to.hostname) return false;
  return portOf(from) === portOf(to) || (portOf(from) === "80" && portOf(to) === "443");
}

/** Whether a redirect from `from` to `to` stays with the same server: the same origin, or its https upgrade. */
export const sameServer = (from: URL, to: URL): boolean =>
  from.origin === to.origin || isHttpsUpgrade(from, to);
