// The generator's modules form layers: each step imports only steps before it (type-only imports
// included), so any one of them can be read, tested and changed without the ones after it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "./helpers.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Every relative module a file imports or re-exports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.ts)"/g)];
  return found.map((match) => resolve(dirname(file), match[1] ?? ""));
}

/** The first import cycle found among `files`, as a list of paths relative to the project. */
function findCycle(files: readonly string[]): string[] | undefined {
  const inScope = new Set(files);
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "visiting") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "visiting");
    stack.push(file);
    for (const next of importsOf(file)) {
      if (!inScope.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle.map((path) => relative(root, path));
  }
  return undefined;
}

describe("module layout", () => {
  it.each(["scripts/codegen", "scripts/mcp", "scripts/sync", "scripts/client", "scripts/emulator", "dsl"])(
    "%s has no import cycle",
    (dir) => {
      expect(findCycle(sourceFiles(join(root, dir)))).toBeUndefined();
    },
  );

  it("finds a cycle when there is one, type-only imports included", () => {
    const dir = mkdtempSync(join(tmpdir(), "connectorkit-imports-"));
    try {
      writeFileSync(join(dir, "a.ts"), 'import type { B } from "./b.ts";\nexport type A = B;\n');
      writeFileSync(join(dir, "b.ts"), 'import { c } from "./c.ts";\nexport type B = typeof c;\n');
      writeFileSync(join(dir, "c.ts"), 'import type { A } from "./a.ts";\nexport const c: A | 1 = 1;\n');
      const cycle = findCycle(sourceFiles(dir))?.map((path) => path.split("/").at(-1));
      expect(cycle).toEqual(["a.ts", "b.ts", "c.ts", "a.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
