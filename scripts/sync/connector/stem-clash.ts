// A definition whose name derives the same identifier as a remote connector of another name
// ("ACME crm" beside "Acme CRM": Scalekit removes spaces and uppercases, scalekit-api.md §4.2)
// cannot be created or renamed to: the server refuses it as a duplicate. Plan shows it as blocked,
// so apply writes nothing, instead of letting the server refuse it halfway through a run.
import type { Provider } from "../../../dsl/payload.ts";
import { identifierStem } from "../../lib/identifier-stem.ts";
import type { Blocker, Definition } from "../model.ts";
import { type Owner, ownershipOf, projectOf } from "./ownership.ts";

/** Remote connectors by the identifier stem of their names, for stemClash (one pass, not one per definition). */
export function byStem(remote: readonly Provider[]): ReadonlyMap<string, readonly Provider[]> {
  const index = new Map<string, Provider[]>();
  for (const provider of remote) {
    const stem = identifierStem(provider.display_name);
    const list = index.get(stem);
    if (list) list.push(provider);
    else index.set(stem, [provider]);
  }
  return index;
}

/** The blocker for `definition` when a remote connector of another name derives its identifier. */
export function stemClash(
  definition: Definition,
  remote: ReadonlyMap<string, readonly Provider[]>,
  owner: Owner | undefined,
): Blocker | undefined {
  const name = definition.display_name;
  const stem = identifierStem(name);
  const other = remote.get(stem)?.find((provider) => provider.display_name !== name);
  if (!other) return undefined;
  const existing = JSON.stringify(other.display_name);
  const rename = `rename the definition so it differs from ${existing} in more than case and spacing`;
  const ownership = ownershipOf(other, owner);
  const project = projectOf(other);
  const fix =
    ownership === "mine" || ownership === "legacy"
      ? `${rename}; or, if it is that connector renamed, add moved: [{ from: ${existing}, to: ${JSON.stringify(name)} }] to connectorkit.config.ts`
      : ownership === "other"
        ? `${rename}: ${existing} belongs to connectorkit project "${project}"`
        : `${rename}; or, if it is that connector, name the definition ${existing} and pass --adopt to manage it`;
  return {
    name,
    identifier: other.identifier,
    message: `"${name}" and the existing connector ${existing} derive the same identifier ${stem}: Scalekit removes spaces and uppercases the name, so it refuses a second one (${definition.source})`,
    fix,
  };
}
