// Usage: tsx scripts/sync.ts <plan|apply|pull|promote|verify> [options]   (--help for each)
// Plans and applies connector definitions to a Scalekit environment; with none configured, to an
// embedded emulator whose state lives in .connectorkit/emulator.json.
import { processIO } from "./lib/process-io.ts";
import { runSync } from "./sync/cli.ts";

process.exitCode = await runSync(process.argv.slice(2), processIO());
