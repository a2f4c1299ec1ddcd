// The OAuth tokens of connected accounts, by account id: in memory only, apart from the accounts
// themselves, so no answer that shows an account (or the state file) can carry one. A refresh is
// run once per account at a time: calls that find the token expired together share it, and a
// vendor that rotates refresh tokens never sees the old one twice.
import type { OAuthClient } from "./oauth-client.ts";

export interface Grant {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token expires, by the emulator's clock (ms); absent when the vendor said nothing. */
  readonly expiresAt?: number;
  /** An MCP connector's client registered by DCR for this grant; REST connectors use their connection's. */
  readonly registeredClient?: OAuthClient;
}

export class Grants {
  readonly #byAccount = new Map<string, Grant>();
  readonly #refreshing = new Map<string, Promise<unknown>>();

  of(accountId: string): Grant | undefined {
    return this.#byAccount.get(accountId);
  }

  set(accountId: string, grant: Grant): void {
    this.#byAccount.set(accountId, grant);
  }

  delete(accountId: string): void {
    this.#byAccount.delete(accountId);
  }

  clear(): void {
    this.#byAccount.clear();
  }

  /** Runs `work` for the account unless a run is in flight, whose result is then shared. */
  once<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    const running = this.#refreshing.get(accountId);
    if (running) return running as Promise<T>;
    const started = work().finally(() => this.#refreshing.delete(accountId));
    this.#refreshing.set(accountId, started);
    return started;
  }
}
