// Usage: tsx scripts/build.ts [PATH…] [--out DIR] [--json]
// Loads every connector exported by the .ts files under PATH (default: the config's `connectors`,
// else connectors/), checks them with the same rules as sync, and writes <slug>.json per
// connector to DIR (default build/), removing outputs it wrote for definitions that are gone; or
// with --json prints {"connectors":[{file, display_name, payload}], "errors":[{file, path?, message, fix}], "skipped":[…]}.
// Unfinished exports (shared bases) are skipped with a note. Exit 1 on any error.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { formatIssues } from "../dsl/validate.ts";
import { recordOutputs } from "./lib/build-outputs.ts";
import { applyDefinitionRules } from "./lib/definition-rules.ts";
import { loadConnectors, skippedNote, slugOf } from "./lib/load-connectors.ts";
import { connectorPaths, loadConfig, UsageError } from "./sync/config.ts";

const program = new Command("build")
  .description("validate connector definitions and write their Scalekit payloads")
  .argument(
    "[paths...]",
    "files or folders of connector definitions (default: the config's, else connectors/)",
  )
  .option("--out <dir>", "where to write <slug>.json", "build")
  .option("--json", "print the result as JSON instead of writing files")
  .showHelpAfterError();

program.parse();
const options = program.opts<{ out: string; json?: boolean }>();

async function paths(): Promise<string[]> {
  if (program.args.length > 0) return program.args;
  return connectorPaths(undefined, await loadConfig(process.cwd()));
}

let loaded: Awaited<ReturnType<typeof loadConnectors>>;
try {
  loaded = applyDefinitionRules(await loadConnectors(await paths()));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  loaded = {
    connectors: [],
    skipped: [],
    errors: [{ file: "connectorkit.config.ts", path: "", message: error.message, fix: error.fix }],
  };
}
const { connectors, errors, skipped } = loaded;

if (options.json) {
  const result = {
    connectors: connectors.map(({ file, display_name, payload }) => ({ file, display_name, payload })),
    errors: errors.map(({ file, path, message, fix }) => ({
      file,
      ...(path !== "" && { path }),
      message,
      fix,
    })),
    skipped,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  for (const note of skipped) process.stderr.write(`${skippedNote(note)}\n`);
  for (const file of new Set(errors.map((error) => error.file))) {
    process.stderr.write(
      `${formatIssues(
        errors.filter((error) => error.file === file),
        file,
      )}\n`,
    );
  }
  if (errors.length === 0) {
    mkdirSync(options.out, { recursive: true });
    const written = new Map<string, string>();
    // payloads are small: a synchronous write costs less than a thread-pool round trip each
    for (const { display_name, payload } of connectors) {
      const name = `${slugOf(display_name)}.json`;
      const text = `${JSON.stringify(payload, null, 2)}\n`;
      writeFileSync(join(options.out, name), text);
      written.set(name, text);
      process.stdout.write(`✔ ${display_name} → ${join(options.out, name)}\n`);
    }
    const { removed, kept } = await recordOutputs(process.cwd(), options.out, written);
    for (const path of removed) process.stdout.write(`✔ removed ${path}: its definition is gone\n`);
    for (const path of kept) {
      process.stderr.write(
        `⚠ kept ${path}: its definition is gone, but the file was edited after build wrote it\n`,
      );
    }
  }
  const summary = `${connectors.length} connector${connectors.length === 1 ? "" : "s"}, ${errors.length} error${errors.length === 1 ? "" : "s"}`;
  process.stdout.write(`${summary}${errors.length > 0 ? ": nothing written" : ""}\n`);
}
process.exitCode = errors.length > 0 ? 1 : 0;
