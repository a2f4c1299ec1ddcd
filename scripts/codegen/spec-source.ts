// From a SPEC argument to an Inference: read, parse, check the version, infer. Remote $refs are
// fetched between inference passes (inference itself stays synchronous and pure).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ReachGuard } from "../lib/reach-guard.ts";
import type { Inference } from "../lib/report.ts";
import type { InferOptions } from "./context.ts";
import { inferConnector } from "./infer.ts";
import { parseSpecText, readSpecText, specVersion } from "./load-spec.ts";
import { type Obj, Refs, type SpecDoc } from "./refs.ts";

export interface LoadOptions {
  /** Reads stdin for the spec "-". */
  readonly stdin: () => Promise<string>;
  /** Folders to search for files that $refs name when they are not beside the spec. */
  readonly refDirs?: readonly string[];
}

export async function loadSpec(spec: string, options: LoadOptions): Promise<SpecDoc> {
  // the URL the user named may be anywhere; what it names must be public (lib/reach-guard.ts)
  const reach = new ReachGuard(/^https?:\/\//i.test(spec) && URL.canParse(spec) ? new URL(spec) : undefined);
  const { location, text } = await readSpecText(spec, options.stdin, reach);
  const name = spec === "-" ? "stdin" : spec;
  const { root, repairedLines, lenientLines, duplicateKeyLine } = parseSpecText(text, name);
  const version = specVersion(root, name);
  const dirs = (options.refDirs ?? []).map((dir) => pathToFileURL(`${resolve(dir)}/`));
  return {
    name: spec,
    location,
    version,
    root: root as Obj,
    refs: new Refs(root, location, dirs, reach),
    repairedLines,
    lenientLines,
    ...(duplicateKeyLine !== undefined && { duplicateKeyLine }),
  };
}

export async function inferFromSpec(doc: SpecDoc, options: InferOptions): Promise<Inference> {
  let inference = inferConnector(doc, options);
  for (let round = 0; round < 5 && doc.refs.pending.size > 0; round += 1) {
    await doc.refs.loadPending();
    inference = inferConnector(doc, options);
  }
  return inference;
}
