// Evaluates connector definition files. Importing them one by one costs a round trip through
// tsx's loader thread and an esbuild transform per file (milliseconds each, most of `build` and
// `sync plan` on a large folder), so the files are first bundled by esbuild in one call and the
// bundle is imported once, from memory. Each file keeps its own module scope and its own
// try/catch inside the bundle (esbuild wraps a required ES module in a lazy initialiser).
// Packages stay outside the bundle and load as usual.
//
// The bundle is an optimisation, never a different answer: whenever it cannot reproduce what
// importing the files would do (a file that fails to compile or throws, top-level await,
// `import.meta`, `require`, `__dirname`), every file is imported on its own, as before, so errors
// name their file exactly. Nothing is cached between runs: each call bundles the files as they
// are on disk now.
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

export type Imported =
  | { readonly ok: true; readonly module: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Imports each file; results in the order of `files`. Never throws for a bad file. */
export async function importDefinitions(files: readonly string[]): Promise<Imported[]> {
  if (files.length > 1) {
    const bundled = await importBundled(files).catch(() => undefined);
    if (bundled?.every((result) => result.ok)) return bundled;
  }
  return Promise.all(files.map(importAlone));
}

async function importAlone(file: string): Promise<Imported> {
  try {
    return { ok: true, module: await import(pathToFileURL(file).href) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** What a bundle cannot reproduce: code that depends on where its file is, or a dynamic require. */
const locationDependent = /\bimport\.meta\b|\b__dirname\b|\b__filename\b|\b__require\(/;

/**
 * Leaves packages out of the bundle, as absolute URLs (a module loaded from memory cannot resolve
 * a bare name). Relative imports, connectorkit's DSL among them, are bundled by esbuild without a
 * call into this process per file: the DSL keeps no state, and connectors are recognised by a
 * registered symbol, so a bundled copy of it builds exactly what the loader's own would.
 */
const packagesOutside: Plugin = {
  name: "connectorkit-packages-outside",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "inner") return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "inner",
      });
      if (result.errors.length > 0 || result.external) return result;
      return { path: pathToFileURL(result.path).href, external: true };
    });
  },
};

async function importBundled(files: readonly string[]): Promise<Imported[]> {
  const { build } = await import("esbuild");
  // each file is required inside its own try/catch, so one that throws is caught as itself
  const entry = [
    "const load = (evaluate) => { try { return { ok: true, module: evaluate() }; } catch (error) { return { ok: false, reason: error instanceof Error ? error.message : String(error) }; } };",
    `export default [${files.map((file) => `load(() => require(${JSON.stringify(file)}))`).join(",\n")}];`,
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd() },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    logLevel: "silent",
    plugins: [packagesOutside],
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined || locationDependent.test(code)) throw new Error("not bundled as it is");
  const bundle = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return (bundle.default as Imported[]).map((imported) =>
    imported.ok ? { ok: true, module: plain(imported.module) } : imported,
  );
}

/** A required ES module's exports as `import()` gives them: values, names in code-unit order. */
function plain(module: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(module).sort()) out[key] = module[key];
  return out;
}
