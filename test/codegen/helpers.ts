// Test helpers for generated sources: write them where their relative DSL import resolves, then
// import them and read what they build.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ConnectorValue, Payload } from "../../dsl/index.ts";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
export const dslIndex = join(projectRoot, "dsl/index.ts");
export const corpusDir = join(projectRoot, "../shared/corpus");
export const seedExamplesDir = join(projectRoot, "../shared/seed/examples");

/** The import specifier of dsl/index.ts from a file in `dir`. */
export const importFromDir = (dir: string): string => {
  const path = relative(dir, dslIndex).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
};

/** A scratch folder outside the project, removed by `dispose()`. */
export function scratchDir(prefix: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `connectorkit-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

/** Writes `source` into `dir` and returns what its default export builds. */
export async function buildSource(dir: string, source: string): Promise<Payload> {
  counter += 1;
  const file = join(dir, `connector-${counter}.ts`);
  writeFileSync(file, source);
  return buildFile(file);
}

/** Imports a connector module and returns its default export. */
export async function loadFile(file: string): Promise<ConnectorValue> {
  const module = (await import(`${pathToFileURL(file).href}?v=${Date.now()}`)) as { default: ConnectorValue };
  return module.default;
}

/** Imports a connector module and returns its default export's payload. */
export async function buildFile(file: string): Promise<Payload> {
  return (await loadFile(file)).payload();
}

/** Every .ts file under `dir`, its folders included. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}
