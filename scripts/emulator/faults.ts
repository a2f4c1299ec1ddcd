// Injected failures for /api/v1 and /oauth/token: a spec such as `5xx=0.1,429=0.05,reset=0.05,lost=0.05`
// and a seeded generator, so one seed and one request sequence always fail the same way.
// mulberry32 is hand-rolled because Math.random cannot be seeded and no dependency is worth 6 lines.

export const faultKinds = ["5xx", "429", "reset", "lost"] as const;
export type FaultKind = (typeof faultKinds)[number];
/** Probability of each fault per request; they are exclusive, so the sum is at most 1. */
export type FaultSpec = Readonly<Partial<Record<FaultKind, number>>>;

export class FaultSpecError extends Error {
  override readonly name = "FaultSpecError";
}

const isKind = (value: string): value is FaultKind => (faultKinds as readonly string[]).includes(value);
const usage = `use kind=probability pairs separated by commas, kinds ${faultKinds.join(", ")}, e.g. 5xx=0.1,reset=0.05`;

/** Parses `kind=p,…`; throws FaultSpecError naming the bad part. */
export function parseFaults(text: string): FaultSpec {
  const spec: Partial<Record<FaultKind, number>> = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const [kind = "", value, ...rest] = part.split("=").map((p) => p.trim());
    if (value === undefined || rest.length > 0) throw new FaultSpecError(`bad fault "${part}": ${usage}`);
    if (!isKind(kind)) throw new FaultSpecError(`unknown fault kind "${kind}": ${usage}`);
    if (kind in spec) throw new FaultSpecError(`fault kind "${kind}" is given twice`);
    spec[kind] = value === "" ? Number.NaN : Number(value);
  }
  return checkFaults(spec);
}

/** Checks each probability is in [0, 1] and that they add up to at most 1. */
export function checkFaults(spec: FaultSpec): FaultSpec {
  let sum = 0;
  for (const [kind, p] of Object.entries(spec)) {
    if (!isKind(kind)) throw new FaultSpecError(`unknown fault kind "${kind}": ${usage}`);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new FaultSpecError(`fault ${kind} needs a probability between 0 and 1, not ${String(p)}`);
    }
    sum += p;
  }
  if (sum > 1 + 1e-9) throw new FaultSpecError(`fault probabilities add up to ${sum}; the most is 1`);
  return spec;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws one number per faultable request and maps it onto the spec's probabilities, in a fixed order. */
export class FaultPlan {
  readonly #spec: FaultSpec;
  readonly #seed: number;
  #next: () => number;

  constructor(spec: FaultSpec | string, seed: number) {
    this.#spec = typeof spec === "string" ? parseFaults(spec) : checkFaults(spec);
    this.#seed = seed;
    this.#next = mulberry32(seed);
  }

  /** Starts the sequence over, as after a fresh start with the same seed. */
  reseed(): void {
    this.#next = mulberry32(this.#seed);
  }

  draw(): FaultKind | undefined {
    const roll = this.#next();
    let edge = 0;
    for (const kind of faultKinds) {
      edge += this.#spec[kind] ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  }
}

/**
 * The connection went away without a response: thrown through the app so the in-process fetch
 * fails like a real one (a TypeError "fetch failed" whose cause is the socket error), and the
 * socket server destroys the connection instead. `status` is what the handler answered
 * before a "lost" response was dropped (0 when nothing was handled).
 */
export class ConnectionDropped extends TypeError {
  constructor(
    readonly fault: "reset" | "lost",
    readonly status: number,
  ) {
    super("fetch failed", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
  }
}
