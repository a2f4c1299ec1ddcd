// Five seeded runs of one `sync apply --prune` against an emulator injecting 503s, 429s,
// connection resets and lost answers (the full 100 runs: npm run bench:chaos).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chaosRun, writeDefinitions } from "../../scripts/bench/chaos.ts";

const root = mkdtempSync(join(tmpdir(), "connectorkit-chaos-test-"));
const definitions = writeDefinitions(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("apply under injected faults", () => {
  it.concurrent.each([1, 2, 3, 4, 5])(
    "seed %i converges without duplicates or touching unmanaged connectors",
    async (seed) => {
      const result = await chaosRun(seed, definitions);
      expect(result.violations).toStrictEqual([]);
      expect(result.left).toStrictEqual([]);
      expect(result).toMatchObject({ exitCode: 0, converged: true });
    },
  );

  it("owns up when it cannot converge: exit 1 and what is left, never a false success", async () => {
    const result = await chaosRun(7, definitions, "5xx=0.9");
    expect(result.violations).toStrictEqual([]);
    expect(result.converged).toBe(false);
    expect(result.exitCode).toBe(1);
    expect(result.left.join("\n")).toMatch(/503 UNAVAILABLE/);
  });
});
