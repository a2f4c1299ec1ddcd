// What a change may break beyond the connector itself (scalekit-api.md §1.4, §1.5, §4.5): the
// warnings printed under a change in the plan.
import { isObject, type Json } from "../../../dsl/rules/issue.ts";
import type { Canonical } from "./canonical.ts";
import type { FieldChange } from "./diff.ts";

export const inUseFix =
  "the connector still has a connection (made meanwhile, or in the Dashboard): run plan, which deletes managed connections first, or delete it in the Scalekit dashboard, then run apply again";

function scopesOf(value: Canonical): Set<string> {
  const scopes = new Set<string>();
  for (const pattern of value.auth_patterns) {
    const config = isObject(pattern) ? pattern.oauth_config : undefined;
    const list = isObject(config) && Array.isArray(config.available_scopes) ? config.available_scopes : [];
    for (const scope of list as Json[])
      if (isObject(scope) && typeof scope.scope === "string") scopes.add(scope.scope);
  }
  return scopes;
}

const names = (list: readonly string[]) => list.map((name) => JSON.stringify(name)).join(", ");

export function updateHazards(before: Canonical, after: Canonical, diff: readonly FieldChange[]): string[] {
  const hazards: string[] = [];
  const old = scopesOf(before);
  const next = scopesOf(after);
  const added = [...next].filter((scope) => !old.has(scope));
  const removed = [...old].filter((scope) => !next.has(scope));
  if (added.length > 0) {
    hazards.push(`scopes added (${names(added)}): connected accounts must reauthorize to grant them`);
  }
  if (removed.length > 0) {
    hazards.push(`scopes removed (${names(removed)}): connected accounts may need reauthorizing`);
  }
  if (diff.some((change) => change.path.startsWith("auth_patterns"))) {
    hazards.push("existing connections may need recreating to pick up the new auth settings");
  }
  return hazards;
}

export const replaceHazards = [
  "replace deletes the connector and creates it again under a new identifier: its connection is deleted and made again for it, and every user must connect again",
];

export const deleteHazards = [
  "a delete removes the connector's connection first; one with connected accounts is refused",
];

export const claimHazard = (project: string): string =>
  `marks it as project "${project}"'s: it carries connectorkit's marker from before projects`;

export const adoptHazard =
  "adopting puts this connector under connectorkit: its settings become the definition's, and --prune may delete it later";
