// App connections (scalekit-api.md §10.1, §10.2): a resource of its own, made after its custom
// provider and named by its key_id (the `connection_name`). Every rule about what a connection
// may be and become lives here; the GUESSes they follow are listed in behaviour.ts. Client
// secrets are kept apart from the records, so no answer and no state file ever holds one in the
// clear (secret-box.ts seals them at rest).
import { connectionNameProblem } from "../../dsl/rules/connection.ts";
import { messages, newConnectionId } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

/** The OAuth settings a connection holds for its connector; client_secret is kept apart. */
export interface OAuthSettings {
  readonly client_id: string;
  readonly scopes: readonly string[];
  readonly pkce_enabled: boolean;
  /** `client_secret_post` (the default when empty), `client_secret_basic` or `none`. */
  readonly token_endpoint_auth_method: string;
}

export interface ConnectionRecord {
  readonly id: string;
  readonly key_id: string;
  /** The custom provider's identifier. */
  readonly provider_key: string;
  readonly type: string;
  readonly enabled: boolean;
  /** Present on OAUTH connections. */
  readonly oauth?: OAuthSettings;
  readonly create_time: string;
  readonly update_time: string;
}

export interface NewConnection {
  readonly provider_key: string;
  readonly type: string;
  readonly key_id: string;
  readonly enabled: boolean;
}

export interface ConnectionPatch {
  readonly key_id?: string;
  readonly oauth?: OAuthSettings;
  /** With `oauth`: the new secret, or undefined to clear it (oauth_config replaces the whole settings). */
  readonly clientSecret?: string;
}

export const emptyOAuth: OAuthSettings = {
  client_id: "",
  scopes: [],
  pkce_enabled: false,
  token_endpoint_auth_method: "",
};

export const tokenAuthMethods = ["", "client_secret_post", "client_secret_basic", "none"] as const;

export class Connections {
  #records: ConnectionRecord[];
  /** Client secrets by connection id, in memory. */
  #secrets: Map<string, string>;

  constructor(records: readonly ConnectionRecord[] = [], secrets: ReadonlyMap<string, string> = new Map()) {
    this.#records = [...records];
    this.#secrets = new Map(secrets);
  }

  get all(): readonly ConnectionRecord[] {
    return this.#records;
  }

  /** The secrets, for sealing into the state file. */
  get secrets(): ReadonlyMap<string, string> {
    return this.#secrets;
  }

  replace(records: readonly ConnectionRecord[], secrets: ReadonlyMap<string, string>): void {
    this.#records = [...records];
    this.#secrets = new Map(secrets);
  }

  clear(): void {
    this.replace([], new Map());
  }

  byId(id: string): ConnectionRecord | undefined {
    return this.#records.find((record) => record.id === id);
  }

  byName(name: string): ConnectionRecord | undefined {
    return this.#records.find((record) => record.key_id === name);
  }

  of(providerKey: string): ConnectionRecord[] {
    return this.#records.filter((record) => record.provider_key === providerKey);
  }

  secretOf(id: string): string | undefined {
    return this.#secrets.get(id);
  }

  create(input: NewConnection, now: string): ConnectionRecord {
    this.#assertName(input.key_id);
    const record: ConnectionRecord = {
      id: newConnectionId(),
      key_id: input.key_id,
      provider_key: input.provider_key,
      type: input.type,
      enabled: input.enabled,
      ...(input.type === "OAUTH" && { oauth: emptyOAuth }),
      create_time: now,
      update_time: now,
    };
    this.#records.push(record);
    return record;
  }

  update(id: string, patch: ConnectionPatch, now: string): ConnectionRecord {
    const index = this.#indexOf(id);
    const stored = this.#records[index] as ConnectionRecord;
    if (patch.key_id !== undefined && patch.key_id !== stored.key_id) this.#assertName(patch.key_id);
    if (patch.oauth !== undefined && stored.type !== "OAUTH")
      throw invalid("connection.oauth_config", messages.connectionNotOAuth);
    const record: ConnectionRecord = {
      ...stored,
      ...(patch.key_id !== undefined && { key_id: patch.key_id }),
      ...(patch.oauth !== undefined && { oauth: patch.oauth }),
      update_time: now,
    };
    this.#records[index] = record;
    if (patch.oauth !== undefined) {
      if (patch.clientSecret === undefined) this.#secrets.delete(id);
      else this.#secrets.set(id, patch.clientSecret);
    }
    return record;
  }

  setEnabled(id: string, enabled: boolean, now: string): ConnectionRecord {
    const index = this.#indexOf(id);
    const record = { ...(this.#records[index] as ConnectionRecord), enabled, update_time: now };
    this.#records[index] = record;
    return record;
  }

  /** Removes it; the caller has checked that no connected account uses it. */
  delete(id: string): void {
    this.#records.splice(this.#indexOf(id), 1);
    this.#secrets.delete(id);
  }

  #indexOf(id: string): number {
    const index = this.#records.findIndex((record) => record.id === id);
    if (index < 0) throw new GrpcError("NOT_FOUND", messages.connectionIdNotFound(id));
    return index;
  }

  #assertName(name: string): void {
    const problem = connectionNameProblem(name);
    if (problem) throw invalid("connection.key_id", problem, "pattern");
    if (this.byName(name)) throw new GrpcError("ALREADY_EXISTS", messages.connectionNameTaken(name));
  }
}

export const invalid = (field: string, description: string, constraint = "invalid"): GrpcError =>
  new GrpcError("INVALID_ARGUMENT", description, [{ field, description, constraint }]);
