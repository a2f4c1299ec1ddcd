// The nine docs payloads render to DSL source that compiles and builds back to exactly that JSON.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderConnectorSource } from "../../scripts/codegen/render.ts";
import { typeChecker } from "../../scripts/codegen/typecheck.ts";
import { buildSource, importFromDir, scratchDir, seedExamplesDir } from "./helpers.ts";

const hasSeed = existsSync(seedExamplesDir);
const files = hasSeed ? readdirSync(seedExamplesDir).filter((file) => file.endsWith(".json")) : [];

describe.skipIf(!hasSeed)("renderConnectorSource on the docs examples", () => {
  const scratch = scratchDir("render");
  afterAll(scratch.dispose);
  const render = (file: string) => {
    const payload = JSON.parse(readFileSync(join(seedExamplesDir, file), "utf8"));
    const source = renderConnectorSource(payload, {
      importFrom: importFromDir(scratch.dir),
      header: [`from ${file}`],
    });
    return { payload, source };
  };

  it.each(files)("%s builds back to exactly the payload", async (file) => {
    const { payload, source } = render(file);
    expect(await buildSource(scratch.dir, source)).toStrictEqual(payload);
  });

  it("every rendered example type-checks", async () => {
    const sources = files.map((file) => ({
      path: join(scratch.dir, `check-${file}.ts`),
      text: render(file).source,
    }));
    expect(Object.fromEntries(await typeChecker().check(sources))).toEqual({});
  });

  it("leaves out what the DSL defaults to", () => {
    expect(render("api-bearer.json").source).toContain(
      'connector("My Bearer Token Provider")\n  .description("Connect to an API that accepts a static bearer token")\n  .bearer()\n  .proxy("https://api.example.com");',
    );
  });
});

if (!hasSeed) {
  it.skip("renderConnectorSource: ../shared/seed/examples is absent, so the docs round trips are skipped", () => {});
}
