// The temporary connected accounts `sync verify` makes, and their removal: after each check,
// whatever its result, and on Ctrl-C, SIGTERM or SIGHUP before the process ends, saying what it
// deleted. A removal that fails is reported with the account's name. A temporary account's
// identifier carries when it was made (`connectorkit-verify-<base36 seconds>-<hex>`), so one a
// SIGKILL left behind is found by the next verify on that connection once it is stale, or at once
// by `verify --clean-up`.
import { randomBytes } from "node:crypto";
import type { AccountRef, ScalekitClient } from "../../client/index.ts";
import { exitAfterOutput } from "../../lib/exit.ts";
import { type Interrupts, type StopSignal, stopSignals } from "../interrupt.ts";

export interface LeftBehind extends AccountRef {
  readonly reason: string;
}

const prefix = "connectorkit-verify-";
/** A temporary account older than this belongs to no run still going (--wait is at most an hour). */
export const staleAfterMs = 2 * 60 * 60 * 1000;

export const temporaryIdentifier = (now = Date.now()): string =>
  `${prefix}${Math.floor(now / 1000).toString(36)}-${randomBytes(4).toString("hex")}`;

/** When a temporary identifier says it was made, or undefined for any other identifier. */
export function madeAt(identifier: string): number | undefined {
  const match = /^connectorkit-verify-([0-9a-z]+)-[0-9a-f]{8}$/.exec(identifier);
  if (!match?.[1]) return identifier.startsWith(prefix) ? 0 : undefined;
  return Number.parseInt(match[1], 36) * 1000;
}

/** Deletes the temporary accounts on `connection` made before `before` (all of them with Infinity). */
export async function removeLeftovers(
  client: ScalekitClient,
  connection: string,
  before: number,
): Promise<{ removed: string[]; failed: LeftBehind[] }> {
  const accounts = await client.listConnectedAccounts({ connection });
  const removed: string[] = [];
  const failed: LeftBehind[] = [];
  for (const account of accounts) {
    const identifier = account.identifier ?? "";
    const made = madeAt(identifier);
    if (made === undefined || made >= before) continue;
    try {
      await client.deleteConnectedAccount({ connection, identifier });
      removed.push(identifier);
    } catch (error) {
      failed.push({ connection, identifier, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { removed, failed };
}

export class TemporaryAccounts {
  readonly #client: ScalekitClient;
  readonly #live = new Map<string, AccountRef>();
  readonly #failed: LeftBehind[] = [];
  readonly #removed: AccountRef[] = [];

  constructor(client: ScalekitClient) {
    this.#client = client;
  }

  get leftBehind(): readonly LeftBehind[] {
    return this.#failed;
  }

  /** The accounts deleted so far. */
  get removed(): readonly AccountRef[] {
    return this.#removed;
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
      this.#removed.push(account);
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
 * Runs `task`; on SIGINT, SIGTERM or SIGHUP meanwhile, runs `cleanup`, says what it deleted, and
 * ends the process with 128 + the signal's number. A second signal ends it at once. Where the
 * command line routes its signals through `interrupts`, they come from there.
 */
export async function cleanupOnSignal<T>(
  accounts: TemporaryAccounts,
  notify: (text: string) => void,
  task: () => Promise<T>,
  interrupts?: Interrupts,
): Promise<T> {
  let stopping = false;
  const handler = (signal: StopSignal) => {
    const code = stopSignals[signal];
    if (stopping) process.exit(code);
    stopping = true;
    notify("\nInterrupted: deleting the temporary connected account…\n");
    const before = accounts.removed.length;
    accounts
      .removeAll()
      .then(() => {
        const deleted = accounts.removed.slice(before);
        for (const account of deleted)
          notify(
            `deleted the temporary connected account "${account.identifier}" on connection "${account.connection}"\n`,
          );
        if (deleted.length === 0 && accounts.leftBehind.length === 0)
          notify("no temporary connected account was left to delete\n");
        for (const left of accounts.leftBehind)
          notify(
            `✖ the temporary connected account "${left.identifier}" on connection "${left.connection}" could not be deleted: ${left.reason}\n  → delete it in the Scalekit dashboard, or run sync verify --clean-up\n`,
          );
      })
      .finally(() => exitAfterOutput(code));
  };
  if (interrupts) return await interrupts.guarded(handler, task);
  const signals = Object.keys(stopSignals) as StopSignal[];
  for (const signal of signals) process.on(signal, handler);
  try {
    return await task();
  } finally {
    for (const signal of signals) process.off(signal, handler);
  }
}
