// The nine payloads of Scalekit's docs, written with the DSL, must build to exactly that JSON.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
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

  it("docs/dsl.md's command writes the docs JSON of each example", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const page = readFileSync(join(root, "docs/dsl.md"), "utf8");
    const command = /`npx tsx scripts\/build\.ts (connectors\/examples) --out [^`]+`/.exec(page);
    expect(command, "docs/dsl.md names the command that writes the examples' JSON").not.toBeNull();
    const out = mkdtempSync(join(tmpdir(), "connectorkit-examples-"));
    try {
      await promisify(execFile)(join(root, "node_modules/.bin/tsx"), [
        join(root, "scripts/build.ts"),
        join(root, command?.[1] as string),
        "--out",
        out,
      ]);
      const written = readdirSync(out).map((file) => JSON.parse(readFileSync(join(out, file), "utf8")));
      const expected = files.map((file) => JSON.parse(readFileSync(new URL(file, examples), "utf8")));
      expect(written).toHaveLength(9);
      for (const payload of expected) expect(written).toContainEqual(payload);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
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
