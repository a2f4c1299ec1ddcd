// The rules every consumer of connector definitions applies on top of validation, so `build` and
// `sync` accept and refuse exactly the same set: the ownership marker key is reserved (sync adds it)
// and must fit the metadata limit, and no two definitions may derive the same identifier.
// Scalekit derives a custom connector's identifier from its display_name with spaces removed and
// letters uppercased (reference §4.2), so "Acme CRM", "ACME CRM" and "Acme  CRM" collide.
import { ownershipIssues } from "../sync/connector/ownership.ts";
import { identifierStem } from "./identifier-stem.ts";
import type { LoadError, LoadedConnector, LoadResult } from "./load-connectors.ts";

const where = (connector: LoadedConnector) =>
  `${connector.file}${connector.exportName === "default" ? "" : ` (${connector.exportName})`}`;

/** Applies the shared rules: offending connectors move from `connectors` to `errors`. */
export function applyDefinitionRules(loaded: LoadResult): LoadResult {
  const errors: LoadError[] = [...loaded.errors];
  const connectors: LoadedConnector[] = [];
  const firstByStem = new Map<string, LoadedConnector>();
  for (const connector of loaded.connectors) {
    const issues = ownershipIssues(connector.payload);
    errors.push(...issues.map((issue) => ({ file: connector.file, ...issue })));
    const stem = identifierStem(connector.display_name);
    const first = firstByStem.get(stem);
    if (first) {
      errors.push({
        file: connector.file,
        path: "display_name",
        message: `"${connector.display_name}" (${where(connector)}) and "${first.display_name}" (${where(first)}) derive the same identifier ${stem}: Scalekit removes spaces and uppercases the name`,
        fix: "give one of them a name that differs in more than case and spacing",
      });
      continue;
    }
    firstByStem.set(stem, connector);
    if (issues.length === 0) connectors.push(connector);
  }
  return { connectors, errors, skipped: loaded.skipped };
}
