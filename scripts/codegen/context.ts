// What inference collects while it reads a spec: warnings and inferred values, each with the
// JSON pointer of its evidence, plus the run's options resolved once.
import type { Inferred, Warning } from "../lib/report.ts";
import type { WarningCode } from "../lib/warning-codes.ts";

export interface InferOptions {
  /** --name: display_name instead of info.title. */
  readonly name?: string | undefined;
  /** --proxy-url: proxy_url instead of the servers. */
  readonly proxyUrl?: string | undefined;
}

export class Context {
  readonly warnings: Warning[] = [];
  readonly inferred: Inferred[] = [];

  constructor(readonly options: InferOptions = {}) {}

  /** Something the user must check: a guess, a gap in the spec, a mapping Scalekit cannot express exactly. */
  warn(code: WarningCode, message: string, pointer: string): void {
    if (this.warnings.some((w) => w.code === code && w.pointer === pointer && w.message === message)) return;
    this.warnings.push({ code, message, pointer });
  }

  /** A value read from the spec, and where from. */
  infer(what: string, from: string): void {
    this.inferred.push({ what, from });
  }
}
