#!/usr/bin/env node
// `connectorkit <command>`: the installed command (package.json "bin" → dist/scripts/connectorkit.js),
// also runnable in a checkout as `npx tsx scripts/connectorkit.ts`. See scripts/cli/program.ts.
import { runConnectorkit } from "./cli/program.ts";
import { exitAfterOutput } from "./lib/exit.ts";
import { handleInterrupts, processIO } from "./lib/process-io.ts";

const io = processIO();
const code = await runConnectorkit(process.argv.slice(2), io, {
  // Ctrl-C as scripts/sync.ts handles it, for the sync commands only (the emulator stops itself)
  beforeSync: () => handleInterrupts(io.interrupts),
});
// the run is over (the emulator's once it has stopped): as scripts/sync.ts, a connection a silent
// server never closed must not keep the process waiting
await exitAfterOutput(code);
