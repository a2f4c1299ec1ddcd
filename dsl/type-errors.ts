declare const dslTypeError: unique symbol;

/**
 * A type that no value satisfies, carrying a message for the reader of the compiler error.
 * Where a call is invalid, its parameter becomes `DslTypeError<"why, and the fix">`, so tsc
 * prints the sentence instead of a structural mismatch.
 */
export interface DslTypeError<Message extends string> {
  readonly [dslTypeError]: Message;
}
