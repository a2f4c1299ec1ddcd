// What a sync command gets from the outside world. The CLI passes the process's streams,
// environment and terminal; tests and benches pass collectors and their own fetch.
import type { Env } from "./config.ts";
import type { Prompter } from "./confirm.ts";
import type { Interrupts } from "./interrupt.ts";
import type { Out } from "./output.ts";
import type { Secrets } from "./secrets.ts";
import type { ClientTuning } from "./target.ts";

export interface SyncIO {
  readonly stdout: Out;
  readonly stderr: Out;
  readonly cwd: string;
  /** Variables; runSync adds those of .env in cwd that are not set. */
  readonly env: Env;
  /** True when stdin is a terminal, so prompts can be answered. */
  readonly interactive: boolean;
  readonly prompt: Prompter;
  readonly tuning?: ClientTuning;
  /** Ctrl-C handling for apply's writes; without it an interrupt is not expected. */
  readonly interrupts?: Interrupts;
}

/** What a command gets from syncProgram: the caller's SyncIO, its streams scrubbed of `secrets`. */
export interface RunIO extends SyncIO {
  /** What must never be printed; a command adds what it learns (verify's credential values). */
  readonly secrets: Secrets;
}

/** Exit codes: 0 done, 1 failed or refused, 2 changes pending (plan --exit-code). */
export const exit = { ok: 0, failed: 1, pending: 2 } as const;

/** One error as every `--json` command prints it. */
export interface JsonError {
  readonly file?: string;
  readonly path?: string;
  readonly message: string;
  readonly fix: string;
}

/** `{"errors": [...]}` for stdout (through Secrets.json), empty file and path left out. */
export const errorsJson = (errors: readonly JsonError[]) => ({
  errors: errors.map(({ file, path, message, fix }) => ({
    ...(file && { file }),
    ...(path && { path }),
    message,
    fix,
  })),
});
