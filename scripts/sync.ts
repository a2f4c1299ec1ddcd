// Usage: tsx scripts/sync.ts <plan|apply|pull|promote|verify> [options]   (--help for each)
// Plans and applies connector definitions to a Scalekit environment; with none configured, to an
// embedded emulator whose state lives in .connectorkit/emulator.json.
import { exitAfterOutput } from "./lib/exit.ts";
import { handleInterrupts, processIO } from "./lib/process-io.ts";
import { runSync } from "./sync/cli.ts";

const io = processIO();
handleInterrupts(io.interrupts);
const code = await runSync(process.argv.slice(2), io);
// the run is over: a connection a silent server never closed must not keep the process waiting
await exitAfterOutput(code);
