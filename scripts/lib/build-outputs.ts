// What `build` wrote last time, so it can remove the outputs of definitions that are gone and
// nothing else. `.connectorkit/build-outputs.json` (in the working directory, so the output folder
// holds only payloads) lists, per output folder, each file build wrote with a hash of its content;
// a listed file that is no longer produced is deleted only if it still has that content (one you
// edited is kept, with a warning), and a file build did not write is never touched.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

export const manifestPath = (cwd: string): string => join(cwd, ".connectorkit", "build-outputs.json");

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

type Manifest = Record<string, { files?: unknown }>;

async function readManifest(cwd: string): Promise<Manifest> {
  try {
    const data = JSON.parse(await readFile(manifestPath(cwd), "utf8")) as unknown;
    return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Manifest) : {};
  } catch {
    return {};
  }
}

async function previous(manifest: Manifest, out: string): Promise<Record<string, string>> {
  try {
    const files = manifest[out]?.files;
    if (typeof files !== "object" || files === null || Array.isArray(files)) return {};
    return Object.fromEntries(
      Object.entries(files).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
  } catch {
    return {};
  }
}

export interface Cleanup {
  readonly removed: string[];
  /** Outputs of deleted definitions that were edited since build wrote them. */
  readonly kept: string[];
}

/**
 * Records `written` (file name → content) as this build's outputs and removes earlier outputs
 * that are not among them, if unchanged since build wrote them.
 */
export async function recordOutputs(
  cwd: string,
  outDir: string,
  written: ReadonlyMap<string, string>,
): Promise<Cleanup> {
  const out = resolve(cwd, outDir);
  const manifest = await readManifest(cwd);
  const before = await previous(manifest, out);
  const removed: string[] = [];
  const edited: string[] = [];
  for (const [name, digest] of Object.entries(before)) {
    // only plain file names: a manifest must not point build outside its folder
    if (written.has(name) || name.includes("/") || name.includes("\\") || name.startsWith(".")) continue;
    const path = join(outDir, name);
    if (!existsSync(path)) continue;
    if (hash(await readFile(path, "utf8")) === digest) {
      await rm(path);
      removed.push(path);
    } else edited.push(path);
  }
  const files = Object.fromEntries([...written].map(([name, text]) => [name, hash(text)]));
  await mkdir(dirname(manifestPath(cwd)), { recursive: true });
  // folders that no longer exist have nothing left to clean up
  const live = Object.fromEntries(Object.entries(manifest).filter(([folder]) => existsSync(folder)));
  await writeFile(manifestPath(cwd), `${JSON.stringify({ ...live, [out]: { files } }, null, 2)}\n`);
  return { removed, kept: edited };
}
