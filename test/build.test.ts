// scripts/build.ts as a user runs it: a child process over real files.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));
const dsl = join(root, "dsl/index.ts");
const run = async (args: string[], cwd?: string, script = "scripts/build.ts") => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(root, "node_modules/.bin/tsx"),
      [join(root, script), ...args],
      cwd === undefined ? {} : { cwd },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const made: string[] = [];
afterAll(() => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "connectorkit-build-"));
  made.push(dir);
  for (const [name, source] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), source);
  }
  return dir;
}

/** The display names `build --json` printed, in order. */
const displayNames = (stdout: string): string[] =>
  JSON.parse(stdout).connectors.map((c: { display_name: string }) => c.display_name);

const good = `import { connector } from ${JSON.stringify(dsl)};
export default connector("My API").bearer().proxy("https://api.example.com");`;

describe("scripts/build.ts", () => {
  it("writes one <slug>.json per connector", async () => {
    const dir = await project({ "a.ts": good });
    const out = join(dir, "out");
    const result = await run([dir, "--out", out]);
    expect(result.code).toBe(0);
    expect(await readdir(out)).toEqual(["my-api.json"]);
    const payload = JSON.parse(await readFile(join(out, "my-api.json"), "utf8"));
    expect(payload.auth_patterns[0].type).toBe("BEARER");
  });

  it("--json prints connectors and errors, and exits 1 on any error", async () => {
    const dir = await project({
      "a.ts": good,
      "b.ts": `import { connector } from ${JSON.stringify(dsl)};
export const twin = connector("My API").apiKey().proxy("https://x.example.com");
export const half = connector("Half").bearer();
export const bad = connector("Bad").bearer().proxy("https://{{domain}}/x" as "https://x");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.connectors.map((c: { display_name: string }) => c.display_name)).toEqual(["My API"]);
    expect(report.connectors[0]).toEqual({
      file: expect.stringMatching(/a\.ts$/),
      display_name: "My API",
      payload: expect.objectContaining({ proxy_url: "https://api.example.com" }),
    });
    const errors = report.errors as { file: string; path: string; message: string }[];
    expect(errors.find((e) => e.message.includes("defined twice"))?.message).toMatch(
      /a\.ts \(default\) and .*b\.ts \(twin\)/,
    );
    expect(errors.find((e) => e.message.includes("unfinished"))).toBeUndefined();
    expect(report.skipped).toEqual([
      { file: expect.stringMatching(/b\.ts$/), exportName: "half", displayName: "Half" },
    ]);
    expect(errors.find((e) => e.path === "proxy_url")?.message).toContain("{{domain}}");
  });

  it("skips an exported shared base with a note, and builds the connectors made from it", async () => {
    const dir = await project({
      "base.ts": `import { connector } from ${JSON.stringify(dsl)};
export const base = connector("Acme").description("Acme's API").metadata({ team: "growth" });`,
      "acme.ts": `import { base } from "./base.ts";
export default base.bearer().proxy("https://api.acme.example");`,
    });
    const out = join(dir, "out");
    const result = await run([dir, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /· .*base\.ts: export "base" \(Acme\) is unfinished, so it is not deployed; finish it with an auth method and \.proxy\(url\) if it should be/,
    );
    expect(await readdir(out)).toEqual(["acme.json"]);
    expect(result.stdout).toContain("1 connector, 0 errors");
  });

  it("names the export an error is in, when the file has several connectors", async () => {
    const unfilled = (name: string) =>
      `connector("${name}").bearer().proxy("https://{{zone}}.example.com" as "https://x")`;
    const dir = await project({
      "multi.ts": `import { connector } from ${JSON.stringify(dsl)};
export const crm = connector("Crm").bearer().proxy("https://crm.example.com");
export const tracker = ${unfilled("Tracker")};
export default ${unfilled("Desk")};`,
      "single.ts": `import { connector } from ${JSON.stringify(dsl)};\nexport default ${unfilled("Single")};`,
    });
    const result = await run([dir], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("✖ multi.ts (tracker): proxy_url: proxy_url uses {{zone}}");
    expect(result.stderr).toContain("✖ multi.ts (default): proxy_url: proxy_url uses {{zone}}");
    // one connector in the file: the file says which
    expect(result.stderr).toContain("✖ single.ts: proxy_url: proxy_url uses {{zone}}");
    const json = await run([".", "--json"], dir);
    expect(
      JSON.parse(json.stdout).errors.map((error: { file: string; export?: string }) => [
        error.file,
        error.export,
      ]),
    ).toEqual([
      // in the order of the module's export names, as import() lists them
      ["multi.ts", "default"],
      ["multi.ts", "tracker"],
      ["single.ts", undefined],
    ]);
  });

  it("notes a file that exports no connector, in build and in plan", async () => {
    const dir = await project({
      "connectors/a.ts": good,
      "connectors/helpers.ts":
        'export const baseUrl = "https://api.example.com";\nexport const scopes = ["read"];\n',
      "connectors/forgotten.ts": `import { connector } from ${JSON.stringify(dsl)};
const acme = connector("Acme").bearer().proxy("https://api.acme.example");
void acme;`,
    });
    const note = (file: string, exported: string) =>
      `· connectors/${file} exports no connector (${exported}), so nothing in it is deployed; export one (export default connector(…)) if it should be, or keep the file out of the definition folders\n`;
    const built = await run([], dir);
    expect(built).toMatchObject({ code: 0, stdout: expect.stringContaining("1 connector, 0 errors") });
    expect(built.stderr).toBe(
      note("forgotten.ts", "it exports nothing") + note("helpers.ts", 'only "baseUrl", "scopes"'),
    );
    expect(JSON.parse((await run(["--json"], dir)).stdout).skipped).toEqual([
      { file: "connectors/forgotten.ts", exports: [] },
      { file: "connectors/helpers.ts", exports: ["baseUrl", "scopes"] },
    ]);
    const planned = await run(["plan"], dir, "scripts/sync.ts");
    expect(planned).toMatchObject({ code: 0, stdout: expect.stringContaining("[+] My API") });
    expect(planned.stderr).toBe(
      note("forgotten.ts", "it exports nothing") + note("helpers.ts", 'only "baseUrl", "scopes"'),
    );
  });

  it("names the file that cannot be loaded and writes nothing", async () => {
    const dir = await project({ "a.ts": good, "broken.ts": "export const x = ;" });
    const out = join(dir, "out");
    const result = await run([dir, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.ts: cannot load/);
    await expect(readdir(out)).rejects.toThrow();
  });

  it("refuses the metadata key sync reserves, as sync does", async () => {
    const dir = await project({
      "a.ts": `import { connector } from ${JSON.stringify(dsl)};
export default connector("My API").metadata({ managed_by: "me" }).bearer().proxy("https://api.example.com");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toMatchObject([
      { path: "metadata.managed_by", message: expect.stringContaining("reserved"), fix: expect.any(String) },
    ]);
  });

  it("rejects names whose identifiers derive from the same letters, naming both files", async () => {
    const named = (name: string) => `import { connector } from ${JSON.stringify(dsl)};
export default connector(${JSON.stringify(name)}).bearer().proxy("https://api.example.com");`;
    const dir = await project({
      "a.ts": named("Acme CRM"),
      "b.ts": named("ACME CRM"),
      "c.ts": named("Acme  CRM"),
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.connectors).toHaveLength(1);
    const messages = (report.errors as { message: string }[]).map((error) => error.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /"ACME CRM" \(.*b\.ts\) and "Acme CRM" \(.*a\.ts\) derive the same identifier ACMECRM/,
    );
    expect(messages[1]).toMatch(/"Acme {2}CRM" \(.*c\.ts\) and "Acme CRM" \(.*a\.ts\)/);
  });

  it("reads the config's connectors list when no path is given", async () => {
    const dir = await project({
      "connectorkit.config.ts": 'export default { connectors: ["one", "two"] };\n',
    });
    await mkdir(join(dir, "one"));
    await mkdir(join(dir, "two"));
    await writeFile(join(dir, "one", "a.ts"), good);
    await writeFile(
      join(dir, "two", "b.ts"),
      `import { connector } from ${JSON.stringify(dsl)};\nexport default connector("Other").bearer().proxy("https://api.example.com");`,
    );
    const result = await run(["--json"], dir);
    expect(result.code).toBe(0);
    expect(
      JSON.parse(result.stdout).connectors.map((c: { display_name: string }) => c.display_name),
    ).toStrictEqual(["My API", "Other"]);
  });

  it("removes the outputs of deleted definitions it wrote, and nothing else", async () => {
    const other = `import { connector } from ${JSON.stringify(dsl)};
export default connector("Other").bearer().proxy("https://api.example.com");`;
    const third = other.replaceAll("Other", "Third");
    const dir = await project({ "a.ts": good, "b.ts": other, "c.ts": third });
    const out = join(dir, "out");
    expect((await run([dir, "--out", out], dir)).code).toBe(0);
    await writeFile(join(out, "mine.json"), "{}\n");
    await writeFile(join(out, "third.json"), '{"edited": true}\n');
    await rm(join(dir, "b.ts"));
    await rm(join(dir, "c.ts"));
    const again = await run([dir, "--out", out], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`removed ${join(out, "other.json")}: its definition is gone`);
    expect(again.stderr).toContain(`kept ${join(out, "third.json")}`);
    expect((await readdir(out)).sort()).toStrictEqual(["mine.json", "my-api.json", "third.json"]);
  });

  it("evaluates a module shared by several definitions once, as importing each file would", async () => {
    const dir = await project({
      "shared.ts": "export const counter = { n: 0 };",
      "a.ts": `import { connector } from ${JSON.stringify(dsl)};
import { counter } from "./shared.ts";
counter.n++;
export default connector(\`First \${counter.n}\` as "First").bearer().proxy("https://a.example.com");`,
      "b.ts": `import { connector } from ${JSON.stringify(dsl)};
import { counter } from "./shared.ts";
counter.n++;
export default connector(\`Second \${counter.n}\` as "Second").bearer().proxy("https://b.example.com");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(0);
    expect(displayNames(result.stdout)).toEqual(["First 1", "Second 2"]);
  });

  /** A package in `folder`/node_modules holding a counter that starts at `start`. */
  const tallyPackage = (folder: string, start: number) => ({
    [`${folder}node_modules/tally/package.json`]: JSON.stringify({
      name: "tally",
      type: "module",
      exports: { import: "./index.js", require: "./index.cjs" },
    }),
    [`${folder}node_modules/tally/index.js`]: `export const tally = { n: ${start}, format: "esm" };`,
    [`${folder}node_modules/tally/index.cjs`]: `exports.tally = { n: ${start}, format: "cjs" };`,
  });
  const counting = (name: string, host: string) => `import { connector } from ${JSON.stringify(dsl)};
import { tally } from "tally";
tally.n++;
export default connector(\`${name} \${tally.n} \${tally.format}\` as "${name}").bearer().proxy("https://${host}.example.com");`;

  it.each([
    ["a CommonJS", "{}", "cjs"],
    ["an ES module", '{ "type": "module" }', "esm"],
  ])(
    "loads a package the definitions import once, through the condition %s project uses, as importing each file would",
    async (_, manifest, format) => {
      const dir = await project({
        "package.json": manifest,
        ...tallyPackage("", 0),
        "a.ts": counting("First", "a"),
        "b.ts": counting("Second", "b"),
      });
      const result = await run([dir, "--json"]);
      expect(result.code).toBe(0);
      expect(displayNames(result.stdout)).toEqual([`First 1 ${format}`, `Second 2 ${format}`]);
    },
  );

  it("gives each folder the copy of a package its own node_modules holds", async () => {
    const dir = await project({
      ...tallyPackage("", 0),
      ...tallyPackage("nested/", 100),
      "a.ts": counting("First", "a"),
      "nested/b.ts": counting("Second", "b"),
    });
    const result = await run([dir, join(dir, "nested"), "--json"]);
    expect(result.code).toBe(0);
    expect(displayNames(result.stdout)).toEqual(["First 1 cjs", "Second 101 cjs"]);
  });

  it("gives each file its own import.meta.url", async () => {
    const dir = await project({
      "a.ts": good,
      "located.ts": `import { connector } from ${JSON.stringify(dsl)};
const where = new URL(import.meta.url).pathname;
export default connector((where.endsWith("/located.ts") ? "Located" : "Moved") as "Located").bearer().proxy("https://l.example.com");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(0);
    expect(displayNames(result.stdout)).toEqual(["My API", "Located"]);
  });

  it("allows top-level await in an ES module project", async () => {
    const dir = await project({
      "package.json": '{ "type": "module" }',
      "a.ts": good,
      "waits.ts": `import { connector } from ${JSON.stringify(dsl)};
const name = await Promise.resolve("Awaited");
export default connector(name as "Awaited").bearer().proxy("https://w.example.com");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(0);
    expect(displayNames(result.stdout)).toEqual(["My API", "Awaited"]);
  });

  it("names the file that throws while loading, and still loads the others", async () => {
    const dir = await project({
      "a.ts": good,
      "throws.ts": `import { connector } from ${JSON.stringify(dsl)};
export const ok = connector("Fine").bearer().proxy("https://f.example.com");
throw new Error("boom while defining");`,
    });
    const result = await run([dir, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(displayNames(result.stdout)).toEqual(["My API"]);
    expect(report.errors).toEqual([
      {
        file: expect.stringMatching(/throws\.ts$/),
        message: "cannot load: boom while defining",
        fix: "fix the error in this file",
      },
    ]);
  });

  it("reads the definitions as they are on disk at every run", async () => {
    const dir = await project({
      "a.ts": good,
      "b.ts": good.replace("My API", "Other").replace("api.", "o."),
    });
    const first = await run([dir, "--json"]);
    await writeFile(join(dir, "b.ts"), good.replace("My API", "Renamed").replace("api.", "r."));
    const second = await run([dir, "--json"]);
    expect(displayNames(first.stdout)).toEqual(["My API", "Other"]);
    expect(displayNames(second.stdout)).toEqual(["My API", "Renamed"]);
  });
});
