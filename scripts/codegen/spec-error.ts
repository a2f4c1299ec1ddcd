// The error every step of reading a spec throws: what, where (a JSON pointer when known) and the fix.

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
