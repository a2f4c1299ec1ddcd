// Where sync writes, and in which colours. Output goes to streams the caller gives (the CLI
// passes process.stdout/stderr, tests pass collectors). Colour only on a terminal, never with
// NO_COLOR set; FORCE_COLOR turns it on (picocolors alone would also colour in CI logs).
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

/** The part of a Writable sync uses. */
export interface Out {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function colorsFor(stream: Out, env: Readonly<Record<string, string | undefined>>): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  return pc.createColors(!noColor && (force || stream.isTTY === true));
}

/** A Writable-like sink that keeps what it is given (tests, and the bench's silent runs). */
export class Collector implements Out {
  readonly isTTY: boolean;
  #text = "";
  constructor(isTTY = false) {
    this.isTTY = isTTY;
  }
  write(text: string): boolean {
    this.#text += text;
    return true;
  }
  get text(): string {
    return this.#text;
  }
}

/** "1 connector", "2 connectors". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
