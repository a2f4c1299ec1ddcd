// Whether an emulator still runs, read from its port: the pid of one that has exited can linger
// as a zombie until the system reaps it, and answers kill(pid, 0) all the while.
import { setTimeout as sleep } from "node:timers/promises";
import { withTimeLimit } from "../../scripts/lib/time-limit.ts";

/** Whether anything answers at `url`. */
export async function serving(url: string): Promise<boolean> {
  try {
    await withTimeLimit(2000, async (signal) => (await fetch(`${url}/_emulator/state`, { signal })).text());
    return true;
  } catch {
    return false;
  }
}

/** Polls until nothing answers at `url`; false if it still does after `ms` (a generous bound, not a speed). */
export async function stopsServing(url: string, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (!(await serving(url))) return true;
  return false;
}
