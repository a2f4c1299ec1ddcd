// The temporary connected accounts `sync verify` makes, and their removal: after each check,
// whatever its result, and on Ctrl-C or SIGTERM before the process ends. A removal that fails
// is reported with the account's name so the user can delete it by hand.
import type { AccountRef, ScalekitClient } from "../../client/index.ts";
import { exitAfterOutput } from "../../lib/exit.ts";
import type { Interrupts } from "../interrupt.ts";

export interface LeftBehind extends AccountRef {
  readonly reason: string;
}

export class TemporaryAccounts {
  readonly #client: ScalekitClient;
  readonly #live = new Map<string, AccountRef>();
  readonly #failed: LeftBehind[] = [];

  constructor(client: ScalekitClient) {
    this.#client = client;
  }

  get leftBehind(): readonly LeftBehind[] {
    return this.#failed;
  }

  /** Remembers the account before it is created, so an interrupted create is cleaned up too. */
  track(account: AccountRef): void {
    this.#live.set(`${account.connection}\n${account.identifier}`, account);
  }

  /** Deletes the account; `created` false when its create failed or never answered (it may not exist). */
  async remove(account: AccountRef, created: boolean): Promise<void> {
    const key = `${account.connection}\n${account.identifier}`;
    if (!this.#live.delete(key)) return;
    try {
      await this.#client.deleteConnectedAccount(account);
    } catch (error) {
      // an account whose create never succeeded is not there to delete
      const status = (error as { status?: number }).status;
      if (!created && status === 404) return;
      this.#failed.push({ ...account, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async removeAll(): Promise<void> {
    await Promise.all([...this.#live.values()].map((account) => this.remove(account, false)));
  }
}

/**
 * Runs `task`; on SIGINT or SIGTERM meanwhile, runs `cleanup` and ends the process with 130
 * (128 + SIGINT) or 143. A second signal ends it at once. Where the command line routes Ctrl-C
 * through `interrupts`, SIGINT comes from there.
 */
export async function cleanupOnSignal<T>(
  cleanup: () => Promise<void>,
  notify: (text: string) => void,
  task: () => Promise<T>,
  interrupts?: Interrupts,
): Promise<T> {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    notify(`\nInterrupted: deleting the temporary connected account…\n`);
    cleanup().finally(() => exitAfterOutput(code));
  };
  if (!interrupts) process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  try {
    return interrupts ? await interrupts.guarded(() => handler("SIGINT"), task) : await task();
  } finally {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  }
}
