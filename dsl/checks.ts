// Type-level rules. Each check yields `unknown` when the value is fine and a DslTypeError
// otherwise; callers intersect it with the argument's own type (`name: N & Check<N>`), which
// keeps inference on the naked parameter and puts the rule in check position.
import type { DslTypeError, Messages } from "./type-errors.ts";

type Alnum =
  | "a"
  | "b"
  | "c"
  | "d"
  | "e"
  | "f"
  | "g"
  | "h"
  | "i"
  | "j"
  | "k"
  | "l"
  | "m"
  | "n"
  | "o"
  | "p"
  | "q"
  | "r"
  | "s"
  | "t"
  | "u"
  | "v"
  | "w"
  | "x"
  | "y"
  | "z"
  | "A"
  | "B"
  | "C"
  | "D"
  | "E"
  | "F"
  | "G"
  | "H"
  | "I"
  | "J"
  | "K"
  | "L"
  | "M"
  | "N"
  | "O"
  | "P"
  | "Q"
  | "R"
  | "S"
  | "T"
  | "U"
  | "V"
  | "W"
  | "X"
  | "Y"
  | "Z"
  | "0"
  | "1"
  | "2"
  | "3"
  | "4"
  | "5"
  | "6"
  | "7"
  | "8"
  | "9";
type NameChar = Alnum | " ";

// Walks the name four characters at a time (tail-recursive, so long names stay cheap). `Seen`
// records whether a letter or digit appeared; `Len` counts four-character chunks: once 50 are
// consumed (200 characters), anything left makes the name too long.
type ScanName<S extends string, Seen extends boolean, Len extends 0[]> = S extends ""
  ? Seen extends true
    ? unknown
    : DslTypeError<Messages["displayName"]>
  : Len["length"] extends 50
    ? DslTypeError<Messages["displayName"]>
    : S extends `${infer A}${infer B}${infer C}${infer D}${infer Rest}`
      ? [A | B | C | D] extends [NameChar]
        ? ScanName<
            Rest,
            Seen extends true ? true : [Extract<A | B | C | D, Alnum>] extends [never] ? false : true,
            [...Len, 0]
          >
        : DslTypeError<Messages["displayName"]>
      : S extends `${infer A}${infer Rest}`
        ? A extends NameChar
          ? ScanName<Rest, Seen extends true ? true : A extends Alnum ? true : false, Len>
          : DslTypeError<Messages["displayName"]>
        : DslTypeError<Messages["displayName"]>;

/** display_name: 1-200 letters, digits and spaces, at least one letter or digit. */
export type DisplayNameCheck<N extends string> = string extends N ? unknown : ScanName<N, false, []>;

/** The `{{name}}` placeholders in a URL. */
export type Placeholders<U extends string> = U extends `${string}{{${infer P}}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

type ProxyCheck<U extends string, Provided extends string, Fix extends string> = string extends U
  ? unknown
  : U extends `https://${string}`
    ? [Exclude<Placeholders<U>, Provided>] extends [never]
      ? unknown
      : DslTypeError<`proxy_url uses {{${Exclude<Placeholders<U>, Provided>}}} but no field provides it: ${Fix}`>
    : DslTypeError<Messages["proxyHttps"]>;

/** Static auth: every placeholder must name one of the pattern's fields. */
export type StaticProxyCheck<U extends string, F extends string> = ProxyCheck<
  U,
  F,
  "declare it with .field(name, …)"
>;

/** OAuth: placeholders come from account fields or from fields marked as path params. */
export type OAuthProxyCheck<U extends string, P extends string> = ProxyCheck<
  U,
  P,
  "declare it with .accountField(name, …) or .field(name, { isPathParam: true })"
>;

/** A field name may appear once per auth pattern (fields and account_fields together). */
export type UniqueName<N extends string, F extends string> = [N] extends [F]
  ? DslTypeError<`field '${N}' is already declared in this auth pattern`>
  : unknown;

/** auth_field_mutations may only target a credential field the auth kind has. */
export type MutationTarget<T extends string, C extends string> = [T] extends [C]
  ? unknown
  : DslTypeError<`'${T}' is not a credential field of this auth kind: mutations apply to ${[C] extends [never] ? "no field" : C}`>;

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
