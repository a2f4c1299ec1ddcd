// The sync command line: plan, apply, pull, promote, verify. `runSync(argv, io)` returns the exit code
// instead of exiting, so tests and benches run it in-process with their own streams; the
// connectorkit command (scripts/cli/program.ts) adopts syncProgram's subcommands as they are.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { addHelp } from "../cli/help.ts";
import { isScalekitApiError } from "../client/index.ts";
import { loadDotEnv, UsageError } from "./config.ts";
import { fixFor } from "./connector/converge.ts";
import { errorsJson, exit, type RunIO, type SyncIO } from "./io.ts";
import { printable } from "./printable.ts";
import { Secrets, scrubbing } from "./secrets.ts";
import { withTimeouts } from "./timeouts.ts";

const maxConcurrency = 64;

function concurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > maxConcurrency) {
    throw new InvalidArgumentError(`use a whole number from 1 to ${maxConcurrency}`);
  }
  return n;
}

/** --wait: whole seconds, at most an hour (a temporary account older than that is stale). */
function waitSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600)
    throw new InvalidArgumentError("use a whole number of seconds from 1 to 3600");
  return n;
}

/** Repeated values of a flag, in order. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface CommonOptions {
  connectors?: string[];
  env?: string;
  prune?: boolean;
  adopt?: boolean;
  allowReplace?: boolean;
  allowDeleteAll?: boolean;
}

const planOptions = (options: CommonOptions) => ({
  ...(options.connectors !== undefined && { connectors: options.connectors }),
  ...(options.env !== undefined && { env: options.env }),
  prune: options.prune === true,
  adopt: options.adopt === true,
  allowReplace: options.allowReplace === true,
  allowDeleteAll: options.allowDeleteAll === true,
});

/** Where the run's API client credentials come from, for a 401's fix. */
const credentialsOf = (envName: string | undefined): string =>
  envName === undefined
    ? "SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET (in the shell or .env)"
    : `environments.${envName}.clientId and clientSecret in connectorkit.config.ts, and the variables they read (e.g. ${envName.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_SCALEKIT_CLIENT_SECRET)`;

const described = (
  error: unknown,
  envName: string | undefined,
): { message: string; fix: string; local: boolean } =>
  error instanceof UsageError
    ? { message: error.message, fix: error.fix, local: true }
    : isScalekitApiError(error)
      ? { message: error.message, fix: fixFor(error, credentialsOf(envName)), local: false }
      : {
          message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
          fix: "run the command again; if it persists, report it with this message",
          local: true,
        };

/** Prints the error (each one, when several independent steps failed together) with its fix. */
function report(error: unknown, io: RunIO, json: boolean, envName: string | undefined): number {
  const problems = (error instanceof AggregateError ? error.errors : [error]).map((e) =>
    described(e, envName),
  );
  // a server's message is escaped for the terminal; a local one (a config file's syntax error)
  // keeps its line breaks, each line escaped
  for (const { message, fix, local } of problems) {
    const text = local ? message.split(/\r?\n/).map(printable).join("\n  ") : printable(message);
    io.stderr.write(`✖ ${text}\n  → ${fix}\n`);
  }
  if (json)
    io.stdout.write(io.secrets.json(errorsJson(problems.map(({ message, fix }) => ({ message, fix })))));
  return exit.failed;
}

export interface SyncProgram {
  readonly program: Command;
  /** The exit code of the subcommand that ran (0 until one has). */
  readonly exitCode: () => number;
}

/** The sync program, its subcommands bound to `io`. */
export function syncProgram(given: SyncIO): SyncProgram {
  const secrets = new Secrets();
  // every line any command writes passes the scrubber; the client tells it its credentials
  const io: RunIO = Object.assign(
    withTimeouts({
      ...given,
      stdout: scrubbing(given.stdout, secrets),
      stderr: scrubbing(given.stderr, secrets),
      tuning: { ...given.tuning, onSecret: (value: string, user?: string) => secrets.add(value, user) },
    }),
    { secrets },
  );
  let code: number = exit.ok;
  const run =
    (task: () => Promise<number>, json = false, envName?: string) =>
    async () => {
      try {
        loadDotEnv(io.cwd, io.env);
        secrets.addFromEnv(io.env);
        code = await task();
      } catch (error) {
        code = report(error, io, json, envName);
      }
    };

  const program = new Command("sync")
    .description("plan and apply connector definitions to a Scalekit environment")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();

  const common = (command: Command) =>
    command
      .option(
        "--connectors <path>",
        "file or folder of connector definitions; repeat for more (default: the config's, else connectors/)",
        collect,
      )
      .option(
        "--env <name>",
        "an environment of connectorkit.config.ts (default: SCALEKIT_* variables, else the embedded emulator)",
      );
  const shaping = (command: Command) =>
    command
      .option("--prune", "delete connectors connectorkit manages that are no longer defined")
      .option(
        "--adopt",
        "manage same-named connectors connectorkit did not create (their settings are replaced)",
      )
      .option("--allow-replace", "delete and create again when an auth type or is_mcp changes")
      .option("--allow-delete-all", "let --prune delete every connector connectorkit manages on the target");
  const writing = (command: Command) =>
    command
      .option(
        "-y, --yes",
        "apply without asking (required without a terminal, and for production unless you type its name)",
      )
      .option("--concurrency <n>", "writes in flight at once", concurrency, 4);

  // each command's implementation loads when it runs, so one command (or --help) does not pay for all
  const planApply = () => import("./commands/plan-apply.ts");
  shaping(common(program.command("plan").description("show what apply would change")))
    .option("--json", "print the plan as JSON")
    .option("--exit-code", "exit 2 when changes are pending (for drift checks in CI)")
    .action((options: CommonOptions & { json?: boolean; exitCode?: boolean }) =>
      run(
        async () =>
          (await planApply()).runPlan(
            { ...planOptions(options), json: options.json === true, exitCode: options.exitCode === true },
            io,
          ),
        options.json === true,
        options.env,
      )(),
    );

  writing(
    shaping(common(program.command("apply").description("make the environment match the definitions"))),
  ).action((options: CommonOptions & { yes?: boolean; concurrency: number }) =>
    run(
      async () =>
        (await planApply()).runApply(
          { ...planOptions(options), yes: options.yes === true, concurrency: options.concurrency },
          io,
        ),
      false,
      options.env,
    )(),
  );

  common(program.command("pull").description("write DSL files for remote connectors not yet in code"))
    .option("--out <dir>", "where to write <slug>.ts", "connectors")
    .action((options: CommonOptions & { out: string }) =>
      run(async () => {
        const { runPull } = await import("./commands/pull.ts");
        return runPull({ ...planOptions(options), out: options.out }, io);
      })(),
    );

  writing(
    shaping(
      program
        .command("promote")
        .description("make one environment match the connectors connectorkit manages in another")
        .requiredOption("--from <name>", "source environment (connectorkit.config.ts)")
        .requiredOption("--to <name>", "destination environment (connectorkit.config.ts)"),
    ),
  )
    .option("--dry-run", "print the plan only")
    .action(
      (
        options: CommonOptions & {
          from: string;
          to: string;
          yes?: boolean;
          concurrency: number;
          dryRun?: boolean;
        },
      ) =>
        run(async () =>
          (await import("./commands/promote.ts")).runPromote(
            {
              ...planOptions(options),
              from: options.from,
              to: options.to,
              yes: options.yes === true,
              concurrency: options.concurrency,
              dryRun: options.dryRun === true,
            },
            io,
          ),
        )(),
    );

  common(
    program
      .command("verify")
      .description(
        "prove deployed connectors work through Scalekit: a request for a REST API, the tools of an MCP server",
      )
      .argument("[names...]", "display names of the connectors to check (default: every definition)"),
  )
    .option(
      "--request <request>",
      'the request to send, e.g. "GET /me" (overrides the definition\'s .verify())',
    )
    .option("--identifier <id>", "use this existing connected account instead of a temporary one")
    .option("--authorize", "OAuth: make a temporary account and authorize it now, through a link to open")
    .option("--keep <identifier>", "make the account under this identifier and keep it (later: --identifier)")
    .option("--wait <seconds>", "how long --authorize waits for the authorization", waitSeconds, 300)
    .option("--no-browser", "print the authorization link without opening a browser")
    .option("--tool <name>", "MCP: also run this tool (its name as the server or as Scalekit names it)")
    .option("--input <json>", "with --tool: the tool's input, a JSON object")
    .option("--connection <name>", "the connection name (default: looked up: the connector's connection)")
    .option("--clean-up", "delete every temporary verify account on the connectors' connections, then stop")
    .option("--json", "print the results as JSON")
    .action(
      (
        names: string[],
        options: Omit<CommonOptions, "prune" | "adopt" | "allowReplace"> & {
          request?: string;
          identifier?: string;
          connection?: string;
          json?: boolean;
          authorize?: boolean;
          keep?: string;
          wait: number;
          browser: boolean;
          tool?: string;
          input?: string;
          cleanUp?: boolean;
        },
      ) =>
        run(
          async () => {
            if (options.keep !== undefined && options.identifier !== undefined)
              throw new UsageError(
                "--keep makes an account and --identifier uses an existing one",
                "give one of them: --keep NAME the first time, --identifier NAME later",
              );
            return (await import("./commands/verify.ts")).runVerify(
              {
                names,
                ...(options.connectors !== undefined && { connectors: options.connectors }),
                ...(options.env !== undefined && { env: options.env }),
                ...(options.request !== undefined && { request: options.request }),
                ...(options.identifier !== undefined && { identifier: options.identifier }),
                ...(options.connection !== undefined && { connection: options.connection }),
                ...(options.keep !== undefined && { keep: options.keep }),
                ...(options.tool !== undefined && { tool: options.tool }),
                ...(options.input !== undefined && { input: options.input }),
                json: options.json === true,
                authorize: options.authorize === true,
                waitSeconds: options.wait,
                browser: options.browser,
                cleanUp: options.cleanUp === true,
              },
              io,
            );
          },
          options.json === true,
          options.env,
        )(),
    );

  for (const command of program.commands) addHelp(command);
  return { program, exitCode: () => code };
}

export async function runSync(argv: readonly string[], io: SyncIO): Promise<number> {
  const { program, exitCode } = syncProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? exit.ok : exit.failed;
    throw error;
  }
  return exitCode();
}
