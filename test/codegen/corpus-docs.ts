// The corpus's real documents (../shared/corpus/openapi, read in place), parsed once per test file,
// for the tests that read them as they are and rewritten the ways other documents write them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpecText } from "../../scripts/codegen/load-spec.ts";
import { corpusDir } from "./helpers.ts";
import type { Spec } from "./spec-helpers.ts";

export const specDir = join(corpusDir, "openapi");
export const hasCorpus = existsSync(specDir);

/** Every document as [file name, parsed root], in name order; empty without the corpus. */
export const parsed: [string, Spec][] = hasCorpus
  ? readdirSync(specDir)
      .sort()
      .map((file): [string, Spec] => [
        file,
        parseSpecText(readFileSync(join(specDir, file), "utf8"), file).root as Spec,
      ])
  : [];

/** One document by its file name; throws when the corpus lacks it. */
export function corpusDoc(file: string): Spec {
  const found = parsed.find(([name]) => name === file)?.[1];
  if (!found) throw new Error(`../shared/corpus/openapi/${file} is not in the corpus`);
  return structuredClone(found);
}
