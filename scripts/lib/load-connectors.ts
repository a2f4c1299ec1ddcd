// Finds the connectors exported by .ts files under the given paths, validates each, and reports
// problems per file and JSON path. Shared by scripts/build.ts and scripts/sync.ts.
import { readdir, stat } from "node:fs/promises";
import { extname, join, relative, resolve } from "node:path";
import type { ConnectionSpec } from "../../dsl/connection.ts";
import { type ConnectorValue, isConnector } from "../../dsl/connector.ts";
import type { Payload } from "../../dsl/payload.ts";
import { validate } from "../../dsl/validate.ts";
import type { VerifyRequest } from "../../dsl/verify.ts";
import { importDefinitions } from "./import-definitions.ts";
import { exportsOf } from "./module-exports.ts";

export interface LoadedConnector {
  /** The file, relative to the working directory. */
  readonly file: string;
  /** The export that holds it (`default` or a name). */
  readonly exportName: string;
  readonly display_name: string;
  readonly payload: Payload;
  /** The request `sync verify` sends, when the definition declares one with `.verify()`. */
  readonly verify?: VerifyRequest;
  /** The connection the definition declares with `.connection()`. */
  readonly connection?: ConnectionSpec;
}

export interface LoadError {
  readonly file: string;
  /** The export at fault, when the file exports more than one connector. */
  readonly exportName?: string;
  /** JSON path inside the payload; empty when the whole file or export is at fault. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** An export left out without an error: an unfinished connector, such as a shared base. */
export interface UnfinishedExport {
  readonly file: string;
  readonly exportName: string;
  readonly displayName: string;
}

/** A definition file that exports no connector: nothing in it is deployed. */
export interface FileWithoutConnector {
  readonly file: string;
  /** The names it exports instead. */
  readonly exports: readonly string[];
}

/** What the loader leaves out with a note instead of an error. */
export type SkippedExport = UnfinishedExport | FileWithoutConnector;

export interface LoadResult {
  readonly connectors: LoadedConnector[];
  readonly errors: LoadError[];
  readonly skipped: SkippedExport[];
}

/** The note printed for a skipped export or file. */
export function skippedNote(skipped: SkippedExport): string {
  if ("exports" in skipped) {
    const names = skipped.exports.map((name) => `"${name}"`).join(", ");
    return `· ${skipped.file} exports no connector (${names === "" ? "it exports nothing" : `only ${names}`}), so nothing in it is deployed; export one (export default connector(…)) if it should be, or keep the file out of the definition folders`;
  }
  const { file, exportName, displayName } = skipped;
  return `· ${file}: export "${exportName}" (${displayName}) is unfinished, so it is not deployed; finish it with an auth method and .proxy(url) if it should be`;
}

/** Where an error is: its file, and its export when the file has several ("a.ts (crm)"). */
export const errorSource = (error: LoadError): string =>
  error.exportName === undefined ? error.file : `${error.file} (${error.exportName})`;

const isSource = (file: string) =>
  extname(file) === ".ts" && !file.endsWith(".d.ts") && !/\.test(-d)?\.ts$/.test(file);

async function sourceFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (info.isFile()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isSource(entry.name) && !entry.parentPath.includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Loads and validates every connector exported under `paths`. Never throws for a bad file. */
export async function loadConnectors(paths: readonly string[]): Promise<LoadResult> {
  const connectors: LoadedConnector[] = [];
  const errors: LoadError[] = [];
  const skipped: SkippedExport[] = [];
  const files: string[] = [];
  // every finished definition by name, valid or not: a duplicate is an error either way
  const firstByName = new Map<string, { file: string; exportName: string }>();
  for (const path of paths) {
    try {
      files.push(...(await sourceFiles(resolve(path))));
    } catch {
      errors.push({
        file: path,
        path: "",
        message: `${path} does not exist`,
        fix: "pass a folder or .ts file of connectors",
      });
    }
  }

  // a file under two of the paths (a folder and its subfolder) is one definition
  const unique = [...new Set(files)];
  const imported = await importDefinitions(unique);
  for (const [index, absolute] of unique.entries()) {
    const file = relative(process.cwd(), absolute) || absolute;
    const result = imported[index];
    if (!result?.ok) {
      const reason = result?.reason ?? "not imported";
      errors.push({ file, path: "", message: `cannot load: ${reason}`, fix: "fix the error in this file" });
      continue;
    }
    // a CommonJS project's file (tsx-compiled) has its exports under `default`
    const module = exportsOf(result.module);
    const seen = new Set<unknown>();
    const found: [string, ConnectorValue][] = [];
    for (const [exportName, value] of Object.entries(module)) {
      if (!isConnector(value) || seen.has(value)) continue;
      seen.add(value);
      found.push([exportName, value]);
    }
    if (found.length === 0) skipped.push({ file, exports: Object.keys(module) });
    for (const [exportName, value] of found) {
      // a shared base (connector("X").description(…)) is unfinished on purpose: skip it
      if (!value.finished) {
        skipped.push({ file, exportName, displayName: value.displayName });
        continue;
      }
      // which of the file's connectors an error is about, when there is a choice
      const at = { file, ...(found.length > 1 && { exportName }) };
      const payload = value.payload();
      const first = firstByName.get(payload.display_name);
      if (first) {
        errors.push({
          ...at,
          path: "display_name",
          message: `"${payload.display_name}" is defined twice: in ${first.file} (${first.exportName}) and ${file} (${exportName})`,
          fix: "rename one of them; display_name identifies a connector",
        });
        continue;
      }
      firstByName.set(payload.display_name, { file, exportName });
      const issues = validate(payload);
      for (const issue of issues) errors.push({ ...at, ...issue });
      if (issues.length === 0)
        connectors.push({
          file,
          exportName,
          display_name: payload.display_name,
          payload,
          ...(value.verifyRequest && { verify: value.verifyRequest }),
          ...(value.connectionSpec && { connection: value.connectionSpec }),
        });
    }
  }

  return { connectors, errors, skipped };
}

/** A file name for a connector: "My Asana" → "my-asana". */
export const slugOf = (displayName: string): string =>
  displayName
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^a-z0-9-]/g, "") || "connector";
