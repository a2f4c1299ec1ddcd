// The --state file: read at start, rewritten after every write. Each save goes to a temp file
// in the same directory, is fsynced, then renamed over the old file, so a crash leaves either the
// old or the new state, never half of one. Saves run one at a time, in order; changes queued meanwhile are saved together.
// Several processes may share one file (two `sync apply` runs on the embedded emulator): every
// write holds `<file>.lock` (file-lock.ts), reloads the file if another process replaced it
// since this one last read or wrote it, applies the change to that, and saves; reads reload a
// replaced file too. So no process overwrites another's writes, and one that cannot get the lock
// fails the write with a message instead of losing it. Temp and lock files left by a killed
// process are removed the first time the lock is held.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isObject } from "../../dsl/rules/issue.ts";
import { type LockOptions, sweepLockLeftovers, withFileLock } from "./file-lock.ts";
import { readStateData } from "./state-version.ts";
import { emptyState, type StateData } from "./store.ts";

/**
 * How long a write waits for other processes' writes before failing, and how long one hold may
 * last before it is taken as stuck (a write holds the lock for milliseconds; fsync on a busy disk
 * is the slowest part).
 */
export const defaultLock: LockOptions = { waitMs: 10_000, stuckMs: 5_000 };

/** Identifies one version of the file: every save replaces it (a new inode). */
function versionOf(path: string): string | undefined {
  try {
    const info = statSync(path, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/** Reads the state file; a missing file is an empty environment. Throws on anything unreadable. */
export function loadState(path: string): StateData {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isObject(error) && error.code === "ENOENT") return emptyState;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`state file ${path} is not valid JSON`);
  }
  const state = readStateData(data);
  if (!state) throw new Error(`state file ${path} is not an emulator state file (version 1 or 2)`);
  return state;
}

interface Pending {
  readonly change: (fresher: StateData | undefined) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class StateFile {
  readonly #path: string;
  #pending: Pending[] = [];
  #running: Promise<void> | undefined;
  #snapshot: (() => StateData) | undefined;
  /** The version this process last read or wrote. */
  #version: string | undefined;
  #swept = false;

  readonly #lock: LockOptions;

  constructor(path: string, lock: Partial<LockOptions> = {}) {
    this.#path = path;
    this.#lock = { ...defaultLock, ...lock };
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Reads the state (missing file: empty) and remembers which version it read. */
  load(): StateData {
    const version = versionOf(this.#path);
    const data = loadState(this.#path);
    this.#version = version;
    return data;
  }

  /** The file's state when another process has replaced it since this one read or wrote it. */
  fresher(): StateData | undefined {
    return versionOf(this.#path) === this.#version ? undefined : this.load();
  }

  /**
   * Queues `change`; resolves with its result once the state it produced is on disk. Changes
   * queued while a save runs are saved together (one lock, one write): under the lock the first
   * gets the file's state if another process changed it (`fresher`), each makes its change, then
   * `snapshot()` is written.
   */
  update<T>(change: (fresher: StateData | undefined) => T, snapshot: () => StateData): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ change, resolve: resolve as (value: unknown) => void, reject });
      this.#snapshot = snapshot;
      this.#running ??= this.#drain().finally(() => {
        this.#running = undefined;
      });
    });
  }

  /** Resolves when every queued save has finished. */
  async flush(): Promise<void> {
    await this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0);
      try {
        await withFileLock(this.#path, this.#lock, () => this.#commit(batch));
      } catch (error) {
        // the lock was not had: nothing of this batch was applied
        for (const item of batch) item.reject(error);
      }
    }
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    await this.#sweep();
    let fresher = this.fresher();
    const applied: { item: Pending; result: unknown }[] = [];
    for (const item of batch) {
      try {
        applied.push({ item, result: item.change(fresher) });
      } catch (error) {
        item.reject(error);
      }
      fresher = undefined;
    }
    if (applied.length === 0 || !this.#snapshot) return;
    try {
      await this.#write(`${JSON.stringify(this.#snapshot(), null, 2)}\n`);
      this.#version = versionOf(this.#path);
    } catch (error) {
      for (const { item } of applied) item.reject(error);
      return;
    }
    for (const { item, result } of applied) item.resolve(result);
  }

  /** Removes temp files a killed writer left (none can be in use: we hold the lock), and its lock files. */
  async #sweep(): Promise<void> {
    if (this.#swept) return;
    this.#swept = true;
    await sweepLockLeftovers(this.#path);
    const prefix = `.${basename(this.#path)}.`;
    const entries = await readdir(dirname(this.#path)).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith(prefix) && entry.endsWith(".tmp"))
        await rm(join(dirname(this.#path), entry), { force: true });
    }
  }

  async #write(text: string): Promise<void> {
    const temp = join(dirname(this.#path), `.${basename(this.#path)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      const handle = await open(temp, "w");
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.#path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
