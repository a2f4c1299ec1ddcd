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
import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { registerTypeScript } from "./typescript.ts";

export type Imported =
  | { readonly ok: true; readonly module: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Imports each file; results in the order of `files`. Never throws for a bad file. */
export async function importDefinitions(files: readonly string[]): Promise<Imported[]> {
  if (files.length === 0) return [];
  const bundled = await importBundled(files).catch(() => undefined);
  if (bundled?.every((result) => result.ok)) return bundled;
  await registerTypeScript();
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
 * Packages stay out of the bundle (esbuild's `packages: "external"`), and their import statements
 * are pointed at the files esbuild resolves them to from each importing file's folder (a module
 * loaded from memory cannot resolve a bare name). The names are resolved once per name and folder,
 * not once per import: a plugin's per-import callback costs a round trip to esbuild's process,
 * about 0.8 ms a file when every definition imports the installed `connectorkit`. Relative imports,
 * a checkout's DSL among them, are bundled: the DSL keeps no state, and connectors are recognised by
 * a registered symbol, so a bundled copy of it builds exactly what the loader's own would.
 */
async function importBundled(files: readonly string[]): Promise<Imported[]> {
  const { build } = await import("esbuild");
  // each file is required inside its own try/catch, so one that throws is caught as itself
  const entry = [
    "const load = (evaluate) => { try { return { ok: true, module: evaluate() }; } catch (error) { return { ok: false, reason: error instanceof Error ? error.message : String(error) }; } };",
    `export default [${files.map((file) => `load(() => require(${JSON.stringify(file)}))`).join(",\n")}];`,
  ].join("\n");
  const options = {
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    logLevel: "silent",
  } as const;
  const result = await build({
    ...options,
    stdin: { contents: entry, resolveDir: process.cwd() },
    bundle: true,
    write: false,
    packages: "external",
    metafile: true,
  });
  const output = result.outputFiles[0]?.text;
  const [bundled] = Object.values(result.metafile.outputs);
  if (output === undefined || !bundled || locationDependent.test(output))
    throw new Error("not bundled as it is");
  const urls = await resolvePackages(build, result.metafile, options);
  const code = pointPackagesAtFiles(output, bundled.imports, urls);
  const bundle = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return (bundle.default as Imported[]).map((imported) =>
    imported.ok ? { ok: true, module: plain(imported.module) } : imported,
  );
}

type Metafile = import("esbuild").Metafile;

/**
 * Each package name the bundled files import → its file URL, resolved from each importing file's
 * folder with the conditions that file is loaded under (`import` in an ES module, `require` in a
 * CommonJS one, as tsx compiles it). A name that resolves to two files throws.
 */
async function resolvePackages(
  build: typeof import("esbuild").build,
  metafile: Metafile,
  options: import("esbuild").BuildOptions,
) {
  const wanted = new Map<string, { name: string; dir: string; kind: "import-statement" | "require-call" }>();
  const formats = new ModuleFormats();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const { path: name, external } of imports) {
      if (!external || isBuiltin(name)) continue;
      const file = resolve(input);
      const dir = dirname(file);
      const kind = formats.isEsm(file) ? "import-statement" : "require-call";
      wanted.set(`${name}\0${dir}\0${kind}`, { name, dir, kind });
    }
  }
  const urls = new Map<string, string>();
  if (wanted.size === 0) return urls;
  await build({
    ...options,
    stdin: { contents: "" },
    write: false,
    plugins: [
      {
        name: "connectorkit-resolve-packages",
        setup(context) {
          context.onStart(async () => {
            for (const { name, dir, kind } of wanted.values()) {
              const found = await context.resolve(name, { kind, resolveDir: dir });
              if (found.errors.length > 0 || found.external || !found.path)
                throw new Error(`cannot resolve ${name}`);
              const url = pathToFileURL(found.path).href;
              // another folder's copy, or another condition's file: one bundle cannot import both
              if ((urls.get(name) ?? url) !== url) throw new Error(`${name} resolves to two files`);
              urls.set(name, url);
            }
          });
        },
      },
    ],
  });
  return urls;
}

/** Whether Node (and tsx) load a file as an ES module: its extension, else the nearest package.json's "type". */
class ModuleFormats {
  readonly #typeOfDir = new Map<string, boolean>();

  isEsm(file: string): boolean {
    if (/\.m[jt]s$/.test(file)) return true;
    if (/\.c[jt]s$/.test(file)) return false;
    return this.#moduleDir(dirname(file));
  }

  #moduleDir(dir: string): boolean {
    const known = this.#typeOfDir.get(dir);
    if (known !== undefined) return known;
    const manifest = join(dir, "package.json");
    const parent = dirname(dir);
    const esm = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module"
      : parent !== dir && this.#moduleDir(parent);
    this.#typeOfDir.set(dir, esm);
    return esm;
  }
}

/**
 * The bundle's import statements of packages, pointed at their files. Every external import of the
 * output must be one such statement (or a Node built-in, which a module from memory can import);
 * anything else, a dynamic import() or a require() of a package, throws so the files load alone.
 */
function pointPackagesAtFiles(
  code: string,
  imports: Metafile["outputs"][string]["imports"],
  urls: Map<string, string>,
) {
  let expected = 0;
  for (const { path: name, kind, external } of imports) {
    if (!external || isBuiltin(name)) continue;
    if (kind !== "import-statement" || !urls.has(name)) throw new Error(`${name} is not imported statically`);
    expected++;
  }
  let rewritten = 0;
  const pointed = code.replace(
    /^((?:import|export)\b[^;"'`]*?\bfrom\s*|import\s*)"([^"\n]+)";$/gm,
    (statement, head: string, name: string) => {
      const url = urls.get(name);
      if (url === undefined) return statement;
      rewritten++;
      return `${head}${JSON.stringify(url)};`;
    },
  );
  if (rewritten !== expected) throw new Error("the bundle's package imports are not where expected");
  return pointed;
}

/** A required ES module's exports as `import()` gives them: values, names in code-unit order. */
function plain(module: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(module).sort()) out[key] = module[key];
  return out;
}
