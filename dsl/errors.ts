/** A mistake the types would have caught, made from plain JavaScript or through a cast. */
export class DslError extends Error {
  override name = "DslError";
}
