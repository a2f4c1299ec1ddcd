// The auth a connector will use, as data: what the transforms decide and assemble.ts builds.
import type { WarningCode } from "../../lib/warning-codes.ts";

export interface ScopePlan {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** A value sent in a header of its own (a second key, an account id …), asked for as a field. */
export interface HeaderFieldPlan {
  readonly header: string;
  readonly secret: boolean;
  readonly pointer: string;
  /** The field's hint; default "Sent as the <header> header". */
  readonly hint?: string;
  /** The values allowed, for a select field. */
  readonly options?: readonly string[];
}

export type AuthKind =
  | {
      readonly type: "OAUTH";
      readonly authorizeUri: string;
      readonly tokenUri: string;
      /** Where the document declares the token URL; absent when it is guessed or read from prose. */
      readonly tokenPointer?: string;
      readonly scopes: readonly ScopePlan[];
    }
  | { readonly type: "BEARER" }
  | { readonly type: "BASIC" }
  | {
      readonly type: "API_KEY";
      /** auth_header_key_override; undefined sends the key in Authorization. */
      readonly header?: string;
      /** A fixed text before the key, e.g. "SSWS ". */
      readonly prefix?: string;
    };

/** A warning (or, with level "infer", an inferred value) that applies only if this plan is chosen. */
export type PlanNote =
  | {
      readonly level?: "warn";
      readonly code: WarningCode;
      readonly message: string;
      readonly pointer: string;
    }
  | { readonly level: "infer"; readonly message: string; readonly pointer: string };

export interface AuthPlan {
  readonly kind: AuthKind;
  readonly headers: readonly HeaderFieldPlan[];
  /** The security scheme whose credential the connector holds; absent when the document declares none. */
  readonly scheme?: string;
  /** How the report names it, e.g. `OAUTH (oauth2, authorizationCode)`. */
  readonly label: string;
  readonly pointer: string;
  readonly notes: readonly PlanNote[];
  /** Nothing in the document speaks of auth at all: the kind is a bare guess. */
  readonly guess?: true;
  /** A static credential whose scheme says nothing of it (no description): where users get it is not said. */
  readonly unexplained?: true;
}

/** A way to authenticate the spec offers, with how well it suits a connector for end users. */
export interface AuthCandidate {
  readonly plan: AuthPlan;
  /** Higher is better: user-authorised OAuth, then long-lived tokens, then approximations. */
  readonly rank: number;
  /** Operations whose security requirements allow it. */
  readonly usage: number;
}
