// The client-credentials access token: fetched on first use, shared by concurrent requests,
// kept until shortly before it expires (expires_in), and dropped when the server refuses it.

export interface IssuedToken {
  readonly accessToken: string;
  /** Lifetime in seconds, as the token endpoint's expires_in. */
  readonly expiresIn: number;
}

export interface TokenSource {
  get(): Promise<string>;
  /** Forgets `token` if it is the cached one, so the next get() fetches a new token. */
  invalidate(token: string): void;
}

/** Renew this long before expiry, or at 90% of the lifetime for short-lived tokens. */
const renewMarginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

export function createTokenSource(issue: () => Promise<IssuedToken>, now: () => number): TokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const issued = await issue();
    const lifetimeMs = Math.max(0, issued.expiresIn * 1000);
    cached = { token: issued.accessToken, renewAt: now() + lifetimeMs - renewMarginMs(lifetimeMs) };
    return issued.accessToken;
  };

  return {
    get() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
