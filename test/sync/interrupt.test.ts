// Ctrl-C during apply, as a user presses it: a real SIGINT to a real `sync apply` child process
// writing to an emulator on 127.0.0.1 (with latency, so writes are in flight). No new write
// starts, those in flight finish and are reported, the run ends with `interrupted: N of M
// applied` naming what is pending, and exits 130; a second Ctrl-C aborts at once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { startScript } from "./child.ts";
import { bearerSource, envFor, type Project, project, remoteState, startTestEmulator } from "./helpers.ts";

let running: RunningEmulator;
let work: Project;
const names = Array.from({ length: 12 }, (_, i) => `Svc ${String(i).padStart(2, "0")}`);

beforeEach(async () => {
  running = await startTestEmulator({ latencyMs: 150 });
  work = project(Object.fromEntries(names.map((name, i) => [`connectors/c${i}.ts`, bearerSource(name)])));
});
afterEach(async () => {
  await running.close();
  work.remove();
});

const applied = (stdout: string) => (stdout.match(/^✓ /gm) ?? []).length;
const connectorsApplied = (stdout: string) => (stdout.match(/^✓ Svc/gm) ?? []).length;

describe("Ctrl-C during apply", () => {
  it("finishes the writes in flight, reports N of M applied and what is pending, and exits 130", async () => {
    const child = startScript("scripts/sync.ts", ["apply", "--yes", "--concurrency", "2"], {
      cwd: work.dir,
      env: envFor(running),
    });
    await child.waitFor(/^✓ /m);
    child.process.kill("SIGINT");
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("Interrupted: no new writes will start");
    // each connector's unit is its create and its connection's: a started one finishes both
    const steps = names.length * 2;
    const done = applied(run.stdout);
    const connectors = connectorsApplied(run.stdout);
    expect(connectors).toBeGreaterThan(0);
    expect(connectors).toBeLessThan(names.length);
    expect(done).toBe(connectors * 2);
    expect(run.stdout).toContain(`interrupted: ${done} of ${steps} applied; ${steps - done} not started:`);
    const created = (await remoteState(running.url)).map((provider) => provider.display_name);
    // every write that reached the server was reported, and nothing else was written
    expect(created).toHaveLength(connectors);
    for (const name of names) {
      if (created.includes(name)) {
        expect(run.stdout).toContain(`✓ ${name}`);
        expect(run.stdout).toContain(`of ${name}: created, enabled`);
      } else expect(run.stdout).toContain(`  create ${name}\n  create connection of ${name}\n`);
    }
  });

  // a closed terminal (SIGHUP) or a cancelled CI job (SIGTERM) stops it as gracefully
  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("stops as gracefully on %s, exiting %i", async (signal, code) => {
    const child = startScript("scripts/sync.ts", ["apply", "--yes", "--concurrency", "2"], {
      cwd: work.dir,
      env: envFor(running),
    });
    await child.waitFor(/^✓ /m);
    child.process.kill(signal);
    const run = await child.done;
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(`no new writes will start; waiting for those in flight (${signal} again`);
    const connectors = connectorsApplied(run.stdout);
    expect(connectors).toBeLessThan(names.length);
    expect(run.stdout).toMatch(/interrupted: \d+ of \d+ applied/);
    expect(await remoteState(running.url)).toHaveLength(connectors);
  });

  it("aborts at once on a second Ctrl-C", async () => {
    await running.close();
    // a write in flight for a second: the second Ctrl-C lands while it is
    running = await startTestEmulator({ latencyMs: 1000 });
    const child = startScript("scripts/sync.ts", ["apply", "--yes", "--concurrency", "1"], {
      cwd: work.dir,
      env: envFor(running),
    });
    await child.waitFor(/^✓ /m);
    child.process.kill("SIGINT");
    await child.waitFor("Interrupted: no new writes will start", "stderr");
    child.process.kill("SIGINT");
    const run = await child.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("Aborted.");
    expect(run.stdout).not.toContain("interrupted:");
  });
});
