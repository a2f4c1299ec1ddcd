// The warnings and inferences one discovery run collects, in the order it found them.
import type { Inferred, Warning } from "../lib/report.ts";
import type { WarningCode } from "../lib/warning-codes.ts";

export class Notes {
  readonly warnings: Warning[] = [];
  readonly inferred: Inferred[] = [];

  /** Something the user must check; `pointer` is the URL where the evidence was found. */
  warn(code: WarningCode, message: string, pointer: string): void {
    this.warnings.push({ code, message, pointer });
  }

  /** A value read from the server; `from` is the URL that said so. */
  infer(what: string, from: string): void {
    this.inferred.push({ what, from });
  }
}
