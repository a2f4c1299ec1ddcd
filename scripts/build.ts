// Usage: tsx scripts/build.ts [PATH…] [--out DIR] [--json]
// Loads every connector exported by the .ts files under PATH (default connectors/), validates
// them all, and writes <slug>.json per connector to DIR (default build/), or with --json prints
// {"connectors":[{file, display_name, payload}], "errors":[{file, path, message}], "skipped":[…]}.
// Unfinished exports (shared bases) are skipped with a note. Exit 1 on any error.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Command } from "commander";
import { formatIssues } from "../dsl/validate.ts";
import { loadConnectors, skippedNote, slugOf } from "./lib/load-connectors.ts";

const program = new Command("build")
  .description("validate connector definitions and write their Scalekit payloads")
  .argument("[paths...]", "files or folders of connector definitions", ["connectors"])
  .option("--out <dir>", "where to write <slug>.json", "build")
  .option("--json", "print the result as JSON instead of writing files")
  .showHelpAfterError();

program.parse();
const paths = program.args.length > 0 ? program.args : ["connectors"];
const options = program.opts<{ out: string; json?: boolean }>();
const { connectors, errors, skipped } = await loadConnectors(paths);

if (options.json) {
  const result = {
    connectors: connectors.map(({ file, display_name, payload }) => ({ file, display_name, payload })),
    errors: errors.map(({ file, path, message, fix }) => ({ file, path, message, fix })),
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
    await mkdir(options.out, { recursive: true });
    for (const { display_name, payload } of connectors) {
      const target = join(options.out, `${slugOf(display_name)}.json`);
      await writeFile(target, `${JSON.stringify(payload, null, 2)}\n`);
      process.stdout.write(`✔ ${display_name} → ${target}\n`);
    }
  }
  const summary = `${connectors.length} connector${connectors.length === 1 ? "" : "s"}, ${errors.length} error${errors.length === 1 ? "" : "s"}`;
  process.stdout.write(`${summary}${errors.length > 0 ? ": nothing written" : ""}\n`);
}
process.exitCode = errors.length > 0 ? 1 : 0;
