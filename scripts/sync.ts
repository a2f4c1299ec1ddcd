// Usage: tsx scripts/sync.ts <plan|apply|pull|promote|verify> [options]   (--help for each)
// Plans and applies connector definitions to a Scalekit environment; with none configured, to an
// embedded emulator whose state lives in .connectorkit/emulator.json.
import { runSync } from "./sync/cli.ts";
import { clackPrompter } from "./sync/confirm.ts";
import { Interrupts, interruptedExit } from "./sync/interrupt.ts";

// a closed pipe (`sync plan | head`) must not crash an apply halfway: keep going, unheard
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const interrupts = new Interrupts();
process.on("SIGINT", () => {
  const meaning = interrupts.interrupt();
  if (meaning === "handled") return;
  if (meaning === "exit") {
    process.stderr.write("\nAborted.\n");
    process.exit(interruptedExit);
  }
  process.stderr.write(
    "\nInterrupted: no new writes will start; waiting for those in flight (Ctrl-C again to abort them).\n",
  );
});

const code = await runSync(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  interactive: process.stdin.isTTY === true,
  prompt: clackPrompter,
  interrupts,
});
// the run is over: a connection a silent server never closed must not keep the process waiting
// (stdout and stderr writes are synchronous for files and pipes on POSIX, so nothing is lost)
process.exit(code);
