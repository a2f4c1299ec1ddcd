// Payload → TypeScript source whose default export is the DSL chain that builds exactly that
// payload. Decisions live in chain.ts; the handlebars template in templates/ only interpolates.
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { Payload } from "../../dsl/payload.ts";
import { type ChainCall, type ConnectorChain, toChain } from "./chain.ts";
import { commentLines, json, type LiteralValue, literal } from "./literal.ts";

export { UnrenderableError } from "./unrenderable.ts";

export interface RenderOptions {
  /** Module specifier of dsl/index.ts relative to the output file, e.g. "../../dsl/index.ts". */
  readonly importFrom: string;
  /** Comment lines at the top of the file (the generated-file banner). */
  readonly header: readonly string[];
  /** Comment lines above the export, e.g. what to check by hand. */
  readonly notes?: readonly string[];
}

/** A run of calls; long chains are split so no chain exceeds `segmentLength` calls (STACK.md §4.3). */
interface Segment {
  /** The const it is bound to; empty for the default export. */
  readonly binding: string;
  /** The const it continues; empty for the first segment, which starts with connector(name). */
  readonly from: string;
  readonly calls: readonly ChainCall[];
}

interface ConnectorView {
  readonly name: string;
  readonly segments: readonly Segment[];
  readonly importFrom: string;
  readonly header: readonly string[];
  readonly notes: readonly string[];
}

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
  hbs.registerHelper("literal", (value: LiteralValue) => literal(value));
  const source = readFileSync(new URL("../../templates/connector.ts.hbs", import.meta.url), "utf8");
  compiled = hbs.compile<ConnectorView>(source, { noEscape: true, strict: true });
  return compiled;
}

/**
 * Renders the DSL source that rebuilds `payload` exactly (deep-equal `.payload()`), using the
 * shortest calls: options equal to the DSL's defaults are left out.
 * Throws UnrenderableError, naming the JSON path, when the DSL cannot express the payload.
 */
export function renderConnectorSource(payload: Payload, options: RenderOptions): string {
  const chain = toChain(payload);
  return template()({
    name: chain.name,
    segments: segmentsOf(chain),
    importFrom: options.importFrom,
    header: options.header.flatMap(commentLines),
    notes: (options.notes ?? []).flatMap(commentLines),
  });
}
