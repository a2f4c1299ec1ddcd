// Which parts to check, as generate's summary line and the generated file's header say them: the
// parts the warnings are about, in the connector's order; a part no warning is about is not named.
// The summary's verify line is the call the file writes, headers included.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { partsToCheck } from "../../scripts/codegen/check-parts.ts";
import { printReport } from "../../scripts/codegen/print.ts";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { scratchDir } from "./helpers.ts";
import { oas3 } from "./spec-helpers.ts";

const warning = (code: string) => ({ code, message: `about ${code}`, pointer: "#" });

describe("the parts to check", () => {
  it("names each part the warnings cast doubt on, once, in the connector's order", () => {
    const warnings = [
      "proxy-test-server",
      "auth-raw-authorization",
      "field-fixed-header",
      "auth-unused-scheme",
    ];
    expect(partsToCheck(warnings.map(warning))).toEqual([
      "auth type",
      "auth header",
      "host",
      "header fields",
    ]);
  });

  it("names nothing for a connector without warnings, or with warnings about reading alone", () => {
    expect(partsToCheck([])).toEqual([]);
    expect(partsToCheck([warning("spec-yaml-lenient")])).toEqual([]);
  });

  const scratch = scratchDir("check-parts");
  afterAll(scratch.dispose);
  const bearer = {
    components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
    security: [{ b: [] }],
  };

  it("are said on the summary line and atop the file's notes; a sure connector says nothing", async () => {
    const specs = {
      sandbox: oas3({
        ...bearer,
        info: { title: "Acme Sandbox", version: "1" },
        servers: [{ url: "https://sandbox.acme.io" }],
      }),
      sure: oas3({
        ...bearer,
        info: { title: "Acme", version: "1" },
        paths: {
          "/things": {
            get: {
              parameters: [{ name: "Acme-Trace", in: "header", required: true, schema: { enum: ["on"] } }],
              responses: {},
            },
          },
          // the others do without it, so it is the request's, not a field of the connector
          "/things/{id}": { get: { responses: {} } },
          "/widgets/{id}": { get: { responses: {} } },
        },
      }),
    };
    const sources = Object.entries(specs).map(([name, root]) => {
      const spec = join(scratch.dir, `${name}.json`);
      writeFileSync(spec, JSON.stringify(root));
      return { kind: "spec" as const, spec };
    });
    const report = await runGenerate(sources, { out: join(scratch.dir, "out") });
    let printed = "";
    printReport(report, { write: (text: string) => (printed += text) }, 0.1);
    // without colours: picocolors wraps the count in escape codes on a terminal
    const lines = printed.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "").split("\n");
    expect(lines.find((line) => line.includes("acme-sandbox.ts"))).toMatch(
      /: BEARER · https:\/\/sandbox\.acme\.io — check host \(1 ⚠\)$/,
    );
    const sure = lines.findIndex((line) => line.includes("/out/acme.ts"));
    expect(lines[sure]).toMatch(/: BEARER · https:\/\/api\.acme\.io$/);
    // the verify request as the file writes it, with the header it carries
    expect(lines[sure + 1]).toBe('  verify: .verify("GET /things", { headers: { "Acme-Trace": "on" } })');
    const file = (name: string) => readFileSync(join(scratch.dir, "out", `${name}.ts`), "utf8");
    expect(file("acme-sandbox")).toContain(
      "// Check before deploying: host.\n// - the only servers are for testing",
    );
    expect(file("acme")).not.toContain("Check before deploying");
  });
});
