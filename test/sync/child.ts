// scripts/sync.ts (or another script) as a child process, as a user runs it: its own cwd and
// environment (no SCALEKIT_* inherited, no colour), output collected, and a handle to signal it.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./helpers.ts";

const tsx = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningChild {
  readonly process: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves once stdout (or stderr) contains `text`; rejects if the process ends first. */
  waitFor(text: string | RegExp, stream?: "stdout" | "stderr"): Promise<void>;
  readonly done: Promise<ChildRun>;
}

export function startScript(
  script: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string | undefined> },
): RunningChild {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) {
    if (key.startsWith("SCALEKIT_") || key.startsWith("CONNECTORKIT_")) delete env[key];
  }
  Object.assign(env, options.env);
  // node itself, with tsx as a loader (as the built bin runs under node): a signal reaches the
  // command, not a wrapper process that relays only some signals
  const child = spawn(process.execPath, ["--import", tsx, join(repoRoot, script), ...args], {
    cwd: options.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { stream: "stdout" | "stderr"; test: (text: string) => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.test(waiter.stream === "stdout" ? stdout : stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
    check();
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
    check();
  });
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    process: child,
    stdout: () => stdout,
    waitFor: (text, stream = "stdout") =>
      new Promise<void>((resolve, reject) => {
        const test = (all: string) => (typeof text === "string" ? all.includes(text) : text.test(all));
        if (test(stream === "stdout" ? stdout : stderr)) return resolve();
        waiters.push({ stream, test, resolve });
        void done.then((run) =>
          reject(
            new Error(`the process ended before printing ${String(text)}:\n${run.stdout}\n${run.stderr}`),
          ),
        );
      }),
    done,
  };
}

/** Runs a script to completion. */
export const runScript = (
  script: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string | undefined> },
): Promise<ChildRun> => startScript(script, args, options).done;
