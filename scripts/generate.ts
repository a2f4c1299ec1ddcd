// `npm run generate -- SPEC… [options]` (the same as `connectorkit generate`): connector definitions
// from OpenAPI 3.x / Swagger 2.0 specs and MCP servers; see scripts/cli/generate.ts.
import { generateCommand } from "./cli/generate.ts";

await generateCommand((code) => {
  process.exitCode = code;
}).parseAsync();
