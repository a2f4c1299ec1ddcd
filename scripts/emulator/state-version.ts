// The state file's shape across versions. Version 1 had no app connections of their own (the
// emulator derived one per provider) and kept only the test connections that block a delete;
// version 2 stores connections as Scalekit does (§10.2) and their client secrets sealed. A
// version 1 file is read as version 2: each of its blocking connections becomes a Dashboard-made
// app connection of its provider, and nothing else is invented.
import { isObject } from "../../dsl/rules/issue.ts";
import { generatedConnectionName } from "./behaviour.ts";
import type { ConnectionRecord } from "./connections.ts";
import { emptyOAuth } from "./connections.ts";
import type { StateData, StoredProvider } from "./store.ts";

/** The state in `data`, upgraded to version 2; undefined when it is not an emulator state file. */
export function readStateData(data: unknown): StateData | undefined {
  if (!isObject(data) || typeof data.sequence !== "number" || !Array.isArray(data.providers))
    return undefined;
  if (!Array.isArray(data.connections)) return undefined;
  const providers = data.providers as unknown as StoredProvider[];
  if (data.version === 2) {
    const secrets = isObject(data.secrets) ? (data.secrets as Record<string, string>) : {};
    return {
      version: 2,
      sequence: data.sequence,
      providers,
      connections: data.connections as unknown as ConnectionRecord[],
      secrets,
    };
  }
  if (data.version !== 1) return undefined;
  const connections: ConnectionRecord[] = [];
  for (const old of data.connections) {
    if (!isObject(old) || typeof old.connection_id !== "string" || typeof old.identifier !== "string")
      continue;
    const provider = providers.find((stored) => stored.record.identifier === old.identifier)?.record;
    if (!provider) continue;
    const [pattern] = provider.auth_patterns;
    const type = isObject(pattern) && typeof pattern.type === "string" ? pattern.type : "";
    connections.push({
      id: old.connection_id,
      key_id: generatedConnectionName(provider.display_name),
      provider_key: provider.identifier,
      type,
      enabled: true,
      ...(type === "OAUTH" && { oauth: emptyOAuth }),
      create_time: "",
      update_time: "",
    });
  }
  return { version: 2, sequence: data.sequence, providers, connections, secrets: {} };
}
