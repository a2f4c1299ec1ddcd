// Connected accounts (scalekit-api.md §9.2): one end user's credentials on a custom provider's app
// connection. They live in memory only and are never written to the --state file, so credentials
// never reach the disk; a restarted emulator has none. Every rule about them lives here.
import type { JsonObject } from "../../dsl/rules/issue.ts";
import { messages, newConnectedAccountId } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

/** What an account holds: `connection` is its connection's id, `provider` its provider's identifier. */
export interface StoredAccount {
  readonly id: string;
  readonly connection: string;
  readonly provider: string;
  readonly identifier: string;
  readonly organization_id: string;
  readonly user_id: string;
  readonly authorization_type: string;
  readonly status: string;
  readonly authorization_details: JsonObject;
  readonly api_config: JsonObject;
  readonly updated_at: string;
}

/** Which accounts a list or a delete addresses. */
export interface AccountKey {
  readonly connection: string;
  readonly identifier: string;
  readonly organization_id: string;
  readonly user_id: string;
}

const sameKey = (account: AccountKey, key: AccountKey): boolean =>
  account.connection === key.connection &&
  account.identifier === key.identifier &&
  account.organization_id === key.organization_id &&
  account.user_id === key.user_id;

export class ConnectedAccounts {
  #accounts: StoredAccount[] = [];

  get all(): readonly StoredAccount[] {
    return this.#accounts;
  }

  clear(): void {
    this.#accounts = [];
  }

  create(input: Omit<StoredAccount, "id">): StoredAccount {
    if (this.#accounts.some((account) => sameKey(account, input))) {
      throw new GrpcError("ALREADY_EXISTS", messages.accountExists(input.identifier));
    }
    const account = { id: newConnectedAccountId(), ...input };
    this.#accounts.push(account);
    return account;
  }

  /** The account the proxy acts for: any organization or user, the first one created. */
  forProxy(connection: string, identifier: string): StoredAccount | undefined {
    return this.#accounts.find(
      (account) => account.connection === connection && account.identifier === identifier,
    );
  }

  /** Replaces a stored account (its status or authorization changed). */
  put(account: StoredAccount): void {
    const index = this.#accounts.findIndex((stored) => stored.id === account.id);
    if (index >= 0) this.#accounts[index] = account;
  }

  byId(id: string): StoredAccount | undefined {
    return this.#accounts.find((account) => account.id === id);
  }

  /** Removes the account with that id, or the one with that key; throws NOT_FOUND when none matches. */
  delete(target: { readonly id: string } | AccountKey): StoredAccount {
    const index = this.#accounts.findIndex((account) =>
      "id" in target ? account.id === target.id : sameKey(account, target),
    );
    const [removed] = index < 0 ? [] : this.#accounts.splice(index, 1);
    if (!removed) throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    return removed;
  }

  /** Whether any account is on the connection with that id. */
  usedBy(connection: string): boolean {
    return this.#accounts.some((account) => account.connection === connection);
  }

  /** The accounts on the connection with that id. */
  on(connection: string): StoredAccount[] {
    return this.#accounts.filter((account) => account.connection === connection);
  }
}
