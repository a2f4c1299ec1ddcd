// Reads a spec (file, http(s) URL or stdin), parses it (JSON.parse for JSON, js-yaml for YAML)
// and checks its version. OpenAPI 3.0/3.1 and Swagger 2.0 are read as they are: inference needs
// only a few sections, so no conversion or bundling happens here (STACK.md §2).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as JsYaml from "js-yaml";

// js-yaml loads on the first YAML spec: JSON specs, the large ones among them, never pay for it
let jsYaml: typeof JsYaml | undefined;
const yaml = (): typeof JsYaml => {
  jsYaml ??= createRequire(import.meta.url)("js-yaml") as typeof JsYaml;
  return jsYaml;
};

/** A spec that cannot be read or parsed: what, where (a JSON pointer when known) and the fix. */
export class SpecError extends Error {
  override name = "SpecError";

  constructor(
    message: string,
    readonly fix: string,
    readonly pointer?: string,
  ) {
    super(message);
  }
}

export type SpecVersion = "2.0" | "3.0" | "3.1";

export interface LoadedText {
  /** Where relative references resolve from: a file URL or an http(s) URL; undefined for stdin. */
  readonly location: URL | undefined;
  readonly text: string;
}

const isUrl = (spec: string) => /^https?:\/\//i.test(spec);

/** Reads the spec's text. `-` reads stdin. */
export async function readSpecText(spec: string, stdin: () => Promise<string>): Promise<LoadedText> {
  if (spec === "-") return { location: undefined, text: await stdin() };
  if (isUrl(spec)) return { location: new URL(spec), text: await fetchText(new URL(spec)) };
  const path = isAbsolute(spec) ? spec : resolve(spec);
  try {
    // the synchronous read decodes UTF-8 in one native step; the promise API decodes in chunks
    return { location: pathToFileURL(path), text: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new SpecError(`${spec} does not exist`, "check the path, or pass an http(s) URL");
    if (code === "EISDIR") throw new SpecError(`${spec} is a folder`, "pass the spec file inside it");
    throw new SpecError(`cannot read ${spec}: ${(error as Error).message}`, "check the file's permissions");
  }
}

export async function fetchText(url: URL): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
  } catch (error) {
    const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : "";
    throw new SpecError(
      `cannot fetch ${url.href}: ${(error as Error).message}${reason ? ` (${reason})` : ""}`,
      "check the URL and your network, or download the spec and pass the file",
    );
  }
  if (!response.ok) {
    throw new SpecError(
      `fetching ${url.href} returned HTTP ${response.status}`,
      "check the URL; a spec behind a login must be downloaded first",
    );
  }
  return response.text();
}

/** A parsed document, and whether its YAML needed the flow-bracket repair. */
export interface Parsed {
  readonly root: unknown;
  readonly repairedLines: readonly number[];
}

/** Parses JSON or YAML; errors carry the line and column. */
export function parseSpecText(text: string, name: string): Parsed {
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) {
    try {
      return { root: JSON.parse(start), repairedLines: [] };
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

// Some YAML writers put the closing bracket of a flow list at its key's indentation, which YAML
// 1.2 forbids and js-yaml rejects. Indenting that bracket line changes no value, so it is repaired
// (a bounded number of times) and reported, rather than failing the whole spec over an example.
function parseYaml(text: string, name: string): Parsed {
  const { load: loadYaml, YAMLException } = yaml();
  let source = text;
  const repairedLines: number[] = [];
  for (;;) {
    try {
      return { root: loadYaml(source), repairedLines };
    } catch (error) {
      const line = error instanceof YAMLException ? error.mark?.line : undefined;
      const lines = source.split("\n");
      const target = line === undefined ? undefined : lines[line];
      const repairable =
        line !== undefined &&
        target !== undefined &&
        /^\s*[\]}]/.test(target) &&
        /indentation/i.test((error as Error).message) &&
        repairedLines.length < 50;
      if (!repairable) {
        // js-yaml's first line ends with "(line:column)"
        const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
        throw new SpecError(`${name} is not valid YAML: ${reason}`, "fix the YAML syntax");
      }
      lines[line] = `  ${target}`;
      repairedLines.push(line + 1);
      source = lines.join("\n");
    }
  }
}

/** The document's version, or SpecError pointing at the version field. */
export function specVersion(root: unknown, name: string): SpecVersion {
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new SpecError(
      `${name} is not an OpenAPI document (not an object)`,
      "pass an OpenAPI 3.x or Swagger 2.0 spec",
      "#",
    );
  }
  const doc = root as Record<string, unknown>;
  if (doc.swagger !== undefined) {
    if (String(doc.swagger) === "2.0") return "2.0";
    throw new SpecError(
      `${name} says swagger: ${String(doc.swagger)}`,
      "only Swagger 2.0 is supported",
      "#/swagger",
    );
  }
  const openapi = doc.openapi;
  if (typeof openapi === "string" && /^3\.0(\.|$)/.test(openapi)) return "3.0";
  if (typeof openapi === "string" && /^3\.[1-9](\.|$)/.test(openapi)) return "3.1";
  if (openapi !== undefined) {
    throw new SpecError(
      `${name} says openapi: ${String(openapi)}`,
      "pass an OpenAPI 3.x document",
      "#/openapi",
    );
  }
  throw new SpecError(
    `${name} has neither "openapi" nor "swagger" at the top`,
    "pass an OpenAPI 3.x or Swagger 2.0 document",
    "#",
  );
}
