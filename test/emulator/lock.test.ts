// The state file's lock never has two holders: a stale lock (its owner killed) is taken over by
// one process only, however many meet it at once, and a process deletes only a lock that is
// still its own. Real processes for the race users hit (several emulators on one state file),
// and many holders in this process for the interleavings, since each has its own hold.

import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deadPid, lockRace } from "../../scripts/bench/lock-race.ts";
import { withFileLock } from "../../scripts/emulator/file-lock.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const scratch = (): string => {
  dir = mkdtempSync(join(tmpdir(), "connectorkit-lock-"));
  return dir;
};

const options = { waitMs: 10_000, stuckMs: 5_000 };
// a process that has ended: a lock naming it is stale
const gone = deadPid();
const staleLock = (file: string): string => {
  const text = `${gone}\n${hostname()}\n`;
  writeFileSync(`${file}.lock`, text);
  return text;
};

describe("a stale lock met by many writers at once", () => {
  it("loses none of 8 writer processes' acknowledged creates", async () => {
    const race = await lockRace(8, 150);
    expect(race.crashed).toBe(0);
    expect(race.acknowledged).toBeGreaterThan(1_100);
    expect(race.lost).toBe(0);
    expect(race.leftovers).toStrictEqual([]);
  }, 120_000);

  it("is taken over by one holder, round after round", async () => {
    const folder = scratch();
    let overlapped = 0;
    let ran = 0;
    for (let round = 0; round < 200; round++) {
      const file = join(folder, `state-${round}.json`);
      staleLock(file);
      let inside = 0;
      // no waiting: every holder meets the stale lock at once, and those that lose give up
      await Promise.allSettled(
        Array.from({ length: 16 }, () =>
          withFileLock(file, { waitMs: 0, stuckMs: 5_000 }, async () => {
            inside++;
            ran++;
            if (inside > 1) overlapped++;
            await new Promise((resolve) => setTimeout(resolve, 1));
            inside--;
          }),
        ),
      );
    }
    expect(overlapped).toBe(0);
    expect(ran).toBeGreaterThanOrEqual(200);
    expect(readdirSync(folder)).toStrictEqual([]);
  });
});

describe("releasing", () => {
  it("leaves a lock another process took over meanwhile", async () => {
    const file = join(scratch(), "state.json");
    const theirs = `${process.pid}\n${hostname()}\nsomeone-else\n`;
    await withFileLock(file, options, async () => {
      writeFileSync(`${file}.lock`, theirs);
    });
    expect(readFileSync(`${file}.lock`, "utf8")).toBe(theirs);
  });

  it("deletes its own lock and nothing else", async () => {
    const folder = scratch();
    const file = join(folder, "state.json");
    await withFileLock(file, options, async () => {
      expect(readFileSync(`${file}.lock`, "utf8")).toMatch(
        new RegExp(`^${process.pid}\\n${hostname()}\\n[0-9a-f]+\\n$`),
      );
    });
    expect(readdirSync(folder)).toStrictEqual([]);
  });
});

describe("a taker killed while claiming a stale lock", () => {
  // The claim's name is the on-disk protocol between emulator processes of any version:
  // `<lock>.<first 16 hex of sha256("<inode>\n<content>")>.claim`.
  const claimOf = (path: string, text: string): string => {
    const ino = statSync(path, { bigint: true }).ino;
    return `${path}.${createHash("sha256").update(`${ino}\n${text}`).digest("hex").slice(0, 16)}.claim`;
  };

  it("does not wedge the lock: its claim is taken over too, and nothing is left behind", async () => {
    const folder = scratch();
    const file = join(folder, "state.json");
    const text = staleLock(file);
    writeFileSync(claimOf(`${file}.lock`, text), `${gone}\n${hostname()}\nkilled\n`);
    let ran = false;
    await withFileLock(file, { waitMs: 2_000, stuckMs: 5_000 }, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(readdirSync(folder)).toStrictEqual([]);
  });

  it("waits for a live taker's claim rather than replacing the lock beside it", async () => {
    const file = join(scratch(), "state.json");
    const text = staleLock(file);
    // a live process (this one) claims it and never finishes: the lock stays as it was
    writeFileSync(claimOf(`${file}.lock`, text), `${process.pid}\n${hostname()}\nslow\n`);
    const attempt = withFileLock(file, { waitMs: 200, stuckMs: 5_000 }, async () => "ran");
    await expect(attempt).rejects.toThrow(/is held by another process/);
    expect(readFileSync(`${file}.lock`, "utf8")).toBe(text);
  });
});

it("takes over a lock whose holder was killed while holding it, in the format it writes", async () => {
  const folder = scratch();
  const file = join(folder, "state.json");
  writeFileSync(`${file}.lock`, `${gone}\n${hostname()}\n0123456789abcdef\n`);
  expect(await withFileLock(file, options, async () => "ran")).toBe("ran");
  expect(readdirSync(folder)).toStrictEqual([]);
});
