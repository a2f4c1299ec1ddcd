// $ref chains resolve in linear time: each link is followed once, however many chains run through
// it. Counted in property reads of the schemes map, not timed (speed is measured by the bench).
import { describe, expect, it } from "vitest";
import { authOf, inferOf, oas3 } from "./spec-helpers.ts";

/** n schemes, each a $ref to the next, the last a bearer scheme; and a count of reads of the map. */
function chainedSchemes(n: number) {
  const schemes: Record<string, unknown> = {};
  for (let i = 0; i < n; i += 1) schemes[`s${i}`] = { $ref: `#/components/securitySchemes/s${i + 1}` };
  schemes[`s${n}`] = { type: "http", scheme: "bearer" };
  const counter = { reads: 0 };
  const counted = new Proxy(schemes, {
    get(target, key, receiver) {
      if (typeof key === "string" && key.startsWith("s")) counter.reads += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { schemes: counted, counter };
}

describe("$ref chains", () => {
  it("resolves a chain through 2,000 schemes reading each link a bounded number of times", () => {
    const n = 2000;
    const { schemes, counter } = chainedSchemes(n);
    const inference = inferOf(oas3({ components: { securitySchemes: schemes }, security: [{ s0: [] }] }));
    expect(authOf(inference).type).toBe("BEARER");
    // one pass over the map, one read per link of the chain, and a few per scheme besides:
    // following each scheme's chain to its end would read about n²/2 = 2,000,000 times
    expect(counter.reads).toBeLessThan(20 * n);
  });

  it("still reports a cycle as unresolvable, for every scheme on it", () => {
    const schemes = {
      a: { $ref: "#/components/securitySchemes/b" },
      b: { $ref: "#/components/securitySchemes/a" },
    };
    const inference = inferOf(oas3({ components: { securitySchemes: schemes }, security: [{ a: [] }] }));
    const unresolved = inference.warnings
      .filter((w) => w.code === "auth-unresolved-ref")
      .map((w) => w.pointer);
    expect(unresolved).toEqual(["#/components/securitySchemes/a", "#/components/securitySchemes/b"]);
  });
});
