// Type-level rules. Each check yields `unknown` when the value is fine and a DslTypeError
// otherwise; callers intersect it with the argument's own type (`name: N & Check<N>`), which
// keeps inference on the naked parameter and puts the rule in check position.
import type { DslTypeError, Messages } from "./type-errors.ts";

// The ASCII characters the server refuses in display_name. A literal is checked against this
// set in one non-recursive step: an exact per-character scan costs ~150 type instantiations per
// connector (measured by scripts/bench/types.ts), so the length limit and non-ASCII letters are
// left to validate(), which checks the exact rule.
type Refused =
  | "!"
  | '"'
  | "#"
  | "$"
  | "%"
  | "&"
  | "'"
  | "("
  | ")"
  | "*"
  | "+"
  | ","
  | "-"
  | "."
  | "/"
  | ":"
  | ";"
  | "<"
  | "="
  | ">"
  | "?"
  | "@"
  | "["
  | "\\"
  | "]"
  | "^"
  | "_"
  | "`"
  | "{"
  | "|"
  | "}"
  | "~"
  | "\t"
  | "\n"
  | "\r";

type Blank<S extends string> = S extends ` ${infer Rest}` ? Blank<Rest> : S extends "" ? true : false;

/**
 * display_name: letters, digits and spaces, not blank. Catches punctuation and control
 * characters at compile time; validate() adds the 200-character limit and non-ASCII letters.
 */
export type DisplayNameCheck<N extends string> = string extends N
  ? unknown
  : Blank<N> extends true
    ? DslTypeError<Messages["displayName"]>
    : N extends `${string}${Refused}${string}`
      ? DslTypeError<Messages["displayName"]>
      : unknown;

/** The `{{name}}` placeholders in a URL. */
export type Placeholders<U extends string> = U extends `${string}{{${infer P}}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

// Most URLs have no braces: they skip the parsing and set difference. A malformed placeholder is
// caught where it costs one step: braces without any `{{name}}` (`{domain}`, `{{domain}`);
// validate() finds the rest, as it does the display_name rules the compiler leaves out.
type ProxyCheck<U extends string, Provided extends string, Fix extends string> = string extends U
  ? unknown
  : U extends `https://${infer Rest}`
    ? Rest extends `${string}{${string}`
      ? Rest extends `${string}{{${string}}}${string}`
        ? [Exclude<Placeholders<Rest>, Provided>] extends [never]
          ? unknown
          : DslTypeError<`proxy_url uses {{${Exclude<Placeholders<Rest>, Provided>}}} but no field provides it: ${Fix}`>
        : DslTypeError<Messages["placeholderBraces"]>
      : unknown
    : DslTypeError<Messages["proxyHttps"]>;

/** Static auth: every placeholder must name one of the pattern's fields. */
export type StaticProxyCheck<U extends string, F extends string> = ProxyCheck<
  U,
  F,
  "declare it with .field(name, …)"
>;

/**
 * OAuth: placeholders, in proxy_url and in the OAuth URLs (Q), come from account fields or from
 * fields marked as path params; the OAuth URLs' are checked here, once every field is declared.
 */
export type OAuthProxyCheck<U extends string, P extends string, Q extends string = never> = [
  Exclude<Q, P>,
] extends [never]
  ? ProxyCheck<U, P, "declare it with .accountField(name, …) or .field(name, { isPathParam: true })">
  : DslTypeError<`an OAuth URL uses {{${Exclude<Q, P>}}} but no field provides it: declare it with .accountField(name, …) or .field(name, { isPathParam: true })`>;

/** A field name may appear once per auth pattern (fields and account_fields together). */
export type UniqueName<N extends string, F extends string> = [N] extends [F]
  ? DslTypeError<`field '${N}' is already declared in this auth pattern`>
  : unknown;

/**
 * auth_field_mutations may target a credential field the auth kind has (C), or one it left out (A,
 * BASIC's password) with a default; once per field (X: the fields already mutated).
 */
export type MutationTarget<T extends string, C extends string, A extends string, X extends string> = [
  T,
] extends [X]
  ? DslTypeError<`'${T}' is already mutated: give its prefix, suffix and default in one .mutate()`>
  : [T] extends [C | A]
    ? unknown
    : DslTypeError<`'${T}' is not a credential field of this auth kind: mutations apply to ${[C] extends [never] ? "no field" : C}`>;

/** A mutation of a credential the pattern left out can only supply its value: it needs a default. */
export type AbsentMutationCheck<T extends string, C extends string, M> = [T] extends [C]
  ? unknown
  : M extends { readonly default: string }
    ? unknown
    : DslTypeError<`'${T}' is not among the fields, so its mutation needs a default: the value sent in its place`>;

/**
 * An OAuth endpoint given as a literal must be an https:// URL whose braces are `{{name}}`
 * placeholders, caught in one step as proxy_url's are (validate() checks the others).
 */
export type OAuthUrlCheck<U extends string, Key extends string> = string extends U
  ? unknown
  : U extends `https://${string}` | ""
    ? U extends `${string}{${string}`
      ? U extends `${string}{{${string}}}${string}`
        ? unknown
        : DslTypeError<`${Key} has a malformed placeholder: write each one as {{name}}, two braces on each side`>
      : unknown
    : DslTypeError<`${Key} must be an https:// URL`>;

/**
 * The placeholders the OAuth URLs use, for `.proxy()` to check (a URL known only at run time has
 * none here). Most OAuth URLs have none: one check of the three together skips the parsing.
 */
export type OAuthUrlPlaceholders<
  A extends string,
  T extends string,
  I extends string,
> = `${A} ${T} ${[I] extends [never] ? "" : I}` extends `${string}{{${string}`
  ? Placeholders<A> | Placeholders<T> | Placeholders<I>
  : never;

/** A select field needs options; other input types take none. */
export type FieldOptionsCheck<O> = O extends { readonly inputType: "select" }
  ? O extends { readonly options: readonly [unknown, ...unknown[]] }
    ? unknown
    : DslTypeError<Messages["selectOptions"]>
  : O extends { readonly options: unknown }
    ? DslTypeError<Messages["optionsOnSelect"]>
    : unknown;

/** The name a field adds to the placeholder providers of an OAuth pattern. */
export type PathParamName<N extends string, O> = O extends { readonly isPathParam: true } ? N : never;
