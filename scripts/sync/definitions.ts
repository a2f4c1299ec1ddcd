// The definitions sync works from: every connector exported under the given paths, loaded and
// validated by the same loader and rules as scripts/build.ts (lib/definition-rules.ts: the
// reserved marker key, identifiers that collide).
import { resolve } from "node:path";
import { formatIssues } from "../../dsl/validate.ts";
import { applyDefinitionRules } from "../lib/definition-rules.ts";
import { type LoadError, loadConnectors, type SkippedExport, skippedNote } from "../lib/load-connectors.ts";
import type { Out } from "./output.ts";
import type { Definition } from "./plan.ts";

export interface LoadedDefinitions {
  readonly definitions: Definition[];
  readonly errors: LoadError[];
  /** Unfinished exports (shared bases), left out with a note. */
  readonly skipped: SkippedExport[];
}

export async function loadDefinitions(paths: readonly string[], cwd: string): Promise<LoadedDefinitions> {
  const { connectors, errors, skipped } = applyDefinitionRules(
    await loadConnectors(paths.map((path) => resolve(cwd, path))),
  );
  const definitions: Definition[] = connectors.map((loaded) => ({
    display_name: loaded.display_name,
    payload: loaded.payload,
    source: `${loaded.file}${loaded.exportName === "default" ? "" : ` (${loaded.exportName})`}`,
    ...(loaded.verify && { verify: loaded.verify }),
    ...(loaded.connection && { connection: loaded.connection }),
  }));
  return { definitions, errors, skipped };
}

/** Prints a note per skipped export. */
export function printSkipped(skipped: readonly SkippedExport[], out: Out): void {
  for (const note of skipped) out.write(`${skippedNote(note)}\n`);
}

/** Prints every error, grouped by file, each with its JSON path and fix. */
export function printLoadErrors(errors: readonly LoadError[], out: Out): void {
  for (const file of new Set(errors.map((error) => error.file))) {
    const issues = errors
      .filter((error) => error.file === file)
      .map(({ path, message, fix }) => ({ path: path || "(file)", message, fix }));
    out.write(`${formatIssues(issues, file)}\n`);
  }
}
