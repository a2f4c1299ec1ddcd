// Long strings and huge documents: each long input (long-inputs.ts) at full size against the
// same input ten times smaller. Linear code takes about ten times as long (timer noise aside);
// the quadratic code it replaced took about a hundred. Medians of a few runs each; past 1 s at
// full size is a hang.
import { median } from "../process.ts";
import type { HostileCase } from "./case.ts";
import { longInputs, timed } from "./long-inputs.ts";

const deadlineMs = 1_000;

export const longInputCases: readonly HostileCase[] = longInputs.map((item) => ({
  group: "long input",
  name: item.name,
  async run() {
    const small = item.input(0.1);
    const full = item.input(1);
    try {
      timed(item.run, small); // warm the code paths first
      const baselineMs = median(Array.from({ length: 5 }, () => timed(item.run, small)));
      const ms = median(Array.from({ length: 3 }, () => timed(item.run, full)));
      return { tried: 1, hangs: ms > deadlineMs ? 1 : 0, time: { ms, baselineMs } };
    } catch (error) {
      return {
        tried: 1,
        crashes: 1,
        note: error instanceof Error ? error.message.slice(0, 80) : String(error),
      };
    }
  },
}));
