// Usage: tsx scripts/gen-api-types.ts [--check]
// Writes generated/api/schema.ts; with --check, exits 1 when the committed file is stale.
import { readFile, writeFile } from "node:fs/promises";
import { renderApiTypes, typesPath } from "./api/render-types.ts";

const fresh = await renderApiTypes();
if (process.argv.includes("--check")) {
  const current = await readFile(typesPath, "utf8").catch(() => "");
  if (current !== fresh) {
    process.stderr.write("generated/api/schema.ts is stale: run `npm run gen:api`\n");
    process.exit(1);
  }
} else {
  await writeFile(typesPath, fresh);
  process.stdout.write("wrote generated/api/schema.ts\n");
}
