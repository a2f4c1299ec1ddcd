// The emulator command: runs the local Scalekit-compatible emulator (scripts/emulator/) on
// 127.0.0.1 until SIGINT or SIGTERM, or, started by npm, until the npx or npm process that started
// it ends. It prints its own pid. Bad flag values exit with status 2. Run by scripts/emulator.ts
// and `connectorkit emulator`.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ConnectToError, parseConnectTo } from "../emulator/connect-to.ts";
import { defaultCredentials } from "../emulator/credentials.ts";
import { type FaultSpec, FaultSpecError, parseFaults } from "../emulator/faults.ts";
import { addHelp } from "./help.ts";

const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max))
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    return n;
  };

const faultSpec = (value: string) => {
  try {
    return parseFaults(value);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
};

// repeatable; each entry is checked as it is read, so a bad one names itself
const connectTo = (value: string, previous: string[] = []): string[] => {
  try {
    parseConnectTo(value);
  } catch (error) {
    if (error instanceof ConnectToError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
  return [...previous, value];
};

interface Flags {
  port: number;
  state?: string;
  clientId?: string;
  clientSecret?: string;
  latency: number;
  pageSizeCap: number;
  faults?: FaultSpec;
  seed: number;
  connectTo?: string[];
  /** commander's negation of --no-connections-api: false when it is given. */
  connectionsApi: boolean;
}

/** Serves until SIGINT or SIGTERM; resolves with the exit code once the server has stopped. */
async function serve(flags: Flags): Promise<number> {
  if ((flags.clientId === undefined) !== (flags.clientSecret === undefined)) {
    console.error("error: --client-id and --client-secret go together; give both or neither.");
    return 2;
  }
  // the server (hono) loads only when it starts, not for --help
  const { startEmulator } = await import("../emulator/server.ts");
  let running: Awaited<ReturnType<typeof startEmulator>>;
  try {
    running = await startEmulator({
      port: flags.port,
      latencyMs: flags.latency,
      pageSizeCap: flags.pageSizeCap,
      seed: flags.seed,
      connectionsApi: flags.connectionsApi,
      ...(flags.connectTo === undefined ? {} : { connectTo: flags.connectTo }),
      ...(flags.state === undefined ? {} : { statePath: flags.state }),
      ...(flags.faults === undefined ? {} : { faults: flags.faults }),
      ...(flags.clientId === undefined || flags.clientSecret === undefined
        ? {}
        : { clientId: flags.clientId, clientSecret: flags.clientSecret }),
    });
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  // the signal handlers first: whoever reads the ready line may stop the emulator at once
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    let watch: NodeJS.Timeout | undefined;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      clearInterval(watch);
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          console.error(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    watch = watchLauncher(() => {
      console.error("the npx or npm process that started the emulator has ended: stopping");
      stop();
    });
  });

  if (flags.clientId === undefined) {
    // the default secret is public, so it is fine to print; a user-supplied one never is
    console.log(
      `no --client-id/--client-secret given: using client id "${defaultCredentials.clientId}" and secret "${defaultCredentials.clientSecret}"`,
    );
  } else {
    console.log(`client id "${flags.clientId}" (secret from --client-secret)`);
  }
  if (flags.state !== undefined) console.log(`state file ${flags.state}`);
  for (const entry of flags.connectTo ?? []) console.log(`proxy upstream ${entry.replace("=", " → ")}`);
  // its own pid: under npx it is not the pid the shell reports for the command it started
  console.log(`pid ${process.pid}: stop it with Ctrl-C or kill ${process.pid}`);
  console.log(`listening on ${running.url}`);
  return stopped;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Started by npm (`npx connectorkit emulator`, an npm script), this process is npm's grandchild:
 * npm hands a SIGTERM to the shell it started, the shell dies without passing it on, and killing
 * npx's pid would leave the emulator running. So it watches its parent, and calls `ended` once that
 * is gone (this process is handed to another parent, or, on Windows, which does not do that, the
 * parent's pid no longer exists). Only under npm: a `nohup connectorkit emulator &` must outlive
 * its shell. Polled: Node has no event for a parent's exit.
 */
function watchLauncher(ended: () => void): NodeJS.Timeout | undefined {
  if (process.env.npm_lifecycle_event === undefined) return undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent || !alive(parent)) ended();
  }, 250);
  timer.unref();
  return timer;
}

/** Usage errors of the emulator exit 2 (help and --version still exit 0). */
export const emulatorExit = (error: CommanderError): never => {
  throw new CommanderError(error.exitCode === 0 ? 0 : 2, error.code, error.message);
};

/**
 * `emulator [options]`: serves until a signal, then `done` receives the exit code (2 for flags that
 * do not go together, 1 when it cannot start); a usage error throws a CommanderError with exit code 2.
 */
export function emulatorCommand(done: (code: number) => void): Command {
  const command = new Command("emulator")
    .description("Run a local Scalekit-compatible API for custom providers on 127.0.0.1.")
    .option("--port <n>", "port to listen on (0 picks a free one)", wholeNumber(0, 65535), 8787)
    .option("--state <file>", "JSON file to load at start and rewrite after every change")
    .option("--client-id <id>", `client id tokens are issued to (default: ${defaultCredentials.clientId})`)
    .option("--client-secret <secret>", `client secret (default: ${defaultCredentials.clientSecret})`)
    .option("--latency <ms>", "answer /api and /oauth requests this long after arrival", wholeNumber(0), 0)
    .option("--page-size-cap <n>", "largest page of providers", wholeNumber(1), 100)
    .option("--faults <spec>", "injected failures, e.g. 5xx=0.1,429=0.05,reset=0.05,lost=0.05", faultSpec)
    .option("--seed <n>", "seed for the fault sequence", wholeNumber(0, 2 ** 32 - 1), 1)
    .option(
      "--connect-to <host=url>",
      "send the tool proxy's calls for this https host to a local server, e.g. api.acme.example=http://127.0.0.1:9000 (repeatable)",
      connectTo,
    )
    .option(
      "--no-connections-api",
      "behave like an environment without Scalekit's PREVIEW connections API (connections are made in the Dashboard: POST /_emulator/connections)",
    )
    .exitOverride(emulatorExit)
    .showHelpAfterError("(add --help for usage)")
    .action(async (flags: Flags) => done(await serve(flags)));
  return addHelp(command);
}
