// The generate command as users run it: per-spec errors with exit 1, the JSON report, stdin, MCP
// sources, and files edited since generation left alone unless --force.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { dump } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import type { Payload } from "../../dsl/index.ts";
import { buildFile, projectRoot, scratchDir } from "./helpers.ts";
import { oas3, oauthSpec } from "./spec-helpers.ts";

const exec = promisify(execFile);
const tsx = join(projectRoot, "node_modules/.bin/tsx");
const script = join(projectRoot, "scripts/generate.ts");

async function generate(args: string[], input?: string, env: Record<string, string> = {}) {
  const child = exec(tsx, [script, ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("scripts/generate.ts", () => {
  const scratch = scratchDir("cli");
  afterAll(scratch.dispose);
  const out = join(scratch.dir, "out");
  const spec = join(scratch.dir, "acme.json");
  writeFileSync(
    spec,
    JSON.stringify(
      oas3({
        components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
        security: [{ b: [] }],
      }),
    ),
  );
  const broken = join(scratch.dir, "broken.yaml");
  writeFileSync(broken, "openapi: 3.0.0\ninfo: [unclosed\n");
  const file = join(out, "acme.ts");

  it("writes the good spec, reports the missing one, and exits 1", async () => {
    const run = await generate([spec, join(scratch.dir, "missing.yaml"), "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✔ .*acme\.json → .*acme\.ts: BEARER · https:\/\/api\.acme\.io/);
    expect(run.stdout).toMatch(/✖ .*missing\.yaml: does not exist; fix: check the path/);
    expect(readFileSync(file, "utf8")).toContain("connectorkit-hash:");
  });

  it("puts a verify request's headers in the JSON report, as the file writes them", async () => {
    const versioned = join(scratch.dir, "versioned.json");
    const ok = { responses: { "200": { description: "ok" } }, security: [{ b: [] }] };
    writeFileSync(
      versioned,
      JSON.stringify(
        oas3({
          info: { title: "Versioned", version: "1" },
          components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
          security: [{ b: [] }],
          paths: {
            "/me": {
              get: {
                ...ok,
                parameters: [
                  {
                    name: "Acme-Version",
                    in: "header",
                    required: true,
                    schema: { type: "string", default: "2024-01-01" },
                  },
                ],
              },
            },
            "/things": { get: ok },
          },
        }),
      ),
    );
    const run = await generate([versioned, "--out", out, "--json"]);
    const [result] = (JSON.parse(run.stdout) as { results: { verify?: string; verify_headers?: unknown }[] })
      .results;
    expect(result).toMatchObject({ verify: "GET /me", verify_headers: { "Acme-Version": "2024-01-01" } });
    expect(readFileSync(join(out, "versioned.ts"), "utf8")).toContain(
      'headers: { "Acme-Version": "2024-01-01" }',
    );
  });

  it("prints a JSON report whose connectors are what the files build", async () => {
    const run = await generate([spec, broken, "--out", out, "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      results: {
        spec: string;
        file: string;
        connector: Payload;
        verify?: string;
        warnings: unknown[];
        inferred: unknown[];
      }[];
      errors: { spec: string; file: string; message: string; fix: string }[];
    };
    expect(Object.keys(report.results[0] ?? {})).toEqual([
      "spec",
      "file",
      "connector",
      "verify",
      "warnings",
      "inferred",
    ]);
    const written = join(projectRoot, report.results[0]?.file ?? "");
    expect(await buildFile(written)).toStrictEqual(report.results[0]?.connector);
    // the proposed request is in the report and in the file, after .proxy()
    expect(report.results[0]).toMatchObject({ verify: "GET /things" });
    expect(readFileSync(written, "utf8")).toContain(
      '.proxy("https://api.acme.io")\n  .verify("GET /things");',
    );
    // the shape of every --json error: {file?, path?, message, fix}, the fix apart from the message
    expect(report.errors).toEqual([
      {
        spec: broken,
        file: broken,
        message: expect.stringMatching(/is not valid YAML: .*\(3:1\)$/),
        fix: expect.stringMatching(/^fix the YAML syntax/),
      },
    ]);
  });

  it("leaves an edited file alone without --force, and replaces it with --force", async () => {
    const edited = readFileSync(file, "utf8").replace(".bearer()", '.bearer({ header: "X-Token" })');
    writeFileSync(file, edited);
    const kept = await generate([spec, "--out", out]);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(
      /was edited since it was generated; it was left as it is \(pass --force to replace it\)/,
    );
    expect(readFileSync(file, "utf8")).toBe(edited);
    const forced = await generate([spec, "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("X-Token");
  });

  it('reads a spec from stdin with "-", and names the connector with --name', async () => {
    const run = await generate(["-", "--out", out, "--name", "Piped Acme"], readFileSync(spec, "utf8"));
    expect(run.code).toBe(0);
    expect((await buildFile(join(out, "piped-acme.ts"))).display_name).toBe("Piped Acme");
  });

  it("reports an MCP server it cannot reach as an error for that source", async () => {
    const run = await generate(["--mcp", "https://127.0.0.1:9/mcp", "--out", out, "--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { errors: { spec: string; message: string }[] };
    expect(report.errors[0]?.spec).toBe("https://127.0.0.1:9/mcp");
    // the summary says what happened, then its fix once
    const printed = await generate(["--mcp", "https://127.0.0.1:9/mcp", "--out", out]);
    expect(printed.stdout).toMatch(/✖ https:\/\/127\.0\.0\.1:9\/mcp: .*\n\s+→ /);
    expect(printed.stdout).not.toContain("; fix:");
  });

  it("--check-oauth asks the OAuth host for its metadata, and warns when it cannot", async () => {
    // nothing listens on port 1: the refusal is immediate and needs no name lookup
    const oauth = join(scratch.dir, "oauth.json");
    const spec = oauthSpec("https://127.0.0.1:1/authorize", "https://127.0.0.1:1/token", {
      info: { title: "Acme OAuth", version: "1" },
    });
    writeFileSync(oauth, JSON.stringify(spec));
    const checked = await generate([oauth, "--out", out, "--json", "--force", "--check-oauth"]);
    const codes = (run: { stdout: string }) =>
      (JSON.parse(run.stdout) as { results: { warnings: { code: string }[] }[] }).results[0]?.warnings.map(
        (w) => w.code,
      );
    expect(codes(checked)).toContain("auth-metadata-unchecked");
    expect(codes(await generate([oauth, "--out", out, "--json", "--force"]))).not.toContain(
      "auth-metadata-unchecked",
    );
  });

  it("refuses --name with several sources", async () => {
    const run = await generate([spec, spec, "--name", "X"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--name names one connector");
  });

  it("refuses --proxy-url with several sources, writing nothing", async () => {
    const elsewhere = join(scratch.dir, "proxy-out");
    const run = await generate([spec, spec, "--proxy-url", "https://api.other.io", "--out", elsewhere]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("--proxy-url sets one connector's proxy_url");
    expect(existsSync(elsewhere)).toBe(false);
  });

  it("loads the TypeScript compiler only with --typecheck and js-yaml only for YAML, writing the same file", async () => {
    // a preloaded module records, at exit, the heavy packages the process loaded
    const hook = join(scratch.dir, "loaded.mjs");
    writeFileSync(
      hook,
      `import { createRequire } from "node:module";\nimport { appendFileSync } from "node:fs";\nprocess.on("exit", () => appendFileSync(process.env.LOADED_RECORD, Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\\\/](ts-morph|js-yaml)[\\\\/]/.test(path)).join("\\n") + "\\n"));\n`,
    );
    const yamlSpec = join(scratch.dir, "acme.yaml");
    writeFileSync(yamlSpec, dump(JSON.parse(readFileSync(spec, "utf8"))));
    const run = async (name: string, args: string[]) => {
      const record = join(scratch.dir, `${name}.txt`);
      const env = { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, LOADED_RECORD: record };
      const result = await generate([...args, "--out", join(scratch.dir, name)], undefined, env);
      expect(result.code).toBe(0);
      // the tsx launcher and the script each report; only the script loads packages
      const loaded = readFileSync(record, "utf8");
      return { typescript: loaded.includes("ts-morph"), yaml: loaded.includes("js-yaml") };
    };
    expect(await run("plain", [spec])).toEqual({ typescript: false, yaml: false });
    expect(await run("checked", [spec, "--typecheck"])).toEqual({ typescript: true, yaml: false });
    expect(await run("yaml", [yamlSpec])).toEqual({ typescript: false, yaml: true });
    // the same code; the banner names the spec and carries a hash of the file
    const code = (name: string) =>
      readFileSync(join(scratch.dir, name, "acme.ts"), "utf8")
        .split("\n")
        .filter((line) => !line.startsWith("//"));
    expect(code("checked")).toEqual(code("plain"));
    expect(code("yaml")).toEqual(code("plain"));
  });
});
