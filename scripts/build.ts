// Usage: tsx scripts/build.ts [PATH…] [--out DIR] [--json]   (the same as `connectorkit build`)
// Validates connector definitions and writes their payloads; see scripts/cli/build.ts.
import { buildCommand } from "./cli/build.ts";

await buildCommand((code) => {
  process.exitCode = code;
}).parseAsync();
