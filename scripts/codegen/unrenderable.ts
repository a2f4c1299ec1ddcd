// The error for a payload the connector DSL cannot express. Callers such as `sync pull` catch it
// and keep the payload as JSON instead of writing a DSL file.

/** A payload the DSL cannot express; `path` is the JSON path of the part at fault. */
export class UnrenderableError extends Error {
  override name = "UnrenderableError";

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot express ${path || "the payload"} with the connector DSL: ${reason}`);
  }
}
