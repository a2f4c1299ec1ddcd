// A repository as a new user makes one with README's install (npm init -y, the tarball in
// vendor/, npm install of it, `npx --no connectorkit init`, a commit), and its workflow run for an
// event as GitHub would: each job in a fresh clone, in the environment of a fresh runner (none of
// this shell's npm, Scalekit or GitHub settings, and an npm cache of its own, empty until npm ci
// fills it).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { type Run, run } from "../../scripts/bench/consumer.ts";
import { type Context, type JobResult, jobsFor, readWorkflow, runJob } from "./workflow.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const made: string[] = [];

/** A new empty folder, removed by removeFolders(). */
export function emptyDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `connectorkit-${name}-`));
  made.push(dir);
  return dir;
}

/** Removes every folder emptyDir made: repositories, clones (each with its node_modules) and caches. */
export function removeFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// what this shell (and npm test, vitest) set that a runner would not
const notOnARunner =
  /^(npm_|SCALEKIT_|GITHUB_|RUNNER_|CONNECTORKIT_|(PROD|DEV)_SCALEKIT_|VITEST|NODE_ENV$|NODE_OPTIONS$|TSX_)/i;
// but how this machine reaches a registry stays: a runner reaches one its own way
const network = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl|@[^:]+:registry)$/i;

/** This process's environment as a runner's: its own settings removed, npm's cache at `cache`. */
export function runnerEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(process.env)) {
    if (notOnARunner.test(name) && !network.test(name)) env[name] = undefined;
  }
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: "false" };
}

/** Why the npm registry cannot be reached from here, or undefined when it can. */
export async function registryUnreachable(): Promise<string | undefined> {
  const env = runnerEnv(emptyDir("ping-cache"));
  const ping = await run(npm, ["ping", "--fetch-timeout=10000", "--fetch-retries=0"], tmpdir(), env);
  if (ping.code === 0) return undefined;
  const reason =
    /^npm error (?!code |syscall |errno |\s)(.+)$/m.exec(ping.stderr)?.[1] ?? `exit ${ping.code}`;
  return `the npm registry cannot be reached (npm ping: ${reason}), so a fresh install cannot fetch connectorkit's dependencies`;
}

/** Runs `command` in `cwd`, failing with its output when it fails. */
async function must(cwd: string, env: NodeJS.ProcessEnv, command: string, ...args: string[]): Promise<Run> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

export interface Repository {
  readonly dir: string;
  /** What README's `npm install --save-dev ./vendor/…` and `npx --no connectorkit init` printed. */
  readonly install: Run;
  readonly init: Run;
}

/** README's steps in a new folder, committed to a new git repository. */
export async function newRepository(tarball: string): Promise<Repository> {
  const dir = emptyDir("repo");
  const env = runnerEnv(emptyDir("user-cache"));
  await must(dir, env, npm, "init", "-y");
  writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
  mkdirSync(join(dir, "vendor"));
  // stands in for `npm pack --pack-destination <repository>/vendor` in the checkout
  copyFileSync(tarball, join(dir, "vendor", basename(tarball)));
  const install = await must(
    dir,
    env,
    npm,
    "install",
    "--save-dev",
    `./vendor/${basename(tarball)}`,
    "--no-audit",
    "--no-fund",
  );
  const init = await must(dir, env, npx, "--no", "connectorkit", "init");
  const git = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"];
  await must(dir, env, "git", "init", "-q", "-b", "main");
  await must(dir, env, "git", "add", "-A");
  await must(dir, env, "git", ...git, "commit", "-q", "-m", "connectorkit");
  return { dir, install, init };
}

/** A clone of `repository` in a new folder, as actions/checkout makes one. */
export async function cloneOf(repository: string): Promise<string> {
  const dir = join(emptyDir("clone"), "repo");
  await must(tmpdir(), runnerEnv(emptyDir("clone-cache")), "git", "clone", "-q", repository, dir);
  return dir;
}

/**
 * The jobs the workflow runs for the event in `context`, each in a fresh clone, with an empty npm
 * cache unless given `cache` (what setup-node's `cache: npm` restores).
 */
export async function runEvent(
  repository: string,
  context: Context,
  cache?: string,
): Promise<{ ids: string[]; results: JobResult[] }> {
  const clone = await cloneOf(repository);
  const workflow = readWorkflow(join(clone, ".github/workflows/connectorkit.yml"));
  const ids = jobsFor(workflow, context);
  const results: JobResult[] = [];
  for (const id of ids) {
    const cwd = id === ids[0] ? clone : await cloneOf(repository);
    const env = runnerEnv(cache ?? emptyDir("runner-cache"));
    results.push(await runJob(workflow, id, { cwd, env, context }));
  }
  return { ids, results };
}

export interface Emulator {
  readonly url: string;
  readonly child: ChildProcess;
}

/** The emulator of the copy installed in `repository`, on a free port, with these credentials. */
export async function startEmulator(repository: string, clientId: string, secret: string): Promise<Emulator> {
  const bin = join(repository, "node_modules/connectorkit/dist/scripts/connectorkit.js");
  const args = [bin, "emulator", "--port", "0", "--client-id", clientId, "--client-secret", secret];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...runnerEnv(emptyDir("emulator-cache")) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const url = /^listening on (http:\/\/\S+)$/.exec(line)?.[1];
    if (url) return { url, child };
  }
  throw new Error("the emulator ended before listening");
}
