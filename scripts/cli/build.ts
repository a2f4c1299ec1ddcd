// The build command: loads every connector exported by the .ts files under PATH (default: the
// config's `connectors`, else connectors/), checks them with the same rules as sync, and writes
// <slug>.json per connector to DIR (default build/), removing outputs it wrote for definitions that
// are gone; or with --json prints {"connectors":[{file, display_name, payload}], "errors":[{file,
// export?, path?, message, fix}], "skipped":[…]}; an error in a file of several connectors names
// its export. Unfinished exports (shared bases) and files that export no connector are skipped
// with a note.
// Run by scripts/build.ts and by `connectorkit build`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { addHelp } from "./help.ts";

/** `build [paths...]`; `done` receives the exit code: 1 when any definition has an error. */
export function buildCommand(done: (code: number) => void): Command {
  const command = new Command("build")
    .description("validate connector definitions and write their Scalekit payloads")
    .argument(
      "[paths...]",
      "files or folders of connector definitions (default: the config's, else connectors/)",
    )
    .option("--out <dir>", "where to write <slug>.json", "build")
    .option("--json", "print the result as JSON instead of writing files")
    .showHelpAfterError()
    .action(async (paths: string[], options: { out: string; json?: boolean }) => {
      // loaded here so that --help does not pay for the DSL, the loader and the config
      const { formatIssues } = await import("../../dsl/validate.ts");
      const { errorSource, loadConnectors, skippedNote, slugOf } = await import("../lib/load-connectors.ts");
      const { applyDefinitionRules } = await import("../lib/definition-rules.ts");
      const { recordOutputs } = await import("../lib/build-outputs.ts");
      const { connectorPaths, loadConfig, UsageError } = await import("../sync/config.ts");

      let loaded: Awaited<ReturnType<typeof loadConnectors>>;
      try {
        const chosen = paths.length > 0 ? paths : connectorPaths(undefined, await loadConfig(process.cwd()));
        loaded = applyDefinitionRules(await loadConnectors(chosen));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        loaded = {
          connectors: [],
          errors: [{ file: "connectorkit.config.ts", path: "", message: error.message, fix: error.fix }],
          skipped: [],
        };
      }
      const { connectors, errors, skipped } = loaded;

      if (options.json) {
        const result = {
          connectors: connectors.map(({ file, display_name, payload }) => ({ file, display_name, payload })),
          errors: errors.map(({ file, exportName, path, message, fix }) => ({
            file,
            ...(exportName !== undefined && { export: exportName }),
            ...(path !== "" && { path }),
            message,
            fix,
          })),
          skipped,
        };
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const note of skipped) process.stderr.write(`${skippedNote(note)}\n`);
        // grouped by file, and by export in a file of several
        for (const source of new Set(errors.map(errorSource))) {
          process.stderr.write(
            `${formatIssues(
              errors.filter((error) => errorSource(error) === source),
              source,
            )}\n`,
          );
        }
        const { LinkedOutError, refuseLinkedOut } = await import("../lib/out-dir.ts");
        try {
          refuseLinkedOut(options.out);
        } catch (error) {
          if (!(error instanceof LinkedOutError)) throw error;
          process.stderr.write(`✖ ${error.message}\n  → ${error.fix}\n`);
          done(1);
          return;
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
      done(errors.length > 0 ? 1 : 0);
    });
  return addHelp(command);
}
