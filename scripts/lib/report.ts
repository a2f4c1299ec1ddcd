// What the generator reports for one source (an OpenAPI document or an MCP server), shared by
// scripts/generate.ts, the OpenAPI inference in scripts/codegen/ and MCP discovery in scripts/mcp/.
import type { Payload } from "../../dsl/payload.ts";

/** Something the generator could not know for sure. `pointer` locates the evidence: a JSON pointer into the spec, or a URL. */
export interface Warning {
  readonly code: string;
  readonly message: string;
  readonly pointer: string;
}

/** A value the generator inferred, and where from (a JSON pointer into the spec, or a URL). */
export interface Inferred {
  readonly what: string;
  readonly from: string;
}

/** The outcome of inference: the connector to write and what the user should know about it. */
export interface Inference {
  readonly connector: Payload;
  /** The request `sync verify` should send, `GET /path` relative to proxy_url, when one was found. */
  readonly verify?: string;
  readonly warnings: Warning[];
  readonly inferred: Inferred[];
}
