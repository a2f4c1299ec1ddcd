// Reads a spec (file, http(s) URL or stdin), parses it (JSON.parse for JSON, js-yaml for YAML)
// and checks its version. OpenAPI 3.0/3.1 and Swagger 2.0 are read as they are: inference needs
// only a few sections, so no conversion or bundling happens here (STACK.md §2).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as JsYaml from "js-yaml";
import type { ReachGuard } from "../lib/reach-guard.ts";
import { checkFile, fetchDocument, maxSpecBytes } from "./reach.ts";
import { SpecError } from "./spec-error.ts";

// js-yaml loads on the first YAML spec: JSON specs, the large ones among them, never pay for it
let jsYaml: typeof JsYaml | undefined;
const yaml = (): typeof JsYaml => {
  jsYaml ??= createRequire(import.meta.url)("js-yaml") as typeof JsYaml;
  return jsYaml;
};

export { SpecError } from "./spec-error.ts";
export { type SpecVersion, specVersion } from "./spec-version.ts";

export interface LoadedText {
  /** Where relative references resolve from: a file URL or an http(s) URL; undefined for stdin. */
  readonly location: URL | undefined;
  readonly text: string;
}

const isUrl = (spec: string) => /^https?:\/\//i.test(spec);

/** Standard input held more than a spec may. */
export const stdinTooLarge = (): SpecError =>
  new SpecError(
    `stdin holds more than ${maxSpecBytes / 1024 / 1024} MiB, the limit for a spec`,
    "check that it is the spec; documents that large are refused",
  );

/**
 * Reads the spec's text. `-` reads stdin. Files, fetches and stdin are held to reach.ts's limits;
 * `reach` is the source's rule for which addresses its fetches may connect to.
 */
export async function readSpecText(
  spec: string,
  stdin: () => Promise<string>,
  reach?: ReachGuard,
): Promise<LoadedText> {
  if (spec === "-") {
    const text = await stdin();
    // the reader stops at the cap (lib/capped-read.ts); a reader that does not is caught here
    if (Buffer.byteLength(text, "utf8") > maxSpecBytes) throw stdinTooLarge();
    return { location: undefined, text };
  }
  if (isUrl(spec))
    return {
      location: new URL(spec),
      text: await fetchDocument(new URL(spec), reach ? { reach } : {}),
    };
  const path = isAbsolute(spec) ? spec : resolve(spec);
  checkFile(path, spec);
  try {
    // the synchronous read decodes UTF-8 in one native step; the promise API decodes in chunks
    return { location: pathToFileURL(path), text: readFileSync(path, "utf8") };
  } catch (error) {
    throw new SpecError(`cannot read ${spec}: ${(error as Error).message}`, "check the file's permissions");
  }
}

/** A parsed document, and the YAML lines read leniently. */
export interface Parsed {
  readonly root: unknown;
  /** Lines whose closing flow bracket was indented so the document parses. */
  readonly repairedLines: readonly number[];
  /** Lines of quoted values continued at column 0, read as common YAML readers read them. */
  readonly lenientLines: readonly number[];
  /** The first line where a YAML mapping repeats a key; the last value is kept, as common readers keep it. */
  readonly duplicateKeyLine?: number;
}

/** Parses JSON or YAML; errors carry the line and column. */
export function parseSpecText(text: string, name: string): Parsed {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) {
    try {
      return { root: JSON.parse(start), repairedLines: [], lenientLines: [] };
    } catch (error) {
      const message = (error as Error).message;
      const position = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
      const before = Number.isNaN(position) ? undefined : start.slice(0, position).split("\n");
      const where = before ? ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})` : "";
      throw new SpecError(`${name} is not valid JSON${where}: ${message}`, "fix the JSON syntax");
    }
  }
  return parseYaml(text, name);
}

// Merge keys (`<<: *base`) are YAML 1.1, which most readers of vendor documents apply; js-yaml's
// core schema reads them only with this tag. Nesting is YAML's own business, but js-yaml recurses
// per level, so the depth is capped well below the stack's limit with a clear error.
let yamlSchema: JsYaml.Schema | undefined;
const schema = (): JsYaml.Schema => {
  yamlSchema ??= yaml().CORE_SCHEMA.withTags(yaml().mergeTag);
  return yamlSchema;
};
export const maxYamlDepth = 1000;

// A key repeated in one mapping is read as common readers read it, the last value winning. Two
// other things common YAML readers accept and YAML 1.2 forbids are repaired (a bounded number of
// times) and reported, rather than failing the whole document over an example or a description:
// the closing bracket of a flow list at its key's indentation, and a quoted value continued at
// column 0 (or less indented than its key). Indenting either changes no value: a quoted value folds
// its lines' leading spaces.
function parseYaml(text: string, name: string): Parsed {
  const { load: loadYaml, YAMLException } = yaml();
  let source = text;
  const repairedLines: number[] = [];
  const lenientLines: number[] = [];
  let duplicateKeyLine: number | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return {
        root: loadYaml(source, {
          schema: schema(),
          maxDepth: maxYamlDepth,
          ...(duplicateKeyLine !== undefined && { json: true }),
        }),
        repairedLines,
        lenientLines,
        ...(duplicateKeyLine !== undefined && { duplicateKeyLine }),
      };
    } catch (error) {
      const line = error instanceof YAMLException ? error.mark?.line : undefined;
      const message = error instanceof Error ? error.message : String(error);
      // a repeated key: read again keeping the last value (js-yaml's JSON-compatible mode)
      if (duplicateKeyLine === undefined && /duplicated mapping key/.test(message)) {
        duplicateKeyLine = (line ?? 0) + 1;
        continue;
      }
      const lines = source.split("\n");
      const target = line === undefined ? undefined : lines[line];
      const indentation = /indentation/i.test(message);
      const quoted =
        line !== undefined && indentation && attempt < 200 ? quotedContinuation(lines, line) : undefined;
      if (
        line !== undefined &&
        target !== undefined &&
        indentation &&
        /^\s*[\]}]/.test(target) &&
        attempt < 50
      ) {
        lines[line] = `  ${target}`;
        repairedLines.push(line + 1);
      } else if (quoted) {
        // a document that does this once usually does it throughout: one pass finds the rest, so
        // a large document is not parsed again for each of them
        const pass = [...lines];
        const found = lenientLines.length === 0 ? indentQuotedValues(pass) : [];
        if (found.includes(quoted.from + 1)) {
          lines.splice(0, lines.length, ...pass);
          lenientLines.push(...found);
        } else {
          lenientLines.push(...indentLines(lines, quoted.from, quoted.to, quoted.indent));
        }
      } else {
        if (/maxDepth/.test(message)) {
          throw new SpecError(
            `${name} nests more than ${maxYamlDepth} levels deep (${message.split("\n")[0]})`,
            "flatten the document, or convert it to JSON",
          );
        }
        // js-yaml's first line ends with "(line:column)"
        throw new SpecError(
          `${name} is not valid YAML: ${message.split("\n")[0] ?? ""}`,
          "fix the YAML syntax",
        );
      }
      source = lines.join("\n");
    }
  }
}

/** Indents lines `from`…`to` (zero-based) that hold fewer than `indent` spaces; their 1-based numbers. */
function indentLines(lines: string[], from: number, to: number, indent: number): number[] {
  const changed: number[] = [];
  for (let index = from; index <= to; index += 1) {
    const line = lines[index] ?? "";
    const short = indent - (/^ */.exec(line)?.[0].length ?? 0);
    if (short <= 0 || line.trim() === "") continue;
    lines[index] = `${" ".repeat(short)}${line}`;
    changed.push(index + 1);
  }
  return changed;
}

// `key: "…` (or `- key: '…`): a mapping value that starts with a quote
const quotedValue = /^(\s*)(?:-\s+)?[^\s"'#][^"'#]*?:\s+(["'])/;
// `key: |` or `key: >-`: a block scalar, whose lines are text, never YAML
const blockScalar = /^(\s*)(?:-\s+)?[^\s"'#][^"'#]*?:\s+[|>][-+0-9]*\s*(#.*)?$/;

/**
 * One forward pass over the document: the continuation lines of every quoted mapping value that are
 * indented less than the value needs, indented one level past its key. Block scalars are skipped
 * whole, since their lines are text. Returns the 1-based numbers of the lines changed.
 */
function indentQuotedValues(lines: string[]): number[] {
  const changed: number[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    const block = blockScalar.exec(line);
    if (block) {
      const keyIndent = block[1]?.length ?? 0;
      index += 1;
      while (index < lines.length) {
        const next = lines[index] ?? "";
        if (next.trim() !== "" && (/^ */.exec(next)?.[0].length ?? 0) <= keyIndent) break;
        index += 1;
      }
      continue;
    }
    const open = quotedValue.exec(line);
    index += 1;
    if (!open) continue;
    const quote = open[2] ?? '"';
    if (closes(line.slice(open[0].length), quote)) continue;
    const from = index;
    while (index < lines.length && !closes(lines[index] ?? "", quote)) index += 1;
    changed.push(...indentLines(lines, from, Math.min(index, lines.length - 1), (open[1]?.length ?? 0) + 2));
    index += 1;
  }
  return changed;
}

/** True when `text` holds the closing `quote` of a quoted scalar (`\"` and `''` do not close). */
function closes(text: string, quote: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote === '"' && char === "\\") index += 1;
    else if (char === quote) {
      if (quote === "'" && text[index + 1] === "'") index += 1;
      else return true;
    }
  }
  return false;
}

/**
 * When the line at `at` (zero-based) sits inside a quoted value opened on an earlier line but is
 * indented less than the value needs (at column 0, typically), the lines to check (through the one
 * that closes the quote) and the indentation they need: one level past the line that opened it.
 */
function quotedContinuation(
  lines: readonly string[],
  at: number,
): { from: number; to: number; indent: number } | undefined {
  if ((lines[at] ?? "").trim() === "") return undefined;
  // the opener: the nearest line above that opens a quote it does not close
  for (let index = at - 1; index >= 0 && index >= at - 500; index -= 1) {
    const line = lines[index] ?? "";
    const open = /^(\s*)(?:-\s+)?(?:[^\s"'#][^"'#]*?:\s+)?(["'])/.exec(line);
    // a line between may be part of the value, at column 0 or not: the closing check below decides
    if (!open) continue;
    const quote = open[2] ?? '"';
    if (closes(line.slice(open[0].length), quote)) return undefined;
    // every line between must still be inside the value
    for (let between = index + 1; between < at; between += 1)
      if (closes(lines[between] ?? "", quote)) return undefined;
    const indent = (open[1]?.length ?? 0) + 2;
    // only a line indented less than the value needs is this leniency
    if ((/^ */.exec(lines[at] ?? "")?.[0].length ?? 0) >= indent) return undefined;
    let to = at;
    while (to < lines.length - 1 && !closes(lines[to] ?? "", quote)) to += 1;
    return { from: at, to, indent };
  }
  return undefined;
}
