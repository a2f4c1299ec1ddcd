// One hostile-input case of `npm run bench:hostile`: a small function that feeds one bad input to
// the real code and says what went wrong. Add a case by exporting it in one of the lists that
// scripts/bench/hostile.ts gathers (or a new list there).

/** What one case saw. Every count is of bad inputs; none but `tried` should be above 0. */
export interface Outcome {
  /** Bad inputs fed to the code. */
  readonly tried: number;
  /** Inputs the code threw on where it should have answered (an overflow, a TypeError). */
  readonly crashes?: number;
  /** Inputs that took past the case's deadline. */
  readonly hangs?: number;
  /**
   * Inputs that got through where they must not: a request that reached a private address, a
   * character a terminal or editor would act on left raw, a read past its cap, a write through a link.
   */
  readonly leaks?: number;
  /** Writes acknowledged and then missing. */
  readonly lostWrites?: number;
  /** For timed cases: the full-size input and the same input ten times smaller, in ms. */
  readonly time?: { readonly ms: number; readonly baselineMs: number };
  /** A line of detail for the table. */
  readonly note?: string;
}

export interface HostileCase {
  /** Where it belongs in the table: "long input", "network", "output", "lock". */
  readonly group: string;
  readonly name: string;
  run(): Promise<Outcome>;
}

/** Resolves with `work`'s result, or with "hang" once `ms` have passed. */
export async function withDeadline<T>(ms: number, work: () => Promise<T>): Promise<T | "hang"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}
