// Two `sync apply` runs at once on the embedded emulator (one .connectorkit/emulator.json), as two
// terminals would run them: real child processes. Neither may lose the other's writes; a write
// that cannot take the state file's lock fails with a message; what a killed run left behind
// (a temp file, a lock of a process that is gone) does not get in the way.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Provider } from "../../dsl/payload.ts";
import { createEmulator } from "../../scripts/emulator/app.ts";
import { clientFor, payload } from "../emulator/helpers.ts";
import { runScript, startScript } from "./child.ts";
import { bearerSource, envFor, type Project, project, repoRoot, startTestEmulator, sync } from "./helpers.ts";

let work: Project;
afterEach(() => work?.remove());

const stored = (dir: string): string[] =>
  (
    JSON.parse(readFileSync(join(dir, ".connectorkit", "emulator.json"), "utf8")).providers as {
      record: Provider;
    }[]
  )
    .map((entry) => entry.record.display_name)
    .sort();

describe("two apply runs on one embedded emulator", () => {
  it("keeps every connector both runs report as created", async () => {
    const files: Record<string, string> = {};
    const names = { a: [] as string[], b: [] as string[] };
    for (const side of ["a", "b"] as const) {
      for (let i = 0; i < 30; i++) {
        const name = `Side ${side.toUpperCase()} ${i}`;
        names[side].push(name);
        files[`${side}/c${i}.ts`] = bearerSource(name);
      }
    }
    work = project(files);
    const [first, second] = await Promise.all([
      runScript("scripts/sync.ts", ["apply", "--connectors", "a"], { cwd: work.dir }),
      runScript("scripts/sync.ts", ["apply", "--connectors", "b"], { cwd: work.dir }),
    ]);
    expect(first.stderr).toBe("");
    expect(second.stderr).toBe("");
    expect([first.code, second.code]).toStrictEqual([0, 0]);
    expect(first.stdout).toContain(
      "Applied: 30 created, 0 updated, 0 deleted; connections: 30 created, 0 updated, 0 deleted.",
    );
    expect(second.stdout).toContain(
      "Applied: 30 created, 0 updated, 0 deleted; connections: 30 created, 0 updated, 0 deleted.",
    );
    expect(stored(work.dir)).toStrictEqual([...names.a, ...names.b].sort());
    expect(readdirSync(join(work.dir, ".connectorkit"))).toStrictEqual(["emulator.json"]);
  });

  it("cleans a temp file and takes over a lock left by a process that was killed", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const folder = join(work.dir, ".connectorkit");
    mkdirSync(folder);
    const gone = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    writeFileSync(join(folder, "emulator.json.lock"), `${gone}\n${hostname()}\n`);
    writeFileSync(join(folder, ".emulator.json.0a1b2c3d4e5f.tmp"), '{"half": ');
    const run = await runScript("scripts/sync.ts", ["apply"], { cwd: work.dir });
    expect(run.code).toBe(0);
    expect(stored(work.dir)).toStrictEqual(["Alpha"]);
    expect(readdirSync(folder)).toStrictEqual(["emulator.json"]);
  });
});

describe("a write that cannot take the state file's lock", () => {
  it("fails with UNAVAILABLE naming the holder, and changes nothing", async () => {
    work = project();
    const statePath = join(work.dir, "state.json");
    // this test's own process is alive, so its lock is not stale
    writeFileSync(`${statePath}.lock`, `${process.pid}\n${hostname()}\n`);
    const emulator = createEmulator({ statePath, stateLockWaitMs: 50 });
    const client = clientFor((request) => emulator.fetch(request));
    const reply = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    expect(reply.status).toBe(503);
    expect(reply.body.message).toContain(
      `the state file is being written by process ${process.pid}; nothing was changed`,
    );
    expect(existsSync(statePath)).toBe(false);
    const listed = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM");
    expect(listed.body.providers).toStrictEqual([]);
    await emulator.close();
  });

  it("makes apply fail with that message and exit 1, writing nothing", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const statePath = join(work.dir, "state.json");
    writeFileSync(`${statePath}.lock`, `${process.pid}\n${hostname()}\n`);
    const running = await startTestEmulator({ statePath, stateLockWaitMs: 20 });
    try {
      const run = await sync(["apply", "--yes"], { cwd: work.dir, env: envFor(running) });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `✗ Alpha: create failed: 503 UNAVAILABLE: the state file is being written by process ${process.pid}`,
      );
      expect(run.stdout).toContain("1 change failed");
      expect(existsSync(statePath)).toBe(false);
    } finally {
      await running.close();
    }
  });
});

describe("a state file locked by a process that does not let go", () => {
  it("fails a write at once with FAILED_PRECONDITION naming the holder and what to do", async () => {
    work = project();
    const statePath = join(work.dir, "state.json");
    const lockPath = `${statePath}.lock`;
    // a live holder (this process) whose hold began a minute ago: no write takes that long
    writeFileSync(lockPath, `${process.pid}\n${hostname()}\n`);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lockPath, minuteAgo, minuteAgo);
    const emulator = createEmulator({ statePath });
    const client = clientFor((request) => emulator.fetch(request));
    const reply = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(9);
    expect(reply.body.details[0]?.error_code).toBe("EMULATOR_STATE_LOCKED");
    const message = String(reply.body.message);
    expect(message).toContain(
      `locked by process ${process.pid}, which has held it for 60 s; nothing was changed`,
    );
    expect(message).toContain(`Wait for that process to finish, or stop it (kill ${process.pid})`);
    expect(message).toContain(`delete ${lockPath}`);
    expect(existsSync(statePath)).toBe(false);
    await emulator.close();
  });

  it("makes apply of many connectors fail within one wait, naming the other process, exit 1, nothing written", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`connectors/c${i}.ts`] = bearerSource(`Locked ${i}`);
    // a second process takes the embedded emulator's lock the way the emulator does, and keeps it
    files["holder.mts"] = [
      `import { withFileLock } from ${JSON.stringify(join(repoRoot, "scripts/emulator/file-lock.ts"))};`,
      `await withFileLock(process.argv[2] ?? "", { waitMs: 0, stuckMs: 600_000 }, async () => {`,
      '  process.stdout.write("holding " + process.pid + "\\n");',
      // until the test stops it, or a minute at most, so a failed test leaves nothing running
      "  await new Promise((resolve) => setTimeout(resolve, 60_000));",
      "});",
      "",
    ].join("\n");
    work = project(files);
    const state = join(work.dir, ".connectorkit", "emulator.json");
    mkdirSync(join(work.dir, ".connectorkit"));
    const holder = startScript(relative(repoRoot, join(work.dir, "holder.mts")), [state], { cwd: work.dir });
    let holderPid: number | undefined;
    try {
      await holder.waitFor(/holding \d+\n/);
      holderPid = Number(/holding (\d+)/.exec(holder.stdout())?.[1]);
      const run = await runScript("scripts/sync.ts", ["apply"], { cwd: work.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`locked by process ${holderPid}`);
      expect(run.stdout).toContain(`(kill ${holderPid})`);
      expect(run.stdout).toContain(
        "→ wait for the process holding the emulator's state file to finish, or stop it, then run the command again",
      );
      // refused, not retried: one failure per connector, each a 400, none written
      expect(run.stdout).toContain("Applied: 0 created, 0 updated, 0 deleted.");
      expect(run.stdout).toContain("12 changes failed");
      expect(run.stdout.match(/create failed: 400 FAILED_PRECONDITION/g)).toHaveLength(24);
      expect(run.stdout).not.toContain("attempts");
      expect(existsSync(state)).toBe(false);
    } finally {
      if (holderPid !== undefined) process.kill(holderPid);
      holder.process.kill();
      await holder.done;
    }
  });
});
