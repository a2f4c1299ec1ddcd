// Renaming a connector without losing it. Connectors are matched by display_name, so a new name
// alone plans a create and (with --prune) a delete: a new identifier, and every connection lost.
// Scalekit's update takes display_name, so a rename can keep the identifier: the config's
// `moved: [{ from: "Old Name", to: "New Name" }]` (like terraform's `moved` blocks) makes the
// definition named `to` update the managed connector named `from`. Once applied the entry matches
// nothing and may be removed. Without it, plan points at a create and an undefined managed
// connector that look like one connector renamed (equal but for display_name and description).
import type { Payload, Provider } from "../../../dsl/payload.ts";
import type { Move } from "../model.ts";
import { canonical } from "./canonical.ts";
import { diffConnectors } from "./diff.ts";

export type { Move };

/**
 * The remote connector each `to` definition takes over: its `from` exists and sync manages it,
 * no definition keeps the old name, and nothing remote has the new one yet.
 */
export function resolveMoves(
  moves: readonly Move[],
  definedNames: ReadonlySet<string>,
  remote: readonly Provider[],
  owned: (provider: Provider) => boolean,
): Map<string, Provider> {
  const taken = new Map<string, Provider>();
  const names = new Set(remote.map((provider) => provider.display_name));
  for (const { from, to } of moves) {
    if (!definedNames.has(to) || definedNames.has(from) || names.has(to) || taken.has(to)) continue;
    const old = remote.find((provider) => provider.display_name === from && owned(provider));
    if (old && ![...taken.values()].includes(old)) taken.set(to, old);
  }
  return taken;
}

const renamedOnly = (before: Provider, after: Payload): boolean =>
  diffConnectors(canonical(before), canonical(after)).every(
    (change) => change.path === "display_name" || change.path === "description",
  );

/** Creates that look like a rename of a managed connector no definition names: create name → that connector. */
export function likelyRenames(
  creates: readonly { readonly name: string; readonly payload: Payload }[],
  orphans: readonly Provider[],
): Map<string, Provider> {
  const found = new Map<string, Provider>();
  const used = new Set<Provider>();
  for (const create of creates) {
    const match = orphans.find((orphan) => !used.has(orphan) && renamedOnly(orphan, create.payload));
    if (!match) continue;
    used.add(match);
    found.set(create.name, match);
  }
  return found;
}

/** The hint printed under a create that looks like a rename. */
export const renameHint = (from: string, to: string): string =>
  `looks like a rename of ${JSON.stringify(from)}: to keep its identifier and connections, add moved: [{ from: ${JSON.stringify(from)}, to: ${JSON.stringify(to)} }] to connectorkit.config.ts`;
