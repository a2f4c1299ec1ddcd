// The --types step of generate (run.ts): render each OpenAPI source's types while its connector is
// prepared, write them beside the connector (`acme.ts` → `acme.api.d.ts`) under the same rules as
// the connector file (write-file.ts: never over an edited file, never through a link). A
// declaration file, not `.api.ts`: it holds only types, so build and sync, which read every `.ts`
// file of a connectors folder as a definition and skip `.d.ts` files, never load or bundle it,
// and a project with skipLibCheck does not check the vendor's types, only what its code uses.
import { relative } from "node:path";
import type { Payload } from "../../../dsl/payload.ts";
import { stampHash } from "../header.ts";
import type { SpecDoc } from "../refs.ts";
import { SpecError } from "../spec-error.ts";
import { writeGenerated } from "../write-file.ts";
import { type ApiTypes, renderApiTypes } from "./render.ts";

export type TypesOutcome = { readonly path: string; readonly types: ApiTypes } | { readonly error: unknown };

export interface WrittenTypes {
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly status: "written" | "unchanged";
  readonly paths: number;
  readonly dropped: readonly string[];
  readonly unresolved: readonly string[];
}

/** The types file's path for a connector file. */
const typesPathOf = (connectorPath: string): string => connectorPath.replace(/\.ts$/, ".api.d.ts");

/** The types for the connector at `connectorPath`, or why there are none (an MCP server, Swagger 2.0 …). */
export async function typesFor(
  doc: SpecDoc | undefined,
  connectorPath: string,
  options: { readonly source: string; readonly proxyUrl?: string | undefined; readonly connector: Payload },
): Promise<TypesOutcome> {
  if (!doc) {
    return {
      error: new SpecError(
        "--types makes types from an OpenAPI document; an MCP server's tools are called through Scalekit's tools API, not the proxy, so the connector was written without them",
        "leave --types out for MCP servers",
      ),
    };
  }
  try {
    return { path: typesPathOf(connectorPath), types: await renderApiTypes(doc, options) };
  } catch (error) {
    return { error };
  }
}

/** Writes the types (the outcome's error when there are none, or the write fails). */
export function writeTypes(
  outcome: TypesOutcome,
  force: boolean,
  source: string,
): WrittenTypes | { readonly error: unknown } {
  if ("error" in outcome) return outcome;
  const { path, types } = outcome;
  try {
    const status = writeGenerated(path, stampHash(types.text), force, source);
    return {
      file: relative(process.cwd(), path),
      status,
      paths: types.paths,
      dropped: types.dropped,
      unresolved: types.unresolved,
    };
  } catch (error) {
    return { error };
  }
}
