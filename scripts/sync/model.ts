// What every resource kind's plan is made from and made of: the definitions, the options, and
// the blockers and skipped entries a plan reports. It sits below plan.ts and the kinds' folders
// (connector/, connection/), which all import it and nothing above them.
import type { ConnectionSpec } from "../../dsl/connection.ts";
import type { Payload } from "../../dsl/payload.ts";
import type { VerifyRequest } from "../../dsl/verify.ts";

/** Whose connectors sync manages: one project's, or, with no project configured, any run's. */
export interface Owner {
  readonly project?: string;
}

/** A rename that keeps the identifier (connectorkit.config.ts `moved`: connector/renames.ts). */
export interface Move {
  readonly from: string;
  readonly to: string;
}

/** A connector as it should be: from a definition file, or (promote) from another environment. */
export interface Definition {
  readonly display_name: string;
  readonly payload: Payload;
  /** Where it comes from, for messages: a file, or an environment and identifier. */
  readonly source: string;
  /** The request `sync verify` sends (`.verify()` in the definition); never part of the payload. */
  readonly verify?: VerifyRequest;
  /** The connection `.connection()` declares (sync makes one with the defaults when it does not). */
  readonly connection?: ConnectionSpec;
}

export interface PlanOptions {
  /** Delete managed remote connectors that have no definition. */
  readonly prune: boolean;
  /** Take over same-named remote connectors that lack the marker. */
  readonly adopt: boolean;
  /** Delete and create again when an auth pattern's type or is_mcp changes. */
  readonly allowReplace: boolean;
  /** Let --prune delete every managed connector (otherwise that is blocked: prune-guard.ts). */
  readonly allowDeleteAll?: boolean;
  /** The project whose connectors sync manages (connectorkit.config.ts `project`). */
  readonly owner?: Owner;
  /** Renames that keep the identifier (connectorkit.config.ts `moved`: renames.ts). */
  readonly moved?: readonly Move[];
}

/** A remote connector plan leaves alone, and why. */
export interface Skipped {
  readonly name: string;
  readonly identifier: string;
  /** `other project`: another project's marker; `unscoped`: the project-less marker, not pruned. */
  readonly reason: "unmanaged" | "no definition" | "duplicate" | "other project" | "unscoped";
}

/** Something that stops apply: it needs a flag or a fix first. */
export interface Blocker {
  readonly name: string;
  readonly identifier?: string;
  readonly message: string;
  readonly fix: string;
}
