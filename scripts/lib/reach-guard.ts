// Which addresses the generator's network reads may connect to. A document or MCP server read over
// the network names further URLs ($refs, redirects, resource_metadata, authorization_servers, OAuth
// endpoints), and connectorkit fetches them from the user's machine: without a check, a hostile
// one reaches what only that machine can (a cloud metadata service at 169.254.169.254, a database
// on localhost, the office network). So every connection is checked on the addresses its host
// resolves to, and then made to the address that was checked (pinned-fetch.ts), so a name that
// resolves differently the second time (DNS rebinding) cannot switch it; a host is resolved once
// per source. The URL the user names is theirs to choose, so its origin may be anywhere, as may
// any host passed with --allow-host; everything else must resolve to public addresses only.
import { AsyncLocalStorage } from "node:async_hooks";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { nonPublicRange } from "./address-ranges.ts";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (dns.lookup, as Node's own connections do). */
export type Resolver = (host: string) => Promise<readonly ResolvedAddress[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

export interface ReachSettings {
  /** Hosts the user trusts (--allow-host): any address, any port. */
  readonly allowHosts?: readonly string[];
  /** Test seam: how host names resolve (default: the system's resolver). */
  readonly resolve?: Resolver;
}

const settings = new AsyncLocalStorage<ReachSettings>();

/** Runs `work` with these settings for every guard made inside it (the CLI's --allow-host). */
export const withReach = <T>(given: ReachSettings, work: () => Promise<T>): Promise<T> =>
  settings.run(given, work);

const bare = (host: string): string => (host.startsWith("[") ? host.slice(1, -1) : host).toLowerCase();

/** A --allow-host value as URLs spell hosts: "Specs.Example", "[::1]", "::1" or "host:8443" (port ignored). */
function allowedHostName(value: string): string | undefined {
  const text = isIP(value) === 6 ? `[${value}]` : value;
  return URL.canParse(`http://${text}`) ? bare(new URL(`http://${text}`).hostname) : undefined;
}

/** A connection refused because its host resolves to a non-public address. */
export class ReachRefused extends Error {
  override name = "ReachRefused";
  constructor(
    readonly url: URL,
    readonly address: string,
    readonly range: string,
  ) {
    const resolved = bare(url.hostname) === address ? "is" : `resolves to ${address},`;
    super(
      `${url.href} ${resolved} ${range}; a document or server read over the network may not send connectorkit there`,
    );
  }

  /** How to allow it, for a host the user trusts. */
  get fix(): string {
    return `pass --allow-host ${this.url.hostname} if you trust that host, or download the document and pass the file`;
  }
}

/** The reach rule for one source (a spec and its $refs, or one MCP server and its metadata). */
export class ReachGuard {
  readonly #trustedOrigin: string | undefined;
  readonly #allowHosts: ReadonlySet<string>;
  readonly #resolve: Resolver;
  readonly #resolved = new Map<string, Promise<readonly ResolvedAddress[]>>();

  /** `named`: the URL the user gave, whose origin may resolve anywhere. */
  constructor(named?: URL) {
    const given = settings.getStore() ?? {};
    this.#trustedOrigin = named?.origin;
    this.#allowHosts = new Set((given.allowHosts ?? []).flatMap((host) => allowedHostName(host) ?? []));
    this.#resolve = given.resolve ?? systemResolver;
  }

  /** Whether `url` may reach any address: the user's own URL's origin, or a host they allowed. */
  trusts(url: URL): boolean {
    return url.origin === this.#trustedOrigin || this.#allowHosts.has(bare(url.hostname));
  }

  /**
   * The address to connect to for `url`: its host resolved (once per guard), every address
   * checked, the first one returned. Throws ReachRefused, or the resolver's error.
   */
  async pin(url: URL): Promise<ResolvedAddress> {
    const host = bare(url.hostname);
    const family = isIP(host);
    const addresses =
      family === 0 ? await this.#lookup(host) : [{ address: host, family: family === 6 ? 6 : 4 } as const];
    const first = addresses[0];
    if (first === undefined) throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" });
    if (!this.trusts(url)) {
      for (const { address } of addresses) {
        const range = nonPublicRange(address);
        if (range !== undefined) throw new ReachRefused(url, address, range);
      }
    }
    return first;
  }

  #lookup(host: string): Promise<readonly ResolvedAddress[]> {
    let found = this.#resolved.get(host);
    if (found === undefined) {
      found = this.#resolve(host);
      this.#resolved.set(host, found);
    }
    return found;
  }
}
