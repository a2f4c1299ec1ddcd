// Usage: tsx scripts/bench/hostile.ts [--only TEXT]
// Feeds hostile input to the real code, case by case (scripts/bench/hostile/*-cases.ts): long
// strings and huge documents, $refs and MCP metadata steering fetches to private addresses,
// characters that hide or reorder text, a linked --out, endless stdin, a lock race. Prints each
// case, then the totals: bad inputs tried, crashes, hangs, leaks, lost writes, and for timed
// cases the time at full size against the same input ten times smaller (linear: about 10×).
// Exits 1 if anything crashed, hung, leaked or was lost.
import type { HostileCase, Outcome } from "./hostile/case.ts";
import { lockCases } from "./hostile/lock-cases.ts";
import { longInputCases } from "./hostile/long-cases.ts";
import { networkCases } from "./hostile/network-cases.ts";
import { outputCases } from "./hostile/output-cases.ts";

const cases: readonly HostileCase[] = [...longInputCases, ...networkCases, ...outputCases, ...lockCases];

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const chosen = cases.filter((item) => only === undefined || `${item.group} ${item.name}`.includes(only));

const totals = { tried: 0, crashes: 0, hangs: 0, leaks: 0, lostWrites: 0 };
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`${pad("case", 70)} ${pad("tried", 6)} bad  time (ms, full vs 1/10 size)`);
for (const item of chosen) {
  let outcome: Outcome;
  try {
    outcome = await item.run();
  } catch (error) {
    outcome = {
      tried: 1,
      crashes: 1,
      note: error instanceof Error ? error.message.slice(0, 100) : String(error),
    };
  }
  const bad =
    (outcome.crashes ?? 0) + (outcome.hangs ?? 0) + (outcome.leaks ?? 0) + (outcome.lostWrites ?? 0);
  totals.tried += outcome.tried;
  totals.crashes += outcome.crashes ?? 0;
  totals.hangs += outcome.hangs ?? 0;
  totals.leaks += outcome.leaks ?? 0;
  totals.lostWrites += outcome.lostWrites ?? 0;
  const time = outcome.time
    ? `${outcome.time.ms.toFixed(1)} vs ${outcome.time.baselineMs.toFixed(1)} = ${(outcome.time.ms / Math.max(outcome.time.baselineMs, 0.01)).toFixed(1)}×`
    : "";
  console.log(
    `${pad(`${item.group}: ${item.name}`, 70)} ${pad(String(outcome.tried), 6)} ${pad(String(bad), 4)} ${time}${outcome.note ? `  (${outcome.note})` : ""}`,
  );
}
console.log(
  `\nbad inputs tried: ${totals.tried}; crashes: ${totals.crashes}; hangs: ${totals.hangs}; leaks: ${totals.leaks}; lost writes: ${totals.lostWrites}`,
);
if (totals.crashes + totals.hangs + totals.leaks + totals.lostWrites > 0) process.exitCode = 1;
