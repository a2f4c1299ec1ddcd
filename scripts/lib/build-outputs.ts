// What `build` wrote last time, so it can remove the outputs of definitions that are gone and
// nothing else. `<out>/.connectorkit-build.json` lists each file build wrote with a hash of its
// content; a listed file that is no longer produced is deleted only if it still has that content
// (one you edited is kept, with a warning), and a file build did not write is never touched.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const manifestName = ".connectorkit-build.json";

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

async function previous(out: string): Promise<Record<string, string>> {
  try {
    const data = JSON.parse(await readFile(join(out, manifestName), "utf8")) as { files?: unknown };
    const files = data.files;
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
export async function recordOutputs(out: string, written: ReadonlyMap<string, string>): Promise<Cleanup> {
  const before = await previous(out);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const [name, digest] of Object.entries(before)) {
    // only plain file names: a manifest must not point build outside its folder
    if (written.has(name) || name.includes("/") || name.includes("\\") || name.startsWith(".")) continue;
    const path = join(out, name);
    if (!existsSync(path)) continue;
    if (hash(await readFile(path, "utf8")) === digest) {
      await rm(path);
      removed.push(path);
    } else kept.push(path);
  }
  const files = Object.fromEntries([...written].map(([name, text]) => [name, hash(text)]));
  await writeFile(join(out, manifestName), `${JSON.stringify({ files }, null, 2)}\n`);
  return { removed, kept };
}
