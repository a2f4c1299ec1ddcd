// The lock race: writer processes (lock-writer.ts) start together on one emulator state file
// whose lock was left by a process that is gone, and create connectors at once. Every create
// a writer saw acknowledged must be in the file afterwards; a lock held by two processes at once
// shows up as acknowledged creates missing from it (one holder's save replaces the other's).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const writerScript = fileURLToPath(new URL("./lock-writer.ts", import.meta.url));

export interface LockRace {
  readonly writers: number;
  /** Creates each writer's emulator acknowledged. */
  readonly acknowledged: number;
  /** Creates answered with an error (the lock busy for the whole wait). */
  readonly failed: number;
  /** Acknowledged creates missing from the state file at the end. */
  readonly lost: number;
  /** Writers that exited non-zero or printed no result. */
  readonly crashed: number;
  /** Files beside the state file at the end (a lock, a claim, a temp file). */
  readonly leftovers: readonly string[];
}

/** The pid of a process that has just ended: a lock naming it is stale. */
export function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout);
}

function runWriter(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", writerScript, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `writers` processes of `creates` creates each against a fresh state file with a stale lock. */
export async function lockRace(writers: number, creates: number): Promise<LockRace> {
  const dir = mkdtempSync(join(tmpdir(), "connectorkit-lock-race-"));
  try {
    const state = join(dir, "emulator.json");
    writeFileSync(`${state}.lock`, `${deadPid()}\n${hostname()}\n`);
    // long enough for every writer to load tsx and the emulator before the first create
    const startAt = Date.now() + 3_000;
    const runs = await Promise.all(
      Array.from({ length: writers }, (_, id) =>
        runWriter([state, String(id), String(creates), String(startAt)]),
      ),
    );
    const stored = new Set(
      (
        JSON.parse(readFileSync(state, "utf8")) as { providers: { record: { display_name: string } }[] }
      ).providers.map((entry) => entry.record.display_name),
    );
    let acknowledged = 0;
    let failed = 0;
    let lost = 0;
    let crashed = 0;
    for (const run of runs) {
      const line = run.stdout.trim().split("\n").pop() ?? "";
      let result: { acknowledged: string[]; failed: number } | undefined;
      try {
        result = JSON.parse(line);
      } catch {
        result = undefined;
      }
      if (run.code !== 0 || result === undefined) {
        crashed++;
        continue;
      }
      acknowledged += result.acknowledged.length;
      failed += result.failed;
      lost += result.acknowledged.filter((name) => !stored.has(name)).length;
    }
    const leftovers = readdirSync(dir).filter((name) => name !== "emulator.json");
    return { writers, acknowledged, failed, lost, crashed, leftovers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
