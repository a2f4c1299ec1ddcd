// Renaming a connector without losing it. Connectors are matched by display_name, so a new name
// alone plans a create and (with --prune) a delete: a new identifier, and every connection lost.
// Scalekit's update takes display_name, so a rename can keep the identifier: the config's
// `moved: [{ from: "Old Name", to: "New Name" }]` (like terraform's `moved` blocks) makes the
// definition named `to` update the managed connector named `from`. Once applied the entry matches
// nothing and may be removed. Without it, plan points at a create and an undefined managed
// connector that look like one connector renamed (equal but for display_name and description).
import type { Payload, Provider } from "../../../dsl/payload.ts";
import type { Blocker, Move } from "../model.ts";
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

/**
 * `moved` entries that cannot all hold: two renaming one connector or onto one name, or an entry
 * whose both ends exist (defined both, or both on the target) — applying it would lose one.
 */
export function moveConflicts(
  moves: readonly Move[],
  definedNames: ReadonlySet<string>,
  remote: readonly Provider[],
  owned: (provider: Provider) => boolean,
): Blocker[] {
  const blockers: Blocker[] = [];
  const entry = (move: Move) => `{ from: ${JSON.stringify(move.from)}, to: ${JSON.stringify(move.to)} }`;
  const fix =
    "keep one moved entry per connector and per name in connectorkit.config.ts (remove entries already applied)";
  for (const key of ["to", "from"] as const) {
    const seen = new Map<string, Move>();
    for (const move of moves) {
      const first = seen.get(move[key]);
      if (first)
        blockers.push({
          name: "moved",
          message: `two moved entries ${key === "to" ? "rename onto" : "rename"} ${JSON.stringify(move[key])}: ${entry(first)} and ${entry(move)}`,
          fix,
        });
      else seen.set(move[key], move);
    }
  }
  const onTarget = new Set(remote.filter(owned).map((provider) => provider.display_name));
  const anyRemote = new Set(remote.map((provider) => provider.display_name));
  for (const move of moves) {
    if (definedNames.has(move.from) && definedNames.has(move.to))
      blockers.push({
        name: "moved",
        message: `${entry(move)}: both names are defined, so the entry would rename one connector onto the other`,
        fix: `remove the entry, or the definition of ${JSON.stringify(move.from)}`,
      });
    else if (onTarget.has(move.from) && anyRemote.has(move.to))
      blockers.push({
        name: "moved",
        message: `${entry(move)}: both connectors exist on the target, so the rename would collide`,
        fix: `delete one of them (apply --prune deletes ${JSON.stringify(move.from)} once no definition names it), or remove the entry`,
      });
  }
  return blockers;
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
