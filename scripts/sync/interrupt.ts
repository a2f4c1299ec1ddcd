// Ctrl-C, SIGTERM and SIGHUP, in one place for every command (a closed terminal or a cancelled
// CI job stops a run like Ctrl-C does). During apply's writes the first signal stops scheduling
// writes and lets those in flight finish, so every write that reached the server is reported;
// apply then prints `interrupted: N of M applied` with what is still pending and exits 128 + the
// signal's number. During a guarded phase (verify's temporary connected account) the first signal
// hands over to the phase's own handler, which cleans up and ends the run. A second signal, or one
// outside both (nothing has been changed yet), exits at once.

/** Exit code for a run stopped by SIGINT (128 + 2), as shells report it. */
export const interruptedExit = 130;

/** The signals a run stops on, each with its exit code (128 + its number). */
export const stopSignals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof stopSignals;

export class Interrupts {
  readonly #controller = new AbortController();
  #writing = 0;
  readonly #guards: ((signal: StopSignal) => void)[] = [];
  #signal: StopSignal = "SIGINT";

  /** The exit code for the signal that stopped the run (130 before any). */
  get exitCode(): number {
    return stopSignals[this.#signal];
  }

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
  async guarded<T>(onInterrupt: (signal: StopSignal) => void, task: () => Promise<T>): Promise<T> {
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
  interrupt(signal: StopSignal = "SIGINT"): "handled" | "graceful" | "exit" {
    if (this.#controller.signal.aborted) return "exit";
    this.#signal = signal;
    const guard = this.#guards.at(-1);
    if (guard) {
      this.#controller.abort();
      guard(signal);
      return "handled";
    }
    if (this.#writing === 0) return "exit";
    this.#controller.abort();
    return "graceful";
  }
}
