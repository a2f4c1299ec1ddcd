// The --state file: read once at start, rewritten after every write. Each save goes to a temp file
// in the same directory, is fsynced, then renamed over the old file, so a crash leaves either the
// old or the new state, never half of one. Saves run one at a time, in order.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isObject } from "../../dsl/rules/issue.ts";
import { emptyState, type StateData } from "./store.ts";

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
  if (
    !isObject(data) ||
    data.version !== 1 ||
    typeof data.sequence !== "number" ||
    !Array.isArray(data.providers) ||
    !Array.isArray(data.connections)
  ) {
    throw new Error(`state file ${path} is not an emulator state file (version 1)`);
  }
  return {
    version: 1,
    sequence: data.sequence,
    providers: data.providers,
    connections: data.connections,
  };
}

export class StateFile {
  readonly #path: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Queues a save of `data`; resolves once it is on disk. */
  save(data: StateData): Promise<void> {
    const saved = this.#queue.then(() => this.#write(`${JSON.stringify(data, null, 2)}\n`));
    this.#queue = saved.catch(() => undefined);
    return saved;
  }

  /** Resolves when every queued save has finished. */
  flush(): Promise<void> {
    return this.#queue;
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
