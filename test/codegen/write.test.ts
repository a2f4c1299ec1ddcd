// Writing generated files: output from a different source never replaces a file another source
// generated (Acme, then ACME, slug to the same name) without --force, and nothing is written
// through a symbolic link, --force or not.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { scratchDir } from "./helpers.ts";
import { oas3 } from "./spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};

describe("writing generated files", () => {
  const scratch = scratchDir("write");
  afterAll(scratch.dispose);
  const spec = (name: string, title: string, host: string) => {
    const path = join(scratch.dir, name);
    writeFileSync(
      path,
      JSON.stringify(oas3({ ...bearer, info: { title, version: "1" }, servers: [{ url: host }] })),
    );
    return path;
  };
  const acme = spec("acme.json", "Acme", "https://api.acme.io");
  const other = spec("other.json", "ACME", "https://api.other.io");
  const label = (path: string) => relative(process.cwd(), path);

  it("leaves a file another source generated alone, naming that source, until --force", async () => {
    const out = join(scratch.dir, "out");
    const file = join(out, "acme.ts");
    expect((await runGenerate([{ kind: "spec", spec: acme }], { out })).errors).toEqual([]);
    const first = readFileSync(file, "utf8");
    // the same source again is still free to update its own file
    expect((await runGenerate([{ kind: "spec", spec: acme }], { out })).results[0]?.status).toBe("unchanged");

    const clash = await runGenerate([{ kind: "spec", spec: other }], { out });
    expect(clash.results).toEqual([]);
    expect(clash.errors[0]?.message).toBe(
      `${relative(process.cwd(), file)} was generated from ${label(acme)}, and ${label(other)} gives a connector with the same file name; it was left as it is (give this one another name with --name, or pass --force to replace it)`,
    );
    expect(readFileSync(file, "utf8")).toBe(first);

    const forced = await runGenerate([{ kind: "spec", spec: other }], { out, force: true });
    expect(forced.errors).toEqual([]);
    expect(readFileSync(file, "utf8")).toContain("api.other.io");
  });

  it("never writes through a symbolic link, even with --force", async () => {
    const real = join(scratch.dir, "real");
    mkdirSync(real);
    const linkedOut = join(scratch.dir, "linked-out");
    symlinkSync(real, linkedOut);
    const viaFolder = await runGenerate([{ kind: "spec", spec: acme }], { out: linkedOut, force: true });
    expect(viaFolder.errors[0]?.message).toContain("(the --out folder) is a symbolic link");

    const out = join(scratch.dir, "out-with-link");
    mkdirSync(out);
    const victim = join(scratch.dir, "victim.txt");
    writeFileSync(victim, "keep me");
    symlinkSync(victim, join(out, "acme.ts"));
    const viaFile = await runGenerate([{ kind: "spec", spec: acme }], { out, force: true });
    expect(viaFile.errors[0]?.message).toContain("acme.ts is a symbolic link");
    expect(readFileSync(victim, "utf8")).toBe("keep me");
  });
});
