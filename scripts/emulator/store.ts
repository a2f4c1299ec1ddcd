// The emulated environment's data: custom providers in creation order, their app connections,
// and the connected accounts on those. The rules that cross them (a provider with a connection
// cannot be deleted, nor a connection with accounts) live here; HTTP does not.
import { type AccountKey, ConnectedAccounts } from "./accounts.ts";
import { deriveIdentifier, messages, newProviderId, sameIdentifierStem } from "./behaviour.ts";
import { type ConnectionRecord, Connections } from "./connections.ts";
import { Grants } from "./grants.ts";
import { GrpcError } from "./grpc.ts";
import {
  createRecord,
  immutableChanges,
  type ProviderInput,
  type ProviderRecord,
  replaceRecord,
} from "./record.ts";

/** A custom provider and its place in creation order (paging cursors point at `seq`). */
export interface StoredProvider {
  readonly seq: number;
  readonly record: ProviderRecord;
}

/** What the state file holds: client secrets only sealed (secret-box.ts), by connection id. */
export interface StateData {
  readonly version: 2;
  readonly sequence: number;
  readonly providers: readonly StoredProvider[];
  readonly connections: readonly ConnectionRecord[];
  readonly secrets: Readonly<Record<string, string>>;
}

export const emptyState: StateData = { version: 2, sequence: 0, providers: [], connections: [], secrets: {} };

/** Seals and opens client secrets for the state file; none without one (they stay in memory). */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string | undefined;
}

export class Store {
  #sequence: number;
  #providers: StoredProvider[];
  readonly #sealer: Sealer | undefined;
  readonly connections: Connections;
  /** In memory only: snapshot() leaves them out, so credentials never reach the state file. */
  readonly accounts = new ConnectedAccounts();
  /** The accounts' OAuth tokens, in memory only like the accounts, and apart from them. */
  readonly grants = new Grants();

  constructor(data: StateData = emptyState, sealer?: Sealer) {
    this.#sealer = sealer;
    this.#sequence = data.sequence;
    this.#providers = [...data.providers];
    this.connections = new Connections(data.connections, this.#opened(data.secrets));
  }

  get customs(): readonly StoredProvider[] {
    return this.#providers;
  }

  snapshot(): StateData {
    const secrets: Record<string, string> = {};
    if (this.#sealer)
      for (const [id, secret] of this.connections.secrets) secrets[id] = this.#sealer.seal(secret);
    return {
      version: 2,
      sequence: this.#sequence,
      providers: [...this.#providers],
      connections: [...this.connections.all],
      secrets,
    };
  }

  /** Takes over `data` (the state file as another process left it). */
  replace(data: StateData): void {
    this.#sequence = data.sequence;
    this.#providers = [...data.providers];
    this.connections.replace(data.connections, this.#opened(data.secrets));
  }

  reset(): void {
    this.#sequence = 0;
    this.#providers = [];
    this.connections.clear();
    this.accounts.clear();
    this.grants.clear();
  }

  /** Removes a connected account and its tokens; throws NOT_FOUND when none matches. */
  deleteAccount(target: { readonly id: string } | AccountKey): void {
    this.grants.delete(this.accounts.delete(target).id);
  }

  /** The custom provider with that identifier, or undefined. */
  provider(identifier: string): ProviderRecord | undefined {
    return this.#find(identifier)?.record;
  }

  /** A connection's account may not outlive it: deleting one with accounts is refused. */
  deleteConnection(id: string): void {
    if (!this.connections.byId(id)) throw new GrpcError("NOT_FOUND", messages.connectionIdNotFound(id));
    if (this.accounts.usedBy(id)) throw new GrpcError("INVALID_ARGUMENT", messages.inUseConnection);
    this.connections.delete(id);
  }

  #opened(sealed: Readonly<Record<string, string>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, value] of Object.entries(sealed)) {
      const plain = this.#sealer?.open(value);
      if (plain !== undefined) out.set(id, plain);
    }
    return out;
  }

  create(input: ProviderInput): ProviderRecord {
    this.#assertNameFree(input.display_name);
    let identifier = deriveIdentifier(input.display_name);
    while (this.#find(identifier)) identifier = deriveIdentifier(input.display_name);
    const record = createRecord(input, newProviderId(), identifier);
    this.#sequence += 1;
    this.#providers.push({ seq: this.#sequence, record });
    return record;
  }

  update(identifier: string, input: ProviderInput): ProviderRecord {
    const index = this.#indexOf(identifier);
    const stored = this.#providers[index];
    if (!stored) throw new GrpcError("NOT_FOUND", messages.notFound(identifier));
    const changed = immutableChanges(stored.record.auth_patterns, input.auth_patterns);
    const [first] = changed;
    if (first) throw new GrpcError("INVALID_ARGUMENT", first.description, changed);
    this.#assertNameFree(input.display_name, identifier);
    const record = replaceRecord(stored.record, input);
    this.#providers[index] = { seq: stored.seq, record };
    return record;
  }

  delete(identifier: string): void {
    const index = this.#indexOf(identifier);
    if (index < 0) throw new GrpcError("NOT_FOUND", messages.notFound(identifier));
    // §10.1: the app connection blocks the delete, even with no connected accounts on it
    if (this.connections.of(identifier).length > 0) throw new GrpcError("INVALID_ARGUMENT", messages.inUse);
    this.#providers.splice(index, 1);
  }

  #indexOf(identifier: string): number {
    return this.#providers.findIndex((stored) => stored.record.identifier === identifier);
  }

  #find(identifier: string): StoredProvider | undefined {
    return this.#providers[this.#indexOf(identifier)];
  }

  #assertNameFree(name: string, except?: string): void {
    const clash = this.#providers.find(
      (stored) => stored.record.identifier !== except && sameIdentifierStem(stored.record.display_name, name),
    );
    if (clash) throw new GrpcError("ALREADY_EXISTS", messages.duplicate(name, clash.record.display_name));
  }
}
