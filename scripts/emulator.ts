// `npx tsx scripts/emulator.ts` (the same as `connectorkit emulator`): runs the local
// Scalekit-compatible emulator on 127.0.0.1 until SIGINT or SIGTERM; see scripts/cli/emulator.ts.
import { CommanderError } from "commander";
import { emulatorCommand } from "./cli/emulator.ts";

try {
  // exit once stopped: no connection left open may keep the process waiting
  await emulatorCommand((code) => process.exit(code)).parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  throw error;
}
