// Payload → TypeScript source whose default export is the DSL chain that builds exactly that
// payload. Decisions live in chain.ts, line layout in layout.ts; the handlebars template in
// templates/ only interpolates.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Payload } from "../../dsl/payload.ts";
import { type ChainCall, type ConnectorChain, toChain } from "./chain.ts";
import { isPlainText, layoutSegments, lineWidth, type Segment } from "./layout.ts";
import { commentLines, json, type LiteralValue } from "./literal.ts";

export { UnrenderableError } from "./unrenderable.ts";

const dslIndex = fileURLToPath(new URL("../../dsl/index.ts", import.meta.url));
// compiled, connectorkit is an installed package: the files it writes import it by name
const installed = import.meta.url.endsWith(".js");

/**
 * The module specifier of the DSL as seen from a file in `dir`, for `importFrom`: "connectorkit"
 * when installed, else the relative path of dsl/index.ts.
 */
export function dslImportFrom(dir: string): string {
  if (installed) return "connectorkit";
  const path = relative(dir, dslIndex).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

export interface RenderOptions {
  /** Module specifier of dsl/index.ts relative to the output file, e.g. "../../dsl/index.ts". */
  readonly importFrom: string;
  /** Comment lines at the top of the file (the generated-file banner). */
  readonly header: readonly string[];
  /** Comment lines above the export, e.g. what to check by hand. */
  readonly notes?: readonly string[];
  /** A request for `.verify()` after `.proxy()`, e.g. "GET /me"; not part of the payload. */
  readonly verify?: string | undefined;
  /** Headers the verify request carries (`.verify("GET /me", { headers })`). */
  readonly verifyHeaders?: Readonly<Record<string, string>> | undefined;
  /** `.connection()` options after `.proxy()` (and `.verify()`); not part of the payload. */
  readonly connection?: LiteralValue | undefined;
}

interface ConnectorView {
  readonly importFrom: string;
  readonly header: readonly string[];
  readonly notes: readonly string[];
  /** The lines of the statements that build the connector. */
  readonly statement: readonly string[];
}

/** Long chains are split so no chain exceeds this many calls (STACK.md §4.3). */
const segmentLength = 100;

function segmentsOf(chain: ConnectorChain): Segment[] {
  const count = Math.max(1, Math.ceil(chain.calls.length / segmentLength));
  return Array.from({ length: count }, (_, index) => ({
    binding: index === count - 1 ? "" : `part${index + 1}`,
    from: index === 0 ? "" : `part${index}`,
    calls: chain.calls.slice(index * segmentLength, (index + 1) * segmentLength),
  }));
}

let compiled: HandlebarsTemplateDelegate<ConnectorView> | undefined;

function template(): HandlebarsTemplateDelegate<ConnectorView> {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  hbs.registerHelper("json", (value: string) => json(value));
  const source = readFileSync(new URL("../../templates/connector.ts.hbs", import.meta.url), "utf8");
  compiled = hbs.compile<ConnectorView>(source, { noEscape: true, strict: true });
  return compiled;
}

export interface Rendered {
  readonly text: string;
  /** True when the text is already what Biome makes of it, so formatting can be skipped. */
  readonly formatted: boolean;
}

// Biome keeps comment lines as they are unless they hold control characters (tabs included)
const controlCharacter = /\p{Cc}/u;

/**
 * Renders the DSL source that rebuilds `payload` exactly (deep-equal `.payload()`), using the
 * shortest calls: options equal to the DSL's defaults are left out.
 * Throws UnrenderableError, naming the JSON path, when the DSL cannot express the payload.
 */
export function renderConnector(payload: Payload, options: RenderOptions): Rendered {
  const built = toChain(payload);
  // .verify() is not part of the payload, so the payload's chain cannot hold it: it follows .proxy()
  const headers = options.verifyHeaders ?? {};
  const verifyArgs =
    options.verify === undefined
      ? undefined
      : Object.keys(headers).length > 0
        ? [options.verify, { headers: { ...headers } }]
        : [options.verify];
  const after: ChainCall[] = [
    ...(verifyArgs === undefined ? [] : [{ method: "verify", args: verifyArgs }]),
    ...(options.connection === undefined ? [] : [{ method: "connection", args: [options.connection] }]),
  ];
  const chain = after.length === 0 ? built : { ...built, calls: [...built.calls, ...after] };
  const header = options.header.flatMap(commentLines);
  const notes = (options.notes ?? []).flatMap(commentLines);
  const laid = layoutSegments(chain.name, segmentsOf(chain));
  const importLine = `import { connector } from ${json(options.importFrom)};`;
  const formatted =
    laid.exact &&
    importLine.length <= lineWidth &&
    isPlainText(options.importFrom) &&
    ![...header, ...notes].some((line) => controlCharacter.test(line));
  const text = template()({ importFrom: options.importFrom, header, notes, statement: laid.lines });
  return { text, formatted };
}

/** The source text alone; see renderConnector. */
export const renderConnectorSource = (payload: Payload, options: RenderOptions): string =>
  renderConnector(payload, options).text;
