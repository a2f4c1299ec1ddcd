// Ctrl-C during apply. The first interrupt stops scheduling writes and lets those in flight finish,
// so every write that reached the server is reported; apply then prints `interrupted: N of M
// applied` with what is still pending and exits 130. A second interrupt, or one outside apply's
// writes (nothing has been changed yet), exits at once with 130.

/** Exit code for a run stopped by SIGINT (128 + 2), as shells report it. */
export const interruptedExit = 130;

export class Interrupts {
  readonly #controller = new AbortController();
  #writing = 0;

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

  /** What an interrupt means now: stop gracefully (the first, during writes), or exit at once. */
  interrupt(): "graceful" | "exit" {
    if (this.#writing === 0 || this.#controller.signal.aborted) return "exit";
    this.#controller.abort();
    return "graceful";
  }
}
