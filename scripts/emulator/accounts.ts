// Connected accounts (scalekit-api.md §9.2): one end user's credentials on a custom provider's app
// connection. They live in memory only and are never written to the --state file, so credentials
// never reach the disk; a restarted emulator has none. Every rule about them lives here.
import type { JsonObject } from "../../dsl/rules/issue.ts";
import { messages, newConnectedAccountId } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

/** What an account holds; `provider` is the provider's identifier, so renames do not orphan it. */
export interface StoredAccount {
  readonly id: string;
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
  readonly provider: string;
  readonly identifier: string;
  readonly organization_id: string;
  readonly user_id: string;
}

const sameKey = (account: AccountKey, key: AccountKey): boolean =>
  account.provider === key.provider &&
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
  forProxy(provider: string, identifier: string): StoredAccount | undefined {
    return this.#accounts.find(
      (account) => account.provider === provider && account.identifier === identifier,
    );
  }

  /** Removes the account with that id, or the one with that key; throws NOT_FOUND when none matches. */
  delete(target: { readonly id: string } | AccountKey): void {
    const index = this.#accounts.findIndex((account) =>
      "id" in target ? account.id === target.id : sameKey(account, target),
    );
    if (index < 0) throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    this.#accounts.splice(index, 1);
  }

  usedBy(provider: string): boolean {
    return this.#accounts.some((account) => account.provider === provider);
  }
}
