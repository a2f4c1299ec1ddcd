// The emulated environment's data: custom providers in creation order, and the connections
// that block deleting them. Every rule about what may change lives here; HTTP does not.
import { ConnectedAccounts } from "./accounts.ts";
import {
  deriveIdentifier,
  messages,
  newConnectionId,
  newProviderId,
  sameIdentifierStem,
} from "./behaviour.ts";
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

export interface Connection {
  readonly connection_id: string;
  readonly identifier: string;
}

/** What the state file holds. */
export interface StateData {
  readonly version: 1;
  readonly sequence: number;
  readonly providers: readonly StoredProvider[];
  readonly connections: readonly Connection[];
}

export const emptyState: StateData = { version: 1, sequence: 0, providers: [], connections: [] };

export class Store {
  #sequence: number;
  #providers: StoredProvider[];
  #connections: Connection[];
  /** In memory only: snapshot() leaves them out, so credentials never reach the state file. */
  readonly accounts = new ConnectedAccounts();

  constructor(data: StateData = emptyState) {
    this.#sequence = data.sequence;
    this.#providers = [...data.providers];
    this.#connections = [...data.connections];
  }

  get customs(): readonly StoredProvider[] {
    return this.#providers;
  }

  snapshot(): StateData {
    return {
      version: 1,
      sequence: this.#sequence,
      providers: [...this.#providers],
      connections: [...this.#connections],
    };
  }

  /** Takes over `data` (the state file as another process left it). */
  replace(data: StateData): void {
    this.#sequence = data.sequence;
    this.#providers = [...data.providers];
    this.#connections = [...data.connections];
  }

  reset(): void {
    this.#sequence = 0;
    this.#providers = [];
    this.#connections = [];
    this.accounts.clear();
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
    if (
      this.#connections.some((connection) => connection.identifier === identifier) ||
      this.accounts.usedBy(identifier)
    ) {
      throw new GrpcError("INVALID_ARGUMENT", messages.inUse);
    }
    this.#providers.splice(index, 1);
  }

  /** Returns undefined when no custom provider has that identifier. */
  addConnection(identifier: string): Connection | undefined {
    if (!this.#find(identifier)) return undefined;
    const connection = { connection_id: newConnectionId(), identifier };
    this.#connections.push(connection);
    return connection;
  }

  /** Returns false when no connection has that id. */
  removeConnection(connectionId: string): boolean {
    const before = this.#connections.length;
    this.#connections = this.#connections.filter((connection) => connection.connection_id !== connectionId);
    return this.#connections.length < before;
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
