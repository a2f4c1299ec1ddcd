// Every warning code the generator can report is documented in docs/warnings.md (rendered from
// scripts/lib/warning-codes.ts), and every documented code is one the generator reports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { warningsPage, withWarningCodes } from "../../scripts/codegen/warning-docs.ts";
import { warningCodes } from "../../scripts/lib/warning-codes.ts";
import { projectRoot, sourceFiles } from "./helpers.ts";

const registry = join(projectRoot, "scripts/lib/warning-codes.ts");
const generatorSources = ["scripts/codegen", "scripts/mcp"]
  .flatMap((dir) => sourceFiles(join(projectRoot, dir)))
  .filter((file) => file !== registry);
/** Every quoted string in the generator's code that is shaped like a warning code. */
const written = new Set(
  generatorSources.flatMap((file) =>
    [
      ...readFileSync(file, "utf8").matchAll(
        /["'`]((?:auth|proxy|field|name|spec)-[a-z0-9]+(?:-[a-z0-9]+)*)["'`]/g,
      ),
    ].map((match) => match[1] ?? ""),
  ),
);

describe("warning codes", () => {
  it("docs/warnings.md lists every code with what it means and what to check, as the registry renders it", () => {
    const page = readFileSync(join(projectRoot, warningsPage), "utf8");
    expect(withWarningCodes(page)).toBe(page);
    for (const code of Object.keys(warningCodes)) expect(page).toContain(`| \`${code}\` |`);
  });

  it("every code the generator's code writes is registered", () => {
    const unregistered = [...written].filter((code) => !Object.hasOwn(warningCodes, code));
    expect(unregistered).toEqual([]);
  });

  it("every registered code is one the generator reports", () => {
    const unused = Object.keys(warningCodes).filter((code) => !written.has(code));
    expect(unused).toEqual([]);
  });

  it("each code names the part it is about, and casts doubt only within that part", () => {
    const within = { auth: ["type", "oauth-urls", "header"], proxy: ["host", "base-path", "template"] };
    for (const [code, doc] of Object.entries(warningCodes)) {
      expect(code).toMatch(/^(auth|proxy|field|name|spec)-[a-z0-9-]+$/);
      const part = code.split("-")[0] as "auth" | "proxy" | "field" | "name" | "spec";
      if (part === "auth" || part === "proxy") {
        expect(doc.doubts.length, code).toBeGreaterThan(0);
        for (const aspect of doc.doubts) expect(within[part], code).toContain(aspect);
      } else {
        expect(doc.doubts, code).toEqual([]);
      }
    }
  });
});
