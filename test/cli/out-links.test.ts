// --out never leads through a symbolic link: not the folder, and not any folder between it and
// the working directory (a link committed to a repository would send build's or generate's
// writes, and build's removals, wherever it points). Real processes in a scratch project.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { LinkedOutError, refuseLinkedOut } from "../../scripts/lib/out-dir.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");

async function run(script: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [join(root, script), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder, and a folder outside it that a committed link points at. */
function layout() {
  const project = mkdtempSync(join(tmpdir(), "connectorkit-out-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "connectorkit-elsewhere-"));
  made.push(project, elsewhere);
  symlinkSync(elsewhere, join(project, "generated"));
  return { project, elsewhere };
}

describe("refuseLinkedOut", () => {
  it("refuses a link anywhere between the working directory and the folder", () => {
    const { project, elsewhere } = layout();
    for (const out of ["generated", "generated/connectors", "generated/a/b"]) {
      let error: unknown;
      try {
        refuseLinkedOut(out, "--out", project);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(LinkedOutError);
      expect((error as LinkedOutError).message).toBe(
        `--out ${out}: generated is a symbolic link (to ${elsewhere}); nothing is written through one`,
      );
      expect((error as LinkedOutError).fix).toContain("point --out at a real folder");
    }
  });

  it("accepts real and missing folders, and an absolute one outside the working directory", () => {
    const { project, elsewhere } = layout();
    mkdirSync(join(project, "build/payloads"), { recursive: true });
    expect(() => refuseLinkedOut("build/payloads", "--out", project)).not.toThrow();
    expect(() => refuseLinkedOut("not/made/yet", "--out", project)).not.toThrow();
    expect(() => refuseLinkedOut(join(elsewhere, "out"), "--out", project)).not.toThrow();
    expect(() => refuseLinkedOut(join(project, "generated"), "--out", project)).toThrow(LinkedOutError);
  });
});

const definition = `import { connector } from ${JSON.stringify(join(root, "dsl/index.ts"))};
export default connector("My API").bearer().proxy("https://api.example.com");
`;

describe("commands that take --out", () => {
  it("build writes nothing through a linked ancestor, exit 1", async () => {
    const { project, elsewhere } = layout();
    writeFileSync(join(project, "api.ts"), definition);
    const result = await run("scripts/build.ts", ["api.ts", "--out", "generated/payloads"], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `✖ --out generated/payloads: generated is a symbolic link (to ${elsewhere}); nothing is written through one`,
    );
    expect(readdirSync(elsewhere)).toStrictEqual([]);
  });

  it("generate writes nothing through a linked ancestor, exit 1", async () => {
    const { project, elsewhere } = layout();
    const spec = join(project, "acme.json");
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: "3.0.3",
        info: { title: "Acme", version: "1" },
        servers: [{ url: "https://api.acme.io" }],
        components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
        security: [{ b: [] }],
        paths: {},
      }),
    );
    const result = await run("scripts/generate.ts", [spec, "--out", "generated/connectors"], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `--out generated/connectors: generated is a symbolic link (to ${elsewhere}); nothing is written through one`,
    );
    expect(existsSync(join(elsewhere, "connectors"))).toBe(false);
  });
});
