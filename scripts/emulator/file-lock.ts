// An exclusive lock between processes sharing one state file: `<file>.lock`, holding its owner's
// pid, host and a token unique to this hold. Hand-rolled because the vetted stack has no lock
// library, and the common ones (proper-lockfile) decide staleness by age and remove a stale lock
// with a plain delete, which is the race this file exists to avoid.
//
// Taking it: the owner's content is written to a file of its own, then hard-linked to the lock's
// name; link() fails when the name exists, so the lock is never seen empty or half-written and
// only one process can create it. A lock whose owner process is gone (killed mid-write) is stale
// and is taken over by renaming a file of the taker's own over it, which replaces it atomically
// (the name never goes missing, so no third process can link a lock of its own in between). Two
// processes that both saw the same stale lock must not both replace it, nor may one replace a
// lock someone else took over meanwhile: the taker first creates a claim named after the stale
// lock's identity (its inode and content), with link() again, so only one process holds the claim
// for a given stale lock, and, holding it, checks that the lock is still that stale one before
// renaming. A claim whose own owner died is taken over the same way, one level up. Releasing
// deletes the lock only while it still holds this hold's token.
//
// A live owner that has held it for longer than any write takes (hung, stopped, or a reused pid)
// is not waited for at all: writes hold it for milliseconds, so a long hold will not end soon.

import { createHash, randomBytes } from "node:crypto";
import { link, open, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

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

/** One version of a lock or claim file: its inode and content, read through one handle. */
interface Seen {
  readonly ino: bigint;
  readonly text: string;
}

/** How deep claims on claims go before giving up for this round (each level needs a death mid-claim). */
const maxClaimDepth = 3;

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

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

const unknownOwner: LockOwner = { description: "another process" };

/** The file's inode and content, or undefined when it does not exist. */
async function read(path: string): Promise<Seen | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (code(error) === "ENOENT") return undefined;
    throw error;
  }
  try {
    const { ino } = await handle.stat({ bigint: true });
    return { ino, text: await handle.readFile("utf8") };
  } finally {
    await handle.close();
  }
}

/** Who owns a lock or claim with this content, or undefined when its owner is gone (stale). */
function ownerOf(text: string): LockOwner | undefined {
  const [pid, host] = text.split("\n");
  const number = Number(pid);
  if (text === "" || !Number.isInteger(number) || number <= 0) return unknownOwner;
  // a lock from another machine (a shared folder) cannot be checked: treat it as live
  if (host !== undefined && host !== "" && host !== hostname())
    return { description: `process ${number} on ${host}` };
  return alive(number) ? { description: `process ${number}`, pid: number } : undefined;
}

/** How long the lock has been held: the owner's file is written just before it becomes the lock. */
async function heldFor(path: string): Promise<number | undefined> {
  try {
    return Math.max(0, Date.now() - (await stat(path)).mtimeMs);
  } catch {
    return undefined;
  }
}

const unlinkIfThere = (path: string) =>
  unlink(path).catch((error) => {
    if (code(error) !== "ENOENT") throw error;
  });

/** This process's side of one hold: its content and a supply of files holding it. */
class Holder {
  readonly text: string;
  readonly #token: string;
  #files = 0;

  constructor(readonly path: string) {
    this.#token = randomBytes(8).toString("hex");
    this.text = `${process.pid}\n${hostname()}\n${this.#token}\n`;
  }

  /** A new file of this process's own beside the lock, holding its content, to link or rename. */
  async file(): Promise<string> {
    const file = `${this.path}.${this.#token}-${this.#files++}.own`;
    await writeFile(file, this.text, { flag: "wx" });
    return file;
  }

  /** Creates the lock if there is none. */
  async create(): Promise<boolean> {
    const own = await this.file();
    try {
      await link(own, this.path);
      return true;
    } catch (error) {
      if (code(error) === "EEXIST") return false;
      throw error;
    } finally {
      await unlinkIfThere(own);
    }
  }

  /**
   * Replaces `target`, seen holding `stale` whose owner is gone, with this process's content;
   * false when another process got there first (the caller looks again).
   */
  async takeOver(target: string, stale: Seen, depth = 0): Promise<boolean> {
    const identity = createHash("sha256").update(`${stale.ino}\n${stale.text}`).digest("hex").slice(0, 16);
    const claim = `${target}.${identity}.claim`;
    const own = await this.file();
    let claimed = false;
    try {
      try {
        await link(own, claim);
        claimed = true;
      } catch (error) {
        if (code(error) !== "EEXIST") throw error;
      }
      if (!claimed) {
        const claimer = await read(claim);
        // a live process is taking it over, or the claim has just gone: look again
        if (claimer === undefined || ownerOf(claimer.text) !== undefined || depth >= maxClaimDepth)
          return false;
        claimed = await this.takeOver(claim, claimer, depth + 1);
        if (!claimed) return false;
      }
      // while `target` holds `stale`, only the holder of this claim may replace it
      const now = await read(target);
      if (
        now === undefined ||
        now.ino !== stale.ino ||
        now.text !== stale.text ||
        ownerOf(now.text) !== undefined
      )
        return false;
      await rename(own, target);
      return true;
    } finally {
      if (claimed) await unlinkIfThere(claim);
      await unlinkIfThere(own);
    }
  }

  /** Deletes the lock if it is still this hold's; a lock another process took over is left alone. */
  async release(): Promise<void> {
    const now = await read(this.path);
    if (now?.text === this.text) await unlinkIfThere(this.path);
  }
}

/**
 * Removes what killed processes left beside the lock (their own files and claims). Call it while
 * holding the lock: a claim on any other lock than the current one is inert, since its holder
 * finds the lock changed and backs off, and a lock's content never returns once replaced.
 */
export async function sweepLockLeftovers(file: string): Promise<void> {
  const path = `${file}.lock`;
  const prefix = `${basename(path)}.`;
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !(entry.endsWith(".own") || entry.endsWith(".claim"))) continue;
    const leftover = join(dirname(path), entry);
    const seen = await read(leftover).catch(() => undefined);
    if (seen !== undefined && ownerOf(seen.text) === undefined) await unlinkIfThere(leftover);
  }
}

/** Runs `task` while holding `<file>.lock`; waits for another holder up to `waitMs`, unless its hold is stuck. */
export async function withFileLock<T>(
  file: string,
  options: LockOptions,
  task: () => Promise<T>,
): Promise<T> {
  const holder = new Holder(`${file}.lock`);
  const path = holder.path;
  const giveUpAt = Date.now() + options.waitMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (await holder.create()) break;
    const seen = await read(path);
    // released meanwhile
    if (seen === undefined) continue;
    const owner = ownerOf(seen.text);
    if (owner === undefined && (await holder.takeOver(path, seen))) break;
    const heldMs = await heldFor(path);
    // a stale lock another process is taking over: look again soon
    if (owner === undefined) {
      if (Date.now() >= giveUpAt) throw new LockBusy(path, unknownOwner, heldMs, false);
      await pause(1);
      continue;
    }
    if (heldMs !== undefined && heldMs >= options.stuckMs) throw new LockBusy(path, owner, heldMs, true);
    if (Date.now() >= giveUpAt) throw new LockBusy(path, owner, heldMs, false);
    await pause(wait);
  }
  try {
    return await task();
  } finally {
    await holder.release();
  }
}
