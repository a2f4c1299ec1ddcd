// An exclusive lock between processes sharing one state file: `<file>.lock`, created with
// O_EXCL and holding the owner's pid. Hand-rolled because it is small and the vetted stack has no
// lock library (proper-lockfile would be a new dependency for ~60 lines): O_EXCL creation is
// atomic on local file systems, and a lock whose owner process is gone (killed mid-write) is
// stale and taken over, so a crash never wedges the emulator. A live owner that has held it for
// longer than any write takes (hung, stopped, or a reused pid) is not waited for at all: writes
// hold it for milliseconds, so a long hold will not end soon, and every write waiting out the
// full time made a run take minutes before it failed.

import { open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";

export interface LockOptions {
  /** How long to wait for another process to release it before giving up. */
  readonly waitMs: number;
  /** A hold that has lasted this long is stuck: give up at once instead of waiting. */
  readonly stuckMs: number;
}

/** Who holds the lock, as far as its file tells. */
export interface LockOwner {
  /** "process 123", "process 123 on host", or "another process" when the file is unreadable. */
  readonly description: string;
  /** Set when the holder runs on this machine (a pid that can be signalled here). */
  readonly pid?: number;
}

/** Another live process held the lock: for longer than we would wait, or (stuck) than a write takes. */
export class LockBusy extends Error {
  override name = "LockBusy";
  constructor(
    readonly path: string,
    readonly owner: LockOwner,
    /** How long the current hold had lasted, when known. */
    readonly heldMs: number | undefined,
    readonly stuck: boolean,
  ) {
    super(`${path} is held by ${owner.description}`);
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unknownOwner: LockOwner = { description: "another process" };

/** Who holds the lock, or undefined when the lock is stale (owner gone). */
async function liveOwner(path: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return unknownOwner;
  }
  const [pid, host] = text.split("\n");
  const number = Number(pid);
  // empty: its owner is between creating and writing it
  if (text === "" || !Number.isInteger(number) || number <= 0) return unknownOwner;
  // a lock from another machine (a shared folder) cannot be checked: treat it as live
  if (host !== undefined && host !== "" && host !== hostname())
    return { description: `process ${number} on ${host}` };
  return alive(number) ? { description: `process ${number}`, pid: number } : undefined;
}

/** How long the lock has been held: it is created when taken, so its age is the hold's. */
async function heldFor(path: string): Promise<number | undefined> {
  try {
    return Math.max(0, Date.now() - (await stat(path)).mtimeMs);
  } catch {
    return undefined;
  }
}

/** Removes a stale lock unless another process has just replaced it with its own. */
async function removeIfUnchanged(path: string): Promise<void> {
  const before = await readFile(path, "utf8").catch(() => undefined);
  if (before === undefined) return;
  if ((await liveOwner(path)) === undefined) await rm(path, { force: true });
}

/** Runs `task` while holding `<file>.lock`; waits for another holder up to `waitMs`, unless its hold is stuck. */
export async function withFileLock<T>(
  file: string,
  options: LockOptions,
  task: () => Promise<T>,
): Promise<T> {
  const path = `${file}.lock`;
  const giveUpAt = Date.now() + options.waitMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${process.pid}\n${hostname()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await liveOwner(path);
    if (owner === undefined) {
      await removeIfUnchanged(path);
      continue;
    }
    const heldMs = await heldFor(path);
    if (heldMs !== undefined && heldMs >= options.stuckMs) throw new LockBusy(path, owner, heldMs, true);
    if (Date.now() >= giveUpAt) throw new LockBusy(path, owner, heldMs, false);
    await pause(wait);
  }
  try {
    return await task();
  } finally {
    await rm(path, { force: true });
  }
}
