// The DSL's promise read backwards: every payload validate() accepts can be written with the DSL.
// `sync pull` spells a remote payload the DSL's way (dslShape) and renders it as source; building
// that source must give the same payload back, and plan must see no difference from the remote.
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type Payload, validate } from "../../dsl/index.ts";
import { renderConnectorSource } from "../../scripts/codegen/render.ts";
import { typeChecker } from "../../scripts/codegen/typecheck.ts";
import { canonical } from "../../scripts/sync/connector/canonical.ts";
import { dslShape } from "../../scripts/sync/connector/dsl-shape.ts";
import { buildSource, importFromDir, scratchDir } from "../codegen/helpers.ts";
import { wirePayload } from "./wire-arbitraries.ts";

describe("pull → build gives back every payload validate() accepts", () => {
  const scratch = scratchDir("round-trip");
  afterAll(scratch.dispose);
  const importFrom = importFromDir(scratch.dir);
  // what `sync pull` writes for a remote payload
  const pulled = (payload: Payload) => renderConnectorSource(dslShape(payload), { importFrom, header: [] });

  it("builds back the same payload, for generated wire payloads of every kind", async () => {
    await fc.assert(
      fc.asyncProperty(wirePayload, async (payload) => {
        expect(validate(payload)).toEqual([]);
        const built = await buildSource(scratch.dir, pulled(payload));
        expect(built).toStrictEqual(dslShape(payload));
        expect(canonical(built)).toStrictEqual(canonical(payload));
        expect(validate(built)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("the source pull writes type-checks", async () => {
    const sources = fc.sample(wirePayload, { numRuns: 60, seed: 12 }).map((payload, index) => ({
      path: join(scratch.dir, `typed-${index}.ts`),
      text: pulled(payload),
    }));
    expect(Object.fromEntries(await typeChecker().check(sources))).toEqual({});
  });
});
