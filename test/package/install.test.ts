// The package as a team gets it: `npm pack` (and `npm publish --dry-run`), installed into a fresh
// CommonJS project from the tarball, then `npx connectorkit` init, build, plan, apply, generate,
// pull and the emulator against the embedded emulator, and the project's own tsc over the starter
// files, its definitions and a mistake; then, with the same tarball, the repository init makes on a
// fresh runner (fresh-runner.ts).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumer, type Packed, pack, root, run } from "../../scripts/bench/consumer.ts";
import { commands } from "../cli/commands.ts";
import { registryInstall } from "../cli/registry-install.ts";
import { serving, stopsServing } from "../cli/serving.ts";
import { freshRunnerCases } from "./fresh-runner.ts";
import { importedPackages } from "./imported-packages.ts";

const npx = process.platform === "win32" ? "npx.cmd" : "npx";

/** Every compiled file `entry` loads, following its relative imports (static and dynamic). */
function relativeImports(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*)"(\.{1,2}\/[^"]+)"/g,
    ))
      visit(join(dirname(file), match[1] as string));
  };
  visit(entry);
  return [...seen];
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// the consumer's runs must target the embedded emulator whatever this shell has configured
const noTarget = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => name.startsWith("SCALEKIT_"))
    .map((name) => [name, undefined]),
);

let scratch: string;
let packed: Packed;
let project: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "connectorkit-pack-"));
  packed = await pack(scratch);
  project = await consumer(packed.tarball);
}, 300_000);

afterAll(() => {
  for (const dir of [scratch, project]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const connectorkit = (args: string[], cwd = project) =>
  run(join(project, "node_modules/.bin/connectorkit"), args, cwd, noTarget);
const tsc = (cwd = project) =>
  run(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."], cwd);

describe("the packed tarball", () => {
  it("holds the compiled package, its declarations and templates, and no tests or TypeScript sources", () => {
    expect(packed.files).toContain("dist/scripts/connectorkit.js");
    expect(packed.files).toContain("dist/dsl/index.d.ts");
    expect(packed.files).toContain("dist/templates/connector.ts.hbs");
    expect(packed.files).toContain("dist/templates/init/connectorkit.config.ts");
    // README's links, and the pages plan names (docs/sync.md: Ownership), resolve in node_modules too
    expect(packed.files).toContain("docs/sync.md");
    const stray = packed.files.filter(
      (file) =>
        (!["package.json", "README.md", "LICENSE"].includes(file) &&
          !file.startsWith("dist/") &&
          !/^docs\/[\w-]+\.md$/.test(file)) ||
        file.startsWith("dist/test/") ||
        (file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.startsWith("dist/templates/")),
    );
    expect(stray).toEqual([]);
  });

  it("declares exactly the packages its compiled code loads: dependencies, and optional peers", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    // an optional peer loads only where the user installed it: openapi-typescript, for generate --types
    const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => (meta as { optional?: boolean }).optional === true)
      .map(([name]) => name);
    expect(optional).toEqual(["openapi-typescript"]);
    expect([...importedPackages(join(root, "dist"))].sort()).toEqual(
      [...Object.keys(manifest.dependencies), ...optional].sort(),
    );
  });

  it("ships connectorkit/proxy as its own entry point, which the DSL's never loads", () => {
    expect(packed.files).toContain("dist/scripts/proxy/index.js");
    expect(packed.files).toContain("dist/scripts/proxy/index.d.ts");
    const loaded = relativeImports(join(root, "dist/dsl/index.js"));
    expect(loaded.some((file) => file.includes("/dist/scripts/"))).toBe(false);
    expect(loaded.some((file) => /from\s*"openapi-fetch"/.test(readFileSync(file, "utf8")))).toBe(false);
  });
});

describe("the package, ready to publish", () => {
  it("npm publish --dry-run finds nothing to correct, and no install script ships", async () => {
    // dist/ is the one the pack above built; --ignore-scripts keeps it as it is
    const result = await run(npm, ["publish", "--dry-run", "--ignore-scripts"], root, noTarget);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => /\bnpm (warn|error)\b/i.test(line));
    // only the one a dry run without a registry login always prints
    expect(warnings.filter((line) => !line.includes("requires you to be logged in"))).toEqual([]);
    const { scripts, bin } = JSON.parse(
      readFileSync(join(project, "node_modules/connectorkit/package.json"), "utf8"),
    );
    expect(Object.keys(scripts).filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual([]);
    expect(bin).toEqual({ connectorkit: "dist/scripts/connectorkit.js" });
  });
});

describe("npx connectorkit in a fresh project", () => {
  it("init writes the config, an example, the .gitignore lines and the CI workflow", async () => {
    writeFileSync(join(project, ".gitignore"), "node_modules/\n.env\n");
    const result = await run(npx, ["connectorkit", "init"], project, noTarget);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("wrote connectorkit.config.ts");
    expect(result.stdout).toContain("wrote connectors/example.ts");
    expect(result.stdout).toContain("wrote .github/workflows/connectorkit.yml");
    // only the missing line is added; the user's lines stay as they were
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toBe(
      "node_modules/\n.env\n# connectorkit: local emulator state and credentials\n.connectorkit/\n",
    );
    expect(readFileSync(join(project, ".github/workflows/connectorkit.yml"), "utf8")).toContain(
      "npx --no connectorkit plan --env prod --exit-code",
    );
    // the project installs the tarball from outside itself: init says to keep it in the repository
    expect(result.stdout).toContain(
      `outside the repository: CI's fresh clone has no ${packed.tarball}. Keep the tarball in the repository:\n    mkdir -p vendor && cp ${packed.tarball} vendor/ && npm install --save-dev ./vendor/${basename(packed.tarball)}\n`,
    );
    expect(result.stdout).not.toMatch(registryInstall);
  });

  it("init elsewhere names the tarball this copy was installed from", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "connectorkit-elsewhere-"));
    try {
      const result = await connectorkit(["init", "--dir", elsewhere]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `cd ${elsewhere} && mkdir -p vendor && cp ${packed.tarball} vendor/ && npm install --save-dev ./vendor/${basename(packed.tarball)}`,
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("init again overwrites nothing and says what it skipped", async () => {
    writeFileSync(join(project, "connectors/example.ts"), "// mine\n");
    const result = await connectorkit(["init"]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(project, "connectors/example.ts"), "utf8")).toBe("// mine\n");
    for (const file of [
      "connectorkit.config.ts",
      "connectors/example.ts",
      ".github/workflows/connectorkit.yml",
    ]) {
      expect(result.stdout).toContain(`skipped ${file}: it exists`);
    }
    expect(result.stdout).toContain(".gitignore already ignores");
    rmSync(join(project, "connectors/example.ts"));
    expect((await connectorkit(["init"])).stdout).toContain("wrote connectors/example.ts");
  });

  it("build validates the definitions and writes the payload", async () => {
    const result = await connectorkit(["build"]);
    // nothing on stderr: no loader or module-format warnings in a CommonJS project
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("1 connector, 0 errors"),
      stderr: "",
    });
    const payload = JSON.parse(readFileSync(join(project, "build/example-crm.json"), "utf8"));
    expect(payload).toMatchObject({ display_name: "Example CRM", auth_patterns: [{ type: "OAUTH" }] });
  });

  it("plan and apply deploy to the embedded emulator, and a second plan finds nothing to do", async () => {
    const planned = await connectorkit(["plan", "--exit-code"]);
    expect(planned.code).toBe(2);
    expect(planned.stdout).toMatch(/^Target: embedded emulator/);
    expect(planned.stdout).toContain("[+] Example CRM");
    const applied = await connectorkit(["apply"]);
    expect(applied.stdout).toContain("Applied: 1 created");
    expect(applied.code).toBe(0);
    expect(existsSync(join(project, ".connectorkit/emulator.json"))).toBe(true);
    const again = await connectorkit(["plan", "--exit-code"]);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining("No changes.") });
  });

  it("generate writes a starter that imports connectorkit, formatted by Biome, and it builds", async () => {
    const spec = join(project, "acme.yaml");
    writeFileSync(
      spec,
      `openapi: 3.0.3
info: { title: Acme Tickets, version: "1", description: "Tickets and queues — for teams that answer customers." }
servers: [{ url: "https://api.acmetickets.com/v2" }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Acme-Key }
security: [{ key: [] }]
paths:
  /tickets: { get: { responses: { "200": { description: ok } } } }
`,
    );
    const generated = await connectorkit(["generate", spec, "--out", "generated"]);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const source = readFileSync(join(project, "generated/acme-tickets.ts"), "utf8");
    expect(source).toContain('import { connector } from "connectorkit";');
    // non-ASCII text is past the renderer's own layout, so Biome formats it with the shipped biome.json
    expect(source).toContain(
      '\n  .description("Tickets and queues — for teams that answer customers.")\n  .apiKey(',
    );
    expect(await connectorkit(["build", "generated", "--out", "build/generated"])).toMatchObject({ code: 0 });
  });

  it("generate --types without openapi-typescript installed writes the connector and says how to install it", async () => {
    const result = await connectorkit(["generate", join(project, "acme.yaml"), "--out", "typed", "--types"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("--types needs openapi-typescript, which is not installed here");
    expect(result.stdout).toContain("npm install --save-dev openapi-typescript@7.13.0");
    expect(existsSync(join(project, "typed/acme-tickets.ts"))).toBe(true);
    expect(existsSync(join(project, "typed/acme-tickets.api.d.ts"))).toBe(false);
  });

  it("pull writes a deployed connector back as a file that imports connectorkit", async () => {
    // generated/ holds no Example CRM, so the deployed one is missing from those definitions
    const pulled = await connectorkit(["pull", "--connectors", "generated", "--out", "pulled"]);
    expect(pulled.code).toBe(0);
    const source = readFileSync(join(project, "pulled/example-crm.ts"), "utf8");
    expect(source).toContain('import { connector } from "connectorkit";');
    expect(source).toContain('export default connector("Example CRM")');
    expect(await connectorkit(["build", "pulled", "--out", "build/pulled"])).toMatchObject({ code: 0 });
    expect(readFileSync(join(project, "build/pulled/example-crm.json"), "utf8")).toBe(
      readFileSync(join(project, "build/example-crm.json"), "utf8"),
    );
  });

  it('loads the definitions of a project with "type": "module" too', async () => {
    const esm = join(project, "esm");
    mkdirSync(join(esm, "defs"), { recursive: true });
    writeFileSync(join(esm, "package.json"), '{ "name": "esm", "type": "module" }\n');
    writeFileSync(
      join(esm, "connectorkit.config.ts"),
      'import { defineConfig } from "connectorkit";\nexport default defineConfig({ connectors: "defs" });\n',
    );
    writeFileSync(
      join(esm, "defs/tracker.ts"),
      'import { connector } from "connectorkit";\nexport const tracker = connector("Tracker").bearer().proxy("https://api.tracker.example");\n',
    );
    // import.meta and top-level await keep this one out of the bundle: it loads through tsx, file by file
    writeFileSync(
      join(esm, "defs/located.ts"),
      'import { connector } from "connectorkit";\nconst here = await Promise.resolve(new URL(import.meta.url).pathname.endsWith("/defs/located.ts"));\nexport default connector(here ? "Located" : "Moved").bearer().proxy("https://api.located.example");\n',
    );
    const result = await connectorkit(["plan"], esm);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("[+] Tracker"), stderr: "" });
    expect(result.stdout).toContain("[+] Located");
  });

  it("loads a CommonJS definition that uses __dirname, file by file", async () => {
    mkdirSync(join(project, "located"));
    writeFileSync(
      join(project, "located/a.ts"),
      'import { connector } from "connectorkit";\nexport default connector(__dirname.endsWith("located") ? "Here" : "Elsewhere").bearer().proxy("https://api.here.example");\n',
    );
    const result = await connectorkit(["build", "located", "--json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout).connectors.map((c: { display_name: string }) => c.display_name)).toEqual(
      ["Here"],
    );
  });

  it("the project's tsc --noEmit accepts everything above, and fails a mistake with the DSL's sentence", async () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      `${JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, skipLibCheck: true } }, null, 2)}\n`,
    );
    writeFileSync(
      join(project, "check.ts"),
      `import { connector, defineConfig, validate } from "connectorkit";
export const issues = validate(connector("Checked").bearer().proxy("https://api.example.com").payload());
export const config = defineConfig({ connectors: ["connectors", "generated"] });
`,
    );
    writeFileSync(
      join(project, "mistake.ts"),
      `import { connector } from "connectorkit";
export const named = connector("Acme-CRM").bearer().proxy("https://api.example.com");
export const templated = connector("Acme").bearer().proxy("https://{{region}}.example.com");
`,
    );
    // one compiler run (they cost seconds): the config, connectors/, generated/, esm/ and check.ts
    // compile; mistake.ts fails with the messages the shipped declarations carry
    const result = await tsc();
    rmSync(join(project, "mistake.ts"));
    expect(result.code).toBe(2);
    const errors = result.stdout.split("\n").filter((line) => /^\S.*: error TS\d+/.test(line));
    expect(errors.filter((line) => !line.startsWith("mistake.ts("))).toEqual([]);
    expect(result.stdout).toContain(
      'mistake.ts(2,32): error TS2345: Argument of type \'"Acme-CRM"\' is not assignable to parameter of type \'"Acme-CRM" & DslTypeError<"display_name takes only letters, digits and spaces',
    );
    expect(result.stdout).toContain(
      'mistake.ts(3,59): error TS2345: Argument of type \'"https://{{region}}.example.com"\' is not assignable to parameter of type \'"https://{{region}}.example.com" & DslTypeError<"proxy_url uses {{region}} but no field provides it: declare it with .field(name, …)">\'',
    );
    expect(errors).toHaveLength(2);
  });

  it("connectorkit/proxy loads in the project, and its types check a call and name a misspelt path", async () => {
    const loaded = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const m = await import("connectorkit/proxy"); console.log(Object.keys(m).sort().join(","))',
      ],
      project,
    );
    expect(loaded).toMatchObject({ code: 0, stdout: "ProxyError,isProxyError,proxyClient\n" });
    mkdirSync(join(project, "app"), { recursive: true });
    writeFileSync(
      join(project, "app/paths.d.ts"),
      `export interface paths {\n  "/me": { get: { parameters: { query?: never; header?: never; path?: never; cookie?: never }; requestBody?: never; responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": { login: string } } } } } };\n}\n`,
    );
    const call = (path: string) => `import { proxyClient, isProxyError } from "connectorkit/proxy";
import type { paths } from "./paths";
const client = proxyClient<paths>("acme-crm", { identifier: "user-1" });
export async function login(): Promise<string | undefined> {
  try {
    return (await client.GET("${path}")).data?.login;
  } catch (error) {
    if (isProxyError(error) && error.kind === "account_not_found") return undefined;
    throw error;
  }
}
`;
    writeFileSync(join(project, "app/ok.ts"), call("/me"));
    writeFileSync(join(project, "app/typo.ts"), call("/mee"));
    writeFileSync(
      join(project, "tsconfig.app.json"),
      `${JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, skipLibCheck: true, noEmit: true }, include: ["app"] })}\n`,
    );
    const result = await run(
      process.execPath,
      [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.app.json"],
      project,
    );
    rmSync(join(project, "app"), { recursive: true });
    const errors = result.stdout.split("\n").filter((line) => /^\S.*: error TS\d+/.test(line));
    expect(errors.filter((line) => !line.startsWith("app/typo.ts("))).toEqual([]);
    expect(result.stdout).toContain(
      "GET /mee is not in the vendor's API: check the path (relative to proxy_url) and the method",
    );
  });

  it("the config and example init writes type-check without @types/node", async () => {
    writeFileSync(
      join(project, "tsconfig.no-node.json"),
      `${JSON.stringify({
        // types: [] leaves @types/node out, as in a project that never installed it
        compilerOptions: { module: "nodenext", target: "es2022", strict: true, types: [], noEmit: true },
        files: ["connectorkit.config.ts", "connectors/example.ts"],
      })}\n`,
    );
    const result = await run(
      process.execPath,
      [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.no-node.json"],
      project,
    );
    expect(result).toMatchObject({ code: 0, stdout: "" });
  });

  it("npx --no connectorkit emulator prints its own pid, and stops when npx's pid is killed", async () => {
    const wrapper = spawn(npx, ["--no", "connectorkit", "emulator", "--port", "0"], {
      cwd: project,
      env: { ...process.env, ...noTarget },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    wrapper.stderr.on("data", (chunk) => {
      output += chunk;
    });
    let pid = Number.NaN;
    let url = "";
    for await (const line of createInterface({ input: wrapper.stdout })) {
      output += `${line}\n`;
      pid = Number(/^pid (\d+):/.exec(line)?.[1] ?? pid);
      url = /^listening on (\S+)$/.exec(line)?.[1] ?? "";
      if (url !== "") break;
    }
    try {
      expect(await serving(url), output).toBe(true);
      expect(pid).not.toBeNaN();
      expect(pid).not.toBe(wrapper.pid);
      wrapper.kill("SIGTERM");
      expect(await stopsServing(url, 10_000), output).toBe(true);
    } finally {
      if (await serving(url)) process.kill(pid, "SIGKILL");
    }
  });

  it("--help teaches the commands, with examples and exit codes", async () => {
    const result = await run(npx, ["connectorkit", "--help"], project);
    expect(result.code).toBe(0);
    for (const command of commands) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    expect(result.stdout).toContain("$ connectorkit plan");
    expect(result.stdout).toContain("Exit codes:");
  });
});

// the repository init makes, on a fresh runner: its own file, the same packed tarball
freshRunnerCases(() => packed);
