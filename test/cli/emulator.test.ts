// `connectorkit emulator` names its own pid, and, started by npm (npx, an npm script), stops once
// the process that started it is gone: killing npx's pid must not leave it running. Real
// processes: the emulator, and a launcher that starts it and is killed as npx's shell is. Whether
// an orphaned emulator still runs is read from its port (serving.ts says why).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../sync/helpers.ts";
import { serving, stopsServing } from "./serving.ts";

const entry = ["--import", "tsx", "scripts/connectorkit.ts", "emulator", "--port", "0"];

// each test's processes run in a process group of their own, so whatever a failed test left
// running (a launcher, an emulator whose pid was never read) is ended by the group's id
const groups: number[] = [];
afterEach(() => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // the group has ended
    }
  }
});

/** The output so far, and, once it is listening, its URL and the pid its pid line names (NaN without one). */
function watch(child: ChildProcess) {
  let output = "";
  const onData = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const ready = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const check = () => {
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url === undefined) return;
      const pid = Number(/^pid (\d+): stop it with Ctrl-C or kill \1$/m.exec(output)?.[1] ?? Number.NaN);
      resolve({ url, pid });
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { ready, output: () => output };
}

function start(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: "pipe", detached: true });
  groups.push(child.pid as number);
  return child;
}

// The launcher starts the emulator as npm's shell does (its stdio inherited, so the pipes outlive
// the launcher) and then waits; it is killed with SIGKILL, which it cannot pass on either.
const launcher = (env: NodeJS.ProcessEnv) =>
  start(
    [
      "-e",
      `require("node:child_process").spawn(process.execPath, ${JSON.stringify(entry)}, { stdio: "inherit" }); setInterval(() => {}, 1000);`,
    ],
    env,
  );

const withoutNpm = () => {
  const env = { ...process.env };
  delete env.npm_lifecycle_event;
  return env;
};

describe("connectorkit emulator's process", () => {
  it("prints its own pid before the ready line", async () => {
    const child = start(entry, withoutNpm());
    const { ready } = watch(child);
    expect((await ready).pid).toBe(child.pid);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
  });

  it("started by npm, stops when the process that started it is killed", async () => {
    const wrapper = launcher({ ...withoutNpm(), npm_lifecycle_event: "npx" });
    const { ready, output } = watch(wrapper);
    const { url, pid } = await ready;
    expect(await serving(url)).toBe(true);
    expect(pid).not.toBeNaN();
    expect(pid).not.toBe(wrapper.pid);
    wrapper.kill("SIGKILL");
    expect(await stopsServing(url, 10_000)).toBe(true);
    expect(output()).toContain("the npx or npm process that started the emulator has ended: stopping");
  });

  it("started otherwise (nohup, a service), outlives the process that started it", async () => {
    const wrapper = launcher(withoutNpm());
    const { ready } = watch(wrapper);
    const { url, pid } = await ready;
    expect(pid).not.toBeNaN();
    wrapper.kill("SIGKILL");
    // several of the watch's 250 ms polls would have stopped it by now
    await sleep(1500);
    expect(await serving(url)).toBe(true);
    process.kill(pid, "SIGTERM");
    expect(await stopsServing(url, 10_000)).toBe(true);
  });
});
