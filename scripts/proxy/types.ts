// The client proxyClient returns: openapi-fetch's, each method's path checked so that a path the
// vendor's API lacks, or lacks for that method, fails the compiler with a sentence naming both.
// openapi-fetch's own signature reports a misspelt path as "Expected 2 arguments, but got 1" (its
// options turn required when the path matches nothing), naming neither. The parameters, the body
// and the typed answer are openapi-fetch's (MaybeOptionalInit, FetchResponse). One signature per
// method, as openapi-fetch has: a second one only for the message doubles the compiler's work on
// every call (bench:types).
import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { DslTypeError } from "../../dsl/type-errors.ts";

type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type Media = `${string}/${string}`;

/** The paths that have `M`. */
type Known<Paths extends {}, M extends Method> = ClientPathsWithMethod<Client<Paths>, M>;

/** The operation at `M P`, or never. */
type Operation<Paths extends {}, M extends Method, P> = P extends keyof Paths
  ? Paths[P] extends { [K in M]: infer Found extends Record<string | number, unknown> }
    ? Found
    : never
  : never;

/** The path as it is, or why it is not in the vendor's API: a type no value has. */
type Checked<Paths extends {}, M extends Method, P extends string> =
  P extends Known<Paths, M>
    ? P
    : DslTypeError<`${Uppercase<M>} ${P} is not in the vendor's API: check the path (relative to proxy_url) and the method`>;

// as openapi-fetch's InitParam: the options are required when the operation has required parameters or a body
// biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how a key is told optional
type RequiredKeys<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type InitArgument<Init> = [RequiredKeys<Init>] extends [never | undefined]
  ? [(Init & { [key: string]: unknown })?]
  : [Init & { [key: string]: unknown }];

type ProxyMethod<Paths extends {}, M extends Method> = <
  P extends string,
  Init extends MaybeOptionalInit<{ [K in M]: Operation<Paths, M, P> }, M>,
>(
  url: P & Checked<Paths, M, P>,
  ...init: InitArgument<Init>
) => Promise<FetchResponse<Operation<Paths, M, P>, Init, Media>>;

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
