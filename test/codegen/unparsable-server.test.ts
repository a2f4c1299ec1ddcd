// A server URL that does not parse never becomes a generated connector: the generator validates
// what it infers, and validate() reads proxy_url as a URL, so the source fails with a message
// naming the URL, what is wrong with it and the fix, and nothing is written.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { scratchDir } from "./helpers.ts";
import { oas3 } from "./spec-helpers.ts";

describe("a server URL that does not parse", () => {
  const scratch = scratchDir("unparsable");
  afterAll(scratch.dispose);

  it.each([
    ["a space in the host", "https://api acme.io/v1", "it holds whitespace"],
    ["a port out of range", "https://api.acme.io:99999/v1", 'its port "99999" is not a number up to 65535'],
  ])("%s is refused, naming why, and nothing is written", async (_name, url, why) => {
    const spec = join(scratch.dir, "acme.json");
    writeFileSync(
      spec,
      JSON.stringify(
        oas3({
          servers: [{ url }],
          components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
          security: [{ b: [] }],
        }),
      ),
    );
    const out = join(scratch.dir, "out");
    const report = await runGenerate([{ kind: "spec", spec }], { out });
    expect(report.results).toStrictEqual([]);
    expect(report.errors[0]?.message).toContain(`proxy_url: proxy_url "${url}" is not a URL (${why})`);
    expect(report.errors[0]?.message).toContain(
      "→ write an absolute https URL such as https://api.example.com/v1",
    );
    expect(existsSync(join(out, "acme.ts"))).toBe(false);
  });
});
