#!/usr/bin/env node
// `connectorkit <command>`: the installed command (package.json "bin" → dist/scripts/connectorkit.js),
// also runnable in a checkout as `npx tsx scripts/connectorkit.ts`. See scripts/cli/program.ts.
import { runConnectorkit } from "./cli/program.ts";
import { exitAfterOutput } from "./lib/exit.ts";
import { handleInterrupts, processIO } from "./lib/process-io.ts";

// Installed, this file is compiled JavaScript and nothing can load the user's TypeScript
// (definitions, connectorkit.config.ts) yet: register tsx's loaders, only for the commands that
// need them, so --help and completion start without. Both: in a package without "type": "module"
// the files are CommonJS. Under tsx (a checkout) they are registered already.
const compiled = import.meta.url.endsWith(".js");
const loadTypeScript = async () => {
  if (!compiled) return;
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
  cjs.register();
  esm.register();
};

const io = processIO();
const code = await runConnectorkit(process.argv.slice(2), io, {
  loadTypeScript,
  // Ctrl-C as scripts/sync.ts handles it, for the sync commands only (the emulator stops itself)
  beforeSync: () => handleInterrupts(io.interrupts),
});
// the run is over (the emulator's once it has stopped): as scripts/sync.ts, a connection a silent
// server never closed must not keep the process waiting
await exitAfterOutput(code);
