// Two `sync apply` runs at once on the embedded emulator (one .connectorkit/emulator.json), as two
// terminals would run them: real child processes. Neither may lose the other's writes; a write
// that cannot take the state file's lock fails with a message; what a killed run left behind
// (a temp file, a lock of a process that is gone) does not get in the way.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Provider } from "../../dsl/payload.ts";
import { createEmulator } from "../../scripts/emulator/app.ts";
import { clientFor, payload } from "../emulator/helpers.ts";
import { runScript } from "./child.ts";
import { bearerSource, envFor, type Project, project, startTestEmulator, sync } from "./helpers.ts";

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
    expect(first.stdout).toContain("Applied: 30 created, 0 updated, 0 deleted.");
    expect(second.stdout).toContain("Applied: 30 created, 0 updated, 0 deleted.");
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
