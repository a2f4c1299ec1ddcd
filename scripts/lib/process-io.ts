// This process as the command lines see it: its streams, working directory, environment and
// terminal, for scripts/sync.ts and scripts/connectorkit.ts.
import { clackPrompter } from "../sync/confirm.ts";
import type { SyncIO } from "../sync/io.ts";

/** The process's IO; a closed pipe (`… plan | head`) no longer crashes an apply halfway: it keeps going, unheard. */
export function processIO(): SyncIO {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    interactive: process.stdin.isTTY === true,
    prompt: clackPrompter,
  };
}
