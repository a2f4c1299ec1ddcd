// This process as the command lines see it: its streams, working directory, environment,
// terminal and stop signals, for scripts/sync.ts and scripts/connectorkit.ts.
import { clackPrompter } from "../sync/confirm.ts";
import { Interrupts, type StopSignal, stopSignals } from "../sync/interrupt.ts";
import type { SyncIO } from "../sync/io.ts";

/** The process's IO; a closed pipe (`… plan | head`) no longer crashes an apply halfway: it keeps going, unheard. */
export function processIO(): SyncIO & { readonly interrupts: Interrupts } {
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
    interrupts: new Interrupts(),
  };
}

/** Ctrl-C, SIGTERM and SIGHUP as the sync commands handle them (scripts/sync/interrupt.ts). */
export function handleInterrupts(interrupts: Interrupts): void {
  for (const signal of Object.keys(stopSignals) as StopSignal[]) {
    process.on(signal, () => {
      const meaning = interrupts.interrupt(signal);
      if (meaning === "handled") return;
      if (meaning === "exit") {
        process.stderr.write("\nAborted.\n");
        process.exit(stopSignals[signal]);
      }
      const again = signal === "SIGINT" ? "Ctrl-C again" : `${signal} again`;
      process.stderr.write(
        `\nInterrupted: no new writes will start; waiting for those in flight (${again} to abort them).\n`,
      );
    });
  }
}
