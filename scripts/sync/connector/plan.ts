// The connector kind's plan: what apply would do to make the remote custom connectors match the
// definitions. A pure function of (definitions, remote providers, options); no I/O. Connectors
// are matched by display_name; only those carrying the ownership marker are updated or deleted,
// unless the user adopts same-named ones.
import type { Payload, Provider } from "../../../dsl/payload.ts";
import type { Blocker, Definition, PlanOptions, Skipped } from "../model.ts";
import { type Canonical, canonical, immutableDifferences } from "./canonical.ts";
import { diffConnectors, type FieldChange } from "./diff.ts";
import { adoptHazard, claimHazard, deleteHazards, replaceHazards, updateHazards } from "./hazards.ts";
import { fingerprintOf, isOwned, type Owner, type Ownership, ownershipOf, projectOf } from "./ownership.ts";
import { pruneRefusal } from "./prune-guard.ts";
import { likelyRenames, moveConflicts, resolveMoves } from "./renames.ts";
import { byStem, stemClash } from "./stem-clash.ts";

/** A change to one connector (the `connector` kind). */
export type Change =
  | {
      readonly action: "create";
      readonly name: string;
      readonly payload: Payload;
      /** A managed connector without definition this create looks like a rename of. */
      readonly renameOf?: { readonly name: string; readonly identifier: string };
    }
  | {
      readonly action: "update";
      readonly name: string;
      readonly identifier: string;
      readonly payload: Payload;
      readonly diff: readonly FieldChange[];
      readonly hazards: readonly string[];
      /** True when the remote connector lacks the marker and this update adds it. */
      readonly adopt: boolean;
      /** The display_name this update renames (a `moved` entry). */
      readonly renamedFrom?: string;
      /** The connection secret's fingerprint the remote carries, sent again (update is a full replace). */
      readonly fingerprint?: string;
    }
  | {
      readonly action: "replace";
      readonly name: string;
      readonly identifier: string;
      readonly payload: Payload;
      readonly diff: readonly FieldChange[];
      readonly hazards: readonly string[];
      readonly reasons: readonly string[];
    }
  | {
      readonly action: "delete";
      readonly name: string;
      readonly identifier: string;
      readonly reason: "no definition" | "duplicate";
      readonly hazards: readonly string[];
    }
  | { readonly action: "unchanged"; readonly name: string; readonly identifier: string };

export type Action = Change["action"];

/** What planConnectors returns: the connector kind's part of the plan. */
export interface ConnectorPlan {
  /** Whose marker the bodies carry (none: the project-less one). */
  readonly owner?: Owner;
  readonly changes: readonly Change[];
  readonly skipped: readonly Skipped[];
  readonly blockers: readonly Blocker[];
}

export type Summary = Readonly<Record<Action, number>>;

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function summarize(plan: ConnectorPlan): Summary {
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const change of plan.changes) counts[change.action]++;
  return counts;
}

export const hasWrites = (plan: ConnectorPlan): boolean =>
  plan.changes.some((change) => change.action !== "unchanged");

/**
 * Whether the remote differs from the definitions: a write is pending, or a connector sync
 * manages has no definition (or a managed duplicate exists) even though, without --prune, apply
 * would leave it. `plan --exit-code` exits 2 on drift.
 */
export const hasDrift = (plan: ConnectorPlan): boolean =>
  hasWrites(plan) ||
  plan.skipped.some((skipped) => skipped.reason === "no definition" || skipped.reason === "duplicate");

function compare(
  definition: Definition,
  wanted: Canonical,
  remote: Provider,
  options: PlanOptions,
  ownership: Ownership,
): Change | Blocker {
  const adopt = ownership !== "mine";
  const current = canonical(remote);
  const diff = diffConnectors(current, wanted);
  const reasons = immutableDifferences(current, wanted);
  const base = { name: definition.display_name, identifier: remote.identifier };
  if (reasons.length > 0) {
    if (!options.allowReplace) {
      return {
        ...base,
        message: `${reasons.join("; ")}: the server cannot update that (${definition.source})`,
        fix: "pass --allow-replace to delete the connector and create it again (remove its connections first)",
      };
    }
    return {
      ...base,
      action: "replace",
      payload: definition.payload,
      diff,
      hazards: replaceHazards,
      reasons,
    };
  }
  if (diff.length === 0 && !adopt) return { ...base, action: "unchanged" };
  const claim = ownership === "legacy" ? [claimHazard(options.owner?.project ?? "")] : [];
  const hazards = [
    ...(adopt && claim.length === 0 ? [adoptHazard] : claim),
    ...updateHazards(current, wanted, diff),
  ];
  const fingerprint = fingerprintOf(remote);
  return {
    ...base,
    action: "update",
    payload: definition.payload,
    diff,
    hazards,
    adopt,
    ...(fingerprint !== undefined && { fingerprint }),
  };
}

export function planConnectors(
  definitions: readonly Definition[],
  remote: readonly Provider[],
  options: PlanOptions,
): ConnectorPlan {
  const changes: Change[] = [];
  const skipped: Skipped[] = [];
  const blockers: Blocker[] = [];
  const remoteByName = new Map<string, Provider[]>();
  for (const provider of remote) {
    const list = remoteByName.get(provider.display_name) ?? [];
    list.push(provider);
    remoteByName.set(provider.display_name, list);
  }
  const defined = new Set(definitions.map((definition) => definition.display_name));
  const owner = options.owner;
  const moves = resolveMoves(options.moved ?? [], defined, remote, (provider) => isOwned(provider, owner));
  blockers.push(
    ...moveConflicts(options.moved ?? [], defined, remote, (provider) => isOwned(provider, owner)),
  );
  const renamed = new Set(moves.values());
  // a connector renamed away in this run frees its name: a create the server sees before the
  // rename gets a 409, and converge lists again and retries it after
  const staying = byStem(remote.filter((provider) => !renamed.has(provider)));

  for (const definition of definitions) {
    const wanted = canonical(definition.payload);
    const moved = moves.get(definition.display_name);
    const clash = stemClash(definition, staying, owner);
    if (moved) {
      if (clash) {
        blockers.push(clash);
        continue;
      }
      const result = compare(definition, wanted, moved, options, ownershipOf(moved, owner));
      if (!("action" in result)) blockers.push(result);
      else if (result.action === "update") changes.push({ ...result, renamedFrom: moved.display_name });
      else changes.push(result);
      continue;
    }
    const candidates = remoteByName.get(definition.display_name) ?? [];
    const managed = candidates.filter((provider) => isOwned(provider, owner));
    const unmanaged = candidates.filter((provider) => !isOwned(provider, owner));
    const matches = (provider: Provider) => diffConnectors(canonical(provider), wanted).length === 0;
    // with several managed copies (a server that allows duplicate names), keep the one that matches
    const keep = (managed.length > 1 ? managed.find(matches) : undefined) ?? managed[0];
    for (const extra of managed) {
      if (extra === keep) continue;
      const entry = { name: extra.display_name, identifier: extra.identifier };
      if (options.prune)
        changes.push({ ...entry, action: "delete", reason: "duplicate", hazards: deleteHazards });
      else skipped.push({ ...entry, reason: "duplicate" });
    }
    const target = keep ?? (options.adopt ? unmanaged[0] : undefined);
    for (const other of unmanaged) {
      if (other !== target && (keep !== undefined || options.adopt)) {
        skipped.push({ name: other.display_name, identifier: other.identifier, reason: "unmanaged" });
      }
    }

    if (target) {
      const result = compare(definition, wanted, target, options, ownershipOf(target, owner));
      if ("action" in result) changes.push(result);
      else blockers.push(result);
    } else if (unmanaged.length > 0) {
      const [first] = unmanaged;
      const project = first && projectOf(first);
      blockers.push({
        name: definition.display_name,
        ...(first && { identifier: first.identifier }),
        message: project
          ? `connectorkit project "${project}" manages a connector with this name (${definition.source})`
          : `a connector with this name exists but connectorkit did not create it (${definition.source})`,
        fix: project
          ? `remove it from project "${project}"'s definitions, or pass --adopt to move it to this project (its settings are replaced)`
          : "pass --adopt to manage it with this definition (its settings are replaced), or rename the definition",
      });
    } else if (clash) {
      blockers.push(clash);
    } else {
      changes.push({ action: "create", name: definition.display_name, payload: definition.payload });
    }
  }

  for (const provider of remote) {
    if (defined.has(provider.display_name) || renamed.has(provider)) continue;
    const entry = { name: provider.display_name, identifier: provider.identifier };
    const ownership = ownershipOf(provider, options.owner);
    if (ownership === "none") skipped.push({ ...entry, reason: "unmanaged" });
    else if (ownership === "other") skipped.push({ ...entry, reason: "other project" });
    else if (ownership === "legacy") skipped.push({ ...entry, reason: "unscoped" });
    else if (options.prune)
      changes.push({ ...entry, action: "delete", reason: "no definition", hazards: deleteHazards });
    else skipped.push({ ...entry, reason: "no definition" });
  }

  // a create beside a managed connector that lost its definition may be a rename: say how to keep it
  const orphans = remote.filter(
    (provider) =>
      !defined.has(provider.display_name) &&
      !renamed.has(provider) &&
      ownershipOf(provider, owner) === "mine",
  );
  const creates = changes.filter((change) => change.action === "create");
  const hints = likelyRenames(creates, orphans);
  for (const [index, change] of changes.entries()) {
    const old = change.action === "create" ? hints.get(change.name) : undefined;
    if (old)
      changes[index] = {
        ...change,
        renameOf: { name: old.display_name, identifier: old.identifier },
      } as Change;
  }
  const managedCount = remote.filter((provider) => ownershipOf(provider, options.owner) === "mine").length;
  const count = (action: Action) => changes.filter((change) => change.action === action).length;
  const refusal = options.allowDeleteAll
    ? undefined
    : pruneRefusal({
        deletes: count("delete"),
        kept: count("update") + count("unchanged"),
        managed: managedCount,
        definitions: definitions.length,
      });
  if (refusal) blockers.push({ name: "--prune", ...refusal });
  return {
    ...(options.owner && { owner: options.owner }),
    changes: changes.sort(byName),
    skipped: skipped.sort(byName),
    blockers: blockers.sort(byName),
  };
}
