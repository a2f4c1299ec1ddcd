// Round trips over random DSL-built payloads full of hostile strings: the rendered source
// compiles and builds back to exactly the payload.
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Payload } from "../../dsl/index.ts";
import { renderConnectorSource } from "../../scripts/codegen/render.ts";
import { typeChecker } from "../../scripts/codegen/typecheck.ts";
import { adversarial, buildPlan, plan } from "./arbitraries.ts";
import { buildSource, importFromDir, scratchDir } from "./helpers.ts";

describe("renderConnectorSource round trips", () => {
  const scratch = scratchDir("render-props");
  afterAll(scratch.dispose);
  const importFrom = importFromDir(scratch.dir);

  it("builds back exactly what the DSL built, whatever the strings", async () => {
    await fc.assert(
      fc.asyncProperty(plan, adversarial(), async (p, note) => {
        const payload = buildPlan(p);
        const source = renderConnectorSource(payload, { importFrom, header: [note], notes: [note] });
        expect(await buildSource(scratch.dir, source)).toStrictEqual(payload);
      }),
      { numRuns: 120 },
    );
  });

  it("type-checks whatever the strings", async () => {
    const samples: { payload: Payload; path: string; text: string }[] = fc
      .sample(fc.tuple(plan, adversarial()), { numRuns: 60, seed: 7 })
      .map(([p, note], index) => {
        const payload = buildPlan(p);
        const text = renderConnectorSource(payload, { importFrom, header: [note], notes: [note] });
        return { payload, path: join(scratch.dir, `typed-${index}.ts`), text };
      });
    const errors = await typeChecker().check(samples);
    expect(Object.fromEntries(errors)).toEqual({});
  });

  it("keeps hostile text inside comments", () => {
    const payload = buildPlan(fc.sample(plan, { numRuns: 1, seed: 1 })[0] as never);
    const source = renderConnectorSource(payload, {
      importFrom,
      header: ["a */ b", "c\u2028d", `e\rf\`\${g}\``],
    });
    expect(source.split("\n").slice(0, 5)).toEqual([
      "// a *\\/ b",
      "// c",
      "// d",
      "// e",
      "// f`$" + "{g}`",
    ]);
  });
});
