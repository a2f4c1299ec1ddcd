// The `connectorkit` command: init, build, generate, the sync commands (plan, apply, pull,
// promote, and any other syncProgram gains) adopted from scripts/sync/cli.ts as they are, emulator
// and completion. One implementation: the scripts in scripts/ run the same command objects.
import { Command, CommanderError } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { syncProgram } from "../sync/cli.ts";
import { exit, type SyncIO } from "../sync/io.ts";
import { buildCommand } from "./build.ts";
import { completionCommand } from "./completion.ts";
import { emulatorCommand, emulatorExit } from "./emulator.ts";
import { generateCommand } from "./generate.ts";
import { addHelp } from "./help.ts";
import { initCommand } from "./init.ts";

export interface ProgramOptions {
  /** Runs before a sync command (plan, apply …): the bin installs sync's Ctrl-C handling. */
  readonly beforeSync?: () => void;
}

/** The connectorkit program; `exitCode()` is the result of the command that ran. */
export function connectorkitProgram(
  io: SyncIO,
  options: ProgramOptions = {},
): { program: Command; exitCode: () => number } {
  let code: number = exit.ok;
  const done = (result: number) => {
    code = result;
  };
  const sync = syncProgram(io);
  const program = new Command("connectorkit")
    .description(
      "Define, generate and deploy Scalekit custom connectors as typed code.\n" +
        "Definitions are TypeScript files (connectors/ by default); settings are in connectorkit.config.ts.",
    )
    .version(pkg.version, "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError("(add --help for usage)");
  // the program's output and exit handling, as the sync commands have sync's
  const adopt = (command: Command) => program.addCommand(command.copyInheritedSettings(program));
  adopt(initCommand(io, done));
  adopt(buildCommand(done));
  adopt(generateCommand(done));
  for (const command of sync.program.commands) program.addCommand(command);
  const emulator = emulatorCommand(done);
  adopt(emulator);
  emulator.exitOverride(emulatorExit); // again, after adopting: its usage errors exit 2
  adopt(completionCommand(program, io, done));
  addHelp(program);
  const syncCommands = new Set(sync.program.commands);
  program.hook("preAction", async (_, command) => {
    if (syncCommands.has(command)) options.beforeSync?.();
  });
  return { program, exitCode: () => (code !== exit.ok ? code : sync.exitCode()) };
}

/** Runs `connectorkit ARGV…` and returns its exit code. */
export async function runConnectorkit(
  argv: readonly string[],
  io: SyncIO,
  options: ProgramOptions = {},
): Promise<number> {
  const { program, exitCode } = connectorkitProgram(io, options);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
    return exit.failed;
  }
  return exitCode();
}
