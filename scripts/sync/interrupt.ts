// Ctrl-C, in one place for every command. During apply's writes the first interrupt stops
// scheduling writes and lets those in flight finish, so every write that reached the server is
// reported; apply then prints `interrupted: N of M applied` with what is still pending and exits
// 130. During a guarded phase (verify's temporary connected account) the first interrupt hands
// over to the phase's own handler, which cleans up and ends the run. A second interrupt, or one
// outside both (nothing has been changed yet), exits at once with 130.

/** Exit code for a run stopped by SIGINT (128 + 2), as shells report it. */
export const interruptedExit = 130;

export class Interrupts {
  readonly #controller = new AbortController();
  #writing = 0;
  readonly #guards: (() => void)[] = [];

  /** Aborted by the first interrupt during writes. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Runs `writes` as a phase in which the first interrupt is graceful. */
  async during<T>(writes: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.#writing++;
    try {
      return await writes(this.#controller.signal);
    } finally {
      this.#writing--;
    }
  }

  /** Runs `task`; the first interrupt meanwhile calls `onInterrupt`, which must end the run. */
  async guarded<T>(onInterrupt: () => void, task: () => Promise<T>): Promise<T> {
    this.#guards.push(onInterrupt);
    try {
      return await task();
    } finally {
      this.#guards.splice(this.#guards.indexOf(onInterrupt), 1);
    }
  }

  /**
   * What an interrupt means now: handed to a guarded phase, stop gracefully (the first, during
   * writes), or exit at once.
   */
  interrupt(): "handled" | "graceful" | "exit" {
    if (this.#controller.signal.aborted) return "exit";
    const guard = this.#guards.at(-1);
    if (guard) {
      this.#controller.abort();
      guard();
      return "handled";
    }
    if (this.#writing === 0) return "exit";
    this.#controller.abort();
    return "graceful";
  }
}
