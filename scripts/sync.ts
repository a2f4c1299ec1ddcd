// Usage: tsx scripts/sync.ts <plan|apply|pull|promote|verify> [options]   (--help for each)
// Plans and applies connector definitions to a Scalekit environment; with none configured, to an
// embedded emulator whose state lives in .connectorkit/emulator.json.
import { runSync } from "./sync/cli.ts";
import { clackPrompter } from "./sync/confirm.ts";

// a closed pipe (`sync plan | head`) must not crash an apply halfway: keep going, unheard
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

process.exitCode = await runSync(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  interactive: process.stdin.isTTY === true,
  prompt: clackPrompter,
});
