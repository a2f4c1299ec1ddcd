// The nine payloads of Scalekit's docs, written with the DSL, must build to exactly that JSON.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { build, validate } from "../../dsl/index.ts";
import { loadConnectors } from "../../scripts/lib/load-connectors.ts";

const examples = new URL("../../../shared/seed/examples/", import.meta.url);
const hasShared = existsSync(examples);
const files = hasShared ? readdirSync(examples).filter((file) => file.endsWith(".json")) : [];

describe.skipIf(!hasShared)("docs examples (../shared/seed/examples)", () => {
  it("has the nine payloads", () => {
    expect(files).toHaveLength(9);
  });

  it.each(files)("%s builds to exactly the docs payload", async (file) => {
    const expected = JSON.parse(readFileSync(new URL(file, examples), "utf8"));
    const { default: defined } = await import(`../../connectors/examples/${basename(file, ".json")}.ts`);
    expect(build(defined)).toStrictEqual(expected);
    expect(JSON.parse(JSON.stringify(defined))).toStrictEqual(expected);
    expect(validate(expected)).toEqual([]);
  });

  it("loads all nine from connectors/examples without errors", async () => {
    const { connectors, errors } = await loadConnectors(["connectors/examples"]);
    expect(errors).toEqual([]);
    expect(connectors.map((c) => c.display_name).sort()).toHaveLength(9);
  });
});

if (!hasShared) {
  it.skip("docs examples: ../shared/seed/examples is absent, so the round-trip tests are skipped", () => {});
}
