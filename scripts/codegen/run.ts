// The generate command's pipeline: infer every source (OpenAPI spec or MCP server), validate and
// render each connector, with --typecheck type-check them all in one ts-morph pass, have Biome
// format those the renderer could not lay out as Biome does, and write (write-file.ts) — never over
// a file edited since it was generated. One bad source is an error for that source only.
import { join, relative, resolve } from "node:path";
import pLimit from "p-limit";
import type { Payload } from "../../dsl/payload.ts";
import { formatIssues, validate } from "../../dsl/validate.ts";
import { slugOf } from "../lib/load-connectors.ts";
import type { Inference, Inferred, Warning } from "../lib/report.ts";
import { McpDiscoveryError } from "../mcp/errors.ts";
import type { HttpContext } from "../mcp/http.ts";
import { type TypesOutcome, typesFor, type WrittenTypes, writeTypes } from "./api-types/step.ts";
import { checkNotes } from "./check-parts.ts";
import { formatSources } from "./format.ts";
import { bannerLines, stampHash } from "./header.ts";
import { verifyHeadersOf } from "./infer.ts";
import { SpecError } from "./load-spec.ts";
import type { SpecDoc } from "./refs.ts";
import { dslImportFrom, renderConnector, UnrenderableError } from "./render.ts";
import { inferFromSpec, loadSpec } from "./spec-source.ts";
import { writeGenerated } from "./write-file.ts";

export type Source =
  | { readonly kind: "spec"; readonly spec: string }
  | { readonly kind: "mcp"; readonly url: string };

export type McpDiscovery = (
  url: string,
  options: { name?: string; proxyUrl?: string; timeoutMs?: number },
) => Promise<Inference>;

export interface RunOptions {
  /** Output folder. */
  readonly out: string;
  readonly name?: string | undefined;
  readonly proxyUrl?: string | undefined;
  readonly force?: boolean;
  readonly concurrency?: number;
  /** Folders to search for files that $refs name when they are not beside the spec. */
  readonly refDirs?: readonly string[];
  readonly stdin?: () => Promise<string>;
  readonly discoverMcp?: McpDiscovery;
  /** --check-oauth: how to fetch the OAuth metadata OAuth connectors are compared with. */
  readonly checkOAuth?: HttpContext;
  /**
   * --typecheck: also compile every file with the TypeScript compiler before writing it. Off by
   * default: loading the compiler costs more than the rest of a run, and rendered code is
   * type-checked by the tests (every corpus file, random payloads) and by `npm test` (generated/).
   */
  readonly typecheck?: boolean;
  /**
   * --types: also write the vendor's API as openapi-typescript types, `<file>.api.d.ts` beside each
   * connector from an OpenAPI 3 document (api-types/), for connectorkit/proxy's proxyClient.
   */
  readonly types?: boolean;
  /** Called as each source has been read and inferred. */
  readonly onProgress?: (done: number, total: number, source: string) => void;
}

export interface Generated {
  readonly spec: string;
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly connector: Payload;
  /** The `.verify()` request written into the file, when one was proposed. */
  readonly verify?: string;
  /** The headers that request carries, when it needs any. */
  readonly verifyHeaders?: Readonly<Record<string, string>>;
  readonly warnings: Warning[];
  readonly inferred: Inferred[];
  /** "unchanged" when the file already held exactly this output. */
  readonly status: "written" | "unchanged";
  /** With --types: the types file written beside the connector. */
  readonly types?: WrittenTypes;
}

export interface Failure {
  readonly spec: string;
  /** The message with its location and fix, as the summary prints it. */
  readonly message: string;
  /** The same in parts, for --json: `{message, path?, fix}` like every other command's errors. */
  readonly parts: ErrorParts;
}

export interface ErrorParts {
  readonly message: string;
  readonly path?: string;
  readonly fix: string;
}

/** A failure's message, JSON pointer and fix, kept apart. */
export function errorParts(error: unknown): ErrorParts {
  if (error instanceof SpecError) {
    return { message: error.message, ...(error.pointer && { path: error.pointer }), fix: error.fix };
  }
  // its message is "what → fix"; the parts keep them apart, each said once
  if (error instanceof McpDiscoveryError) return { message: error.what, fix: error.fix };
  if (error instanceof UnrenderableError) {
    return {
      message: error.message,
      path: error.path,
      fix: "pass --proxy-url or --name, or write the connector by hand",
    };
  }
  const fix = (error as { fix?: unknown }).fix;
  return {
    message: error instanceof Error ? error.message : String(error),
    fix: typeof fix === "string" ? fix : "see the message, then run generate again",
  };
}

export interface RunReport {
  readonly results: Generated[];
  readonly errors: Failure[];
}

const defaultDiscovery: McpDiscovery = async (url, options) =>
  (await import("../mcp/discover.ts")).discoverMcpConnector(url, options);

const labelOf = (source: Source): string => (source.kind === "mcp" ? source.url : source.spec);

/** How a failure reads: the message, where in the spec, and the fix. */
export function describeError(error: unknown): string {
  if (error instanceof SpecError) {
    return `${error.message}${error.pointer ? ` (at ${error.pointer})` : ""}; fix: ${error.fix}`;
  }
  if (error instanceof UnrenderableError) return error.message;
  // its message already ends with "→ the fix"
  if (error instanceof McpDiscoveryError) return error.message;
  const fix =
    typeof (error as { fix?: unknown }).fix === "string" ? `; fix: ${(error as { fix: string }).fix}` : "";
  return `${error instanceof Error ? error.message : String(error)}${fix}`;
}

/** The inference, and for an OpenAPI source the document it read. */
async function inferSource(
  source: Source,
  options: RunOptions,
): Promise<{ inference: Inference; doc?: SpecDoc }> {
  const name = options.name;
  const proxyUrl = options.proxyUrl;
  if (source.kind === "mcp") {
    const inference = await (options.discoverMcp ?? defaultDiscovery)(source.url, {
      ...(name !== undefined && { name }),
      ...(proxyUrl !== undefined && { proxyUrl }),
    });
    return { inference };
  }
  const stdin = options.stdin ?? (() => Promise.reject(new SpecError("no stdin reader", "pass a file")));
  const doc = await loadSpec(source.spec, { stdin, refDirs: options.refDirs ?? [] });
  const inference = await inferFromSpec(doc, { name, proxyUrl });
  if (!options.checkOAuth) return { inference, doc };
  const { checkOAuthMetadata } = await import("./oauth-metadata.ts");
  return { inference: await checkOAuthMetadata(inference, options.checkOAuth), doc };
}

const specLabel = (source: Source): string => {
  if (source.kind === "mcp") return `the MCP server ${source.url}`;
  if (source.spec === "-") return "stdin";
  if (/^https?:\/\//i.test(source.spec)) return source.spec;
  return relative(process.cwd(), resolve(source.spec)).split("\\").join("/");
};

interface Prepared {
  readonly index: number;
  readonly source: Source;
  readonly inference: Inference;
  readonly path: string;
  readonly text: string;
  /** The text is already as Biome formats it. */
  readonly formatted: boolean;
  /** With --types: the types file to write beside it, or why there is none. */
  readonly types?: TypesOutcome;
}

export async function runGenerate(sources: readonly Source[], options: RunOptions): Promise<RunReport> {
  const outDir = resolve(options.out);
  const importFrom = dslImportFrom(outDir);
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const errors: (Failure & { index: number })[] = [];
  const fail = (index: number, source: Source, message: string, parts: ErrorParts) =>
    errors.push({ index, spec: labelOf(source), message, parts });
  let done = 0;

  // read, infer, validate and render each source
  const prepare = async (source: Source, index: number): Promise<Prepared | undefined> => {
    try {
      const { inference, doc } = await inferSource(source, options);
      const issues = validate(inference.connector);
      if (issues.length > 0) throw new Error(`the connector is not valid:\n${formatIssues(issues)}`);
      const { text, formatted } = renderConnector(inference.connector, {
        importFrom,
        header: bannerLines(specLabel(source)),
        notes: checkNotes(inference.warnings),
        verify: inference.verify,
        verifyHeaders: verifyHeadersOf(inference),
      });
      const path = join(outDir, `${slugOf(inference.connector.display_name)}.ts`);
      const types =
        options.types === true
          ? await typesFor(doc, path, {
              source: specLabel(source),
              proxyUrl: options.proxyUrl,
              connector: inference.connector,
            })
          : undefined;
      return { index, source, inference, path, text, formatted, ...(types && { types }) };
    } catch (error) {
      fail(index, source, describeError(error), errorParts(error));
      return undefined;
    } finally {
      done += 1;
      options.onProgress?.(done, sources.length, labelOf(source));
    }
  };
  const prepared = await Promise.all(sources.map((source, index) => limit(() => prepare(source, index))));

  const pending: Prepared[] = [];
  const claimed = new Map<string, string>();
  for (const item of prepared) {
    if (!item) continue;
    const owner = claimed.get(item.path);
    if (owner === undefined) {
      claimed.set(item.path, labelOf(item.source));
      pending.push(item);
    } else {
      fail(
        item.index,
        item.source,
        `${relative(process.cwd(), item.path)} is already written for ${owner}; give this one another name with --name`,
        {
          message: `${relative(process.cwd(), item.path)} is already written for ${owner}`,
          fix: "give this one another name with --name",
        },
      );
    }
  }

  // the renderer lays most files out as Biome would; Biome formats the rest in its own process
  // (while ts-morph checks the types here, with --typecheck)
  const unformatted = pending.filter((item) => !item.formatted);
  const formatting = formatSources(unformatted.map((item) => item.text));
  const typeErrors =
    options.typecheck === true && pending.length > 0
      ? await (await import("./typecheck.ts")).typeChecker().check(pending)
      : new Map<string, string[]>();
  const formattedByBiome = new Map(
    (await formatting).map((output, position) => [unformatted[position] as Prepared, output]),
  );
  const results: (Generated & { index: number })[] = [];
  for (const item of pending) {
    const problems = typeErrors.get(item.path);
    if (problems) {
      const message = `the generated code does not type-check:\n${problems.join("\n")}`;
      fail(item.index, item.source, message, {
        message,
        fix: "report this with the source document; pass --name or --proxy-url meanwhile",
      });
      continue;
    }
    try {
      const output = formattedByBiome.get(item) ?? { status: "fulfilled", value: item.text };
      if (output.status !== "fulfilled") throw output.reason ?? new Error("formatting failed");
      const status = writeGenerated(
        item.path,
        stampHash(output.value),
        options.force ?? false,
        specLabel(item.source),
      );
      const headers = verifyHeadersOf(item.inference);
      // the connector stands without its types: a types failure is reported beside it
      const types = item.types && writeTypes(item.types, options.force ?? false, specLabel(item.source));
      if (types && "error" in types)
        fail(item.index, item.source, describeError(types.error), errorParts(types.error));
      results.push({
        index: item.index,
        spec: labelOf(item.source),
        file: relative(process.cwd(), item.path),
        connector: item.inference.connector,
        ...(item.inference.verify !== undefined && { verify: item.inference.verify }),
        ...(headers !== undefined && { verifyHeaders: headers }),
        warnings: item.inference.warnings,
        inferred: item.inference.inferred,
        status,
        ...(types && !("error" in types) && { types }),
      });
    } catch (error) {
      fail(item.index, item.source, describeError(error), errorParts(error));
    }
  }
  const byIndex = <T extends { index: number }>(list: T[]) =>
    list.sort((a, b) => a.index - b.index).map(({ index: _, ...rest }) => rest);
  return { results: byIndex(results), errors: byIndex(errors) };
}
