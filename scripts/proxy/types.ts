// The client proxyClient returns: openapi-fetch's, with a second signature on each method that no
// call satisfies, there only for its compiler message. openapi-fetch reports a misspelt path as
// "Expected 2 arguments, but got 1" (its options turn required when the path matches nothing),
// naming neither the path nor the method; with this, the compiler also prints a sentence that
// names them, or says the path is right and its options are not. Everything a call checks and
// returns is openapi-fetch's: the parameters, the body, and the typed answer.
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { DslTypeError } from "../../dsl/type-errors.ts";

type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type Media = `${string}/${string}`;

/** The paths that have `M`. */
type Known<Paths extends {}, M extends Method> = ClientPathsWithMethod<Client<Paths>, M>;

/** openapi-fetch's options for one operation. */
type InitOf<Paths extends {}, M extends Method, P> = P extends keyof Paths
  ? M extends keyof Paths[P]
    ? MaybeOptionalInit<Paths[P], M>
    : never
  : never;

// as openapi-fetch's InitParam: the options are required when the operation has required parameters or a body
// biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how a key is told optional
type RequiredKeys<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type InitArgument<Init> = [RequiredKeys<Init>] extends [never | undefined]
  ? [(Init & { [key: string]: unknown })?]
  : [Init & { [key: string]: unknown }];

/** Why a call matched no operation, as a type no value has. */
type Mismatch<Paths extends {}, M extends Method, P extends string> =
  P extends Known<Paths, M>
    ? DslTypeError<`${Uppercase<M>} ${P} is in the vendor's API: check the call's options (path parameters, query, body), which it may require`>
    : DslTypeError<`${Uppercase<M>} ${P} is not in the vendor's API: check the path (relative to proxy_url) and the method`>;

/** What the call answers: openapi-fetch's typed response for the operation. */
type Answer<Paths extends {}, M extends Method, P, Init> = P extends keyof Paths
  ? Paths[P] extends { [K in M]: infer Operation extends Record<string | number, unknown> }
    ? FetchResponse<Operation, Init, Media>
    : never
  : never;

interface ProxyMethod<Paths extends {}, M extends Method> {
  <P extends Known<Paths, M>, Init extends InitOf<Paths, M, P>>(
    url: P,
    ...init: InitArgument<Init>
  ): Promise<Answer<Paths, M, P, Init>>;
  /** Never called: a call that matches no operation fails here too, with a sentence saying why. */
  <P extends string>(url: P & Mismatch<Paths, M, P>, init?: unknown): never;
}

/** An openapi-fetch client of the vendor's API, through Scalekit's tool proxy. */
export interface ProxyClient<Paths extends {}> extends Omit<Client<Paths>, Uppercase<Method>> {
  /** Call a GET endpoint */
  GET: ProxyMethod<Paths, "get">;
  /** Call a PUT endpoint */
  PUT: ProxyMethod<Paths, "put">;
  /** Call a POST endpoint */
  POST: ProxyMethod<Paths, "post">;
  /** Call a DELETE endpoint */
  DELETE: ProxyMethod<Paths, "delete">;
  /** Call an OPTIONS endpoint */
  OPTIONS: ProxyMethod<Paths, "options">;
  /** Call a HEAD endpoint */
  HEAD: ProxyMethod<Paths, "head">;
  /** Call a PATCH endpoint */
  PATCH: ProxyMethod<Paths, "patch">;
  /** Call a TRACE endpoint */
  TRACE: ProxyMethod<Paths, "trace">;
}
