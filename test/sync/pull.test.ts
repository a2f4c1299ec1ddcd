// sync pull over real HTTP: what it writes, what it refuses (existing files, payloads the DSL
// cannot express), and adopting pulled connectors with one apply --adopt.
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { createScalekitClient, type ScalekitClient } from "../../scripts/client/index.ts";
import { formatSources } from "../../scripts/codegen/format.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { slugOf } from "../../scripts/lib/load-connectors.ts";
import { canonical } from "../../scripts/sync/connector/canonical.ts";
import { buildFile } from "../codegen/helpers.ts";
import { freshdesk } from "../dsl/fixtures.ts";
import { wirePayload } from "../dsl/wire-arbitraries.ts";
import {
  envFor,
  expectNoSecrets,
  type Project,
  project,
  quickRetry,
  remoteState,
  startTestEmulator,
  sync,
  testSecret,
} from "./helpers.ts";

// every Biome run of this file goes through a wrapper that counts them (BIOME_BINARY, read once)
const biomeRuns = mkdtempSync(join(tmpdir(), "connectorkit-biome-runs-"));
const biomeLog = join(biomeRuns, "runs.log");
beforeAll(() => {
  const real = createRequire(import.meta.url).resolve(
    `@biomejs/cli-${process.platform}-${process.arch}/biome`,
  );
  const wrapper = join(biomeRuns, "biome");
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho run >> ${JSON.stringify(biomeLog)}\nexec ${JSON.stringify(real)} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  process.env.BIOME_BINARY = wrapper;
});
afterAll(() => {
  delete process.env.BIOME_BINARY;
  rmSync(biomeRuns, { recursive: true, force: true });
});
const biomeRunCount = (): number => {
  try {
    return readFileSync(biomeLog, "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

let running: RunningEmulator;
let work: Project;
let client: ScalekitClient;

beforeEach(async () => {
  running = await startTestEmulator();
  work = project({ "connectors/.keep": "" });
  client = createScalekitClient({
    environmentUrl: running.url,
    clientId: running.emulator.clientId,
    clientSecret: running.emulator.clientSecret,
    ...quickRetry,
  });
});
afterEach(async () => {
  await running.close();
  work.remove();
});

const payload = (name: string) =>
  connector(name as "N")
    .description("by hand")
    .apiKey({ header: "x-api-key" })
    .proxy("https://api.example.com")
    .payload();

describe("pull", () => {
  it("writes one file per remote connector not in code, and adopt makes them managed", async () => {
    await client.createCustomProvider(payload("Hand Made"));
    const pulled = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/✓ Hand Made .* → connectors\/hand-made\.ts/);
    expect(pulled.stdout).toContain("1 pulled connector connectorkit did not create need apply --adopt once");
    const source = readFileSync(join(work.dir, "connectors", "hand-made.ts"), "utf8");
    expect(source).toContain('connector("Hand Made")');
    expect(source).toContain("the first apply needs --adopt");

    const refused = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(refused.stdout).toContain("pass --adopt");
    const adopted = await sync(["apply", "--adopt", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toMatch(/\[~\] Hand Made .* adopt/);
    // adopted, it is managed: its connection is made (it had none)
    expect(adopted.stdout).toContain(
      "0 to create, 1 to update, 0 to delete; connections: 1 to create, 0 to update, 0 to delete.",
    );
    const clean = await sync(["plan", "--exit-code"], { cwd: work.dir, env: envFor(running) });
    expect(clean.code).toBe(0);
    expectNoSecrets([pulled.stdout, pulled.stderr, adopted.stdout, clean.stdout], [testSecret]);
  });

  it("pulls what the DSL used to refuse, and adopting it keeps every key (Freshdesk, a minimal credential)", async () => {
    // Scalekit's own Freshdesk example: no password field, a default for it; and a BEARER token
    // field in its minimal wire form (no hint, no required)
    const minimal = {
      display_name: "Minimal Bearer",
      auth_patterns: [
        {
          type: "BEARER",
          display_name: "Bearer Token",
          fields: [{ field_name: "token", label: "Bearer Token", input_type: "password" }],
        },
      ],
      proxy_url: "https://api.example.com",
      proxy_enabled: true,
    };
    await client.createCustomProvider(freshdesk());
    await client.createCustomProvider(minimal as never);
    const pulled = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(pulled.stdout).toContain("Pulled 2 connectors into connectors/.");
    expect(pulled.code).toBe(0);
    const source = readFileSync(join(work.dir, "connectors", "freshdesk.ts"), "utf8");
    expect(source).toContain('.mutate("password", { default: "X" })');

    const adopted = await sync(["apply", "--adopt", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).not.toContain("auth_field_mutations");
    const after = await remoteState(running.url);
    const patternOf = (name: string) => after.find((p) => p.display_name === name)?.auth_patterns[0];
    expect(patternOf("Freshdesk")?.auth_field_mutations).toEqual(
      freshdesk().auth_patterns[0]?.auth_field_mutations,
    );
    expect(patternOf("Freshdesk")?.fields).toEqual(freshdesk().auth_patterns[0]?.fields);
    expect(patternOf("Minimal Bearer")?.fields).toEqual([
      { field_name: "token", label: "Bearer Token", input_type: "password", required: false },
    ]);
    const clean = await sync(["plan", "--exit-code"], { cwd: work.dir, env: envFor(running) });
    expect(clean.code).toBe(0);
  });

  it("pull then build gives back what the server holds, for generated payloads of every kind", async () => {
    const payloads = fc
      .sample(wirePayload, { numRuns: 12, seed: 20 })
      .map((payload, index) => ({ ...payload, display_name: `Sample ${index}` }));
    for (const payload of payloads) await client.createCustomProvider(payload);
    const pulled = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(pulled.stdout).toContain("Pulled 12 connectors into connectors/.");
    const remotes = await remoteState(running.url);
    expect(remotes).toHaveLength(12);
    for (const remote of remotes) {
      const built = await buildFile(join(work.dir, "connectors", `${slugOf(remote.display_name)}.ts`));
      expect(canonical(built)).toStrictEqual(canonical(remote));
    }
  });

  it("says for each connector who manages it: --adopt when nobody, left out when another project does", async () => {
    const marked = (name: string, marker: string) => ({ ...payload(name), metadata: { managed_by: marker } });
    await client.createCustomProvider(payload("Hand Made"));
    await client.createCustomProvider(marked("Web Billing", "connectorkit:web"));
    await client.createCustomProvider(marked("Old Shared", "connectorkit"));
    work.write("connectorkit.config.ts", 'export default { project: "billing" };\n');
    const result = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /· Web Billing {2}WEBBILLING:\w+: managed by connectorkit project "web"; not pulled\n {2}→ it is defined in that project's code; to move it here, copy that definition and apply it with --adopt/,
    );
    expect(existsSync(join(work.dir, "connectors", "web-billing.ts"))).toBe(false);
    expect(result.stdout).toContain(
      "Pulled 2 connectors into connectors/; 1 managed by another project.\nNext: run plan; 1 pulled connector connectorkit did not create need apply --adopt once.",
    );
    const read = (slug: string) => readFileSync(join(work.dir, "connectors", `${slug}.ts`), "utf8");
    expect(read("hand-made")).toContain("the first apply needs --adopt");
    expect(read("old-shared")).not.toContain("--adopt");
    expect(read("old-shared")).toContain('the first apply marks it as project "billing"\'s');
    // without a project, another project's connector is still not this repository's to pull
    work.write("connectorkit.config.ts", "export default {};\n");
    const again = await sync(["pull", "--out", "elsewhere"], { cwd: work.dir, env: envFor(running) });
    expect(again.stdout).toContain("Web Billing");
    expect(again.stdout).toContain('managed by connectorkit project "web"; not pulled');
    expect(existsSync(join(work.dir, "elsewhere", "web-billing.ts"))).toBe(false);
  });

  it("never overwrites a file and reports what the DSL cannot express, exiting 1", async () => {
    await client.createCustomProvider(payload("Taken"));
    const extra = {
      ...payload("Odd One"),
      auth_patterns: [{ ...payload("Odd One").auth_patterns[0], allowed_proxy_domains: ["api.example.com"] }],
    };
    await client.createCustomProvider(extra as never);
    await client.createCustomProvider(payload("Fine"));
    work.write("connectors/taken.ts", "// mine\n");
    const result = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ Odd One .*auth_patterns\[0\]\.allowed_proxy_domains: unknown key/);
    expect(result.stdout).toContain("→ remove it or correct its spelling");
    expect(result.stdout).toMatch(/✗ Taken .*connectors\/taken\.ts already exists; not overwritten/);
    expect(result.stdout).toMatch(/✓ Fine .* → connectors\/fine\.ts/);
    expect(result.stdout).toContain("Pulled 1 connector into connectors/; 2 not written (above).");
    expect(readFileSync(join(work.dir, "connectors", "taken.ts"), "utf8")).toBe("// mine\n");
  });

  it("formats every pulled file as Biome leaves it, in one Biome run", async () => {
    // quotes and non-ASCII text are laid out by Biome, not by the renderer
    const names = ["Quoted One", "Quoted Two", "Quoted Three", "Plain Four"];
    for (const name of names) {
      const description = name.startsWith("Plain") ? "plain" : `${name}'s "API", café`;
      await client.createCustomProvider({ ...payload(name), description });
    }
    const before = biomeRunCount();
    const result = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(0);
    expect(biomeRunCount() - before).toBe(1);
    const written = ["quoted-one", "quoted-two", "quoted-three", "plain-four"].map((slug) =>
      readFileSync(join(work.dir, "connectors", `${slug}.ts`), "utf8"),
    );
    const formatted = await formatSources(written);
    expect(formatted.map((item) => (item.status === "fulfilled" ? item.value : item.reason))).toEqual(
      written,
    );
  });
});

describe("pull --out", () => {
  it("refuses to write through a symbolic link in the folder it is given", async () => {
    await client.createCustomProvider(payload("Hand Made"));
    const elsewhere = mkdtempSync(join(tmpdir(), "connectorkit-pull-elsewhere-"));
    try {
      symlinkSync(elsewhere, join(work.dir, "linked"));
      const run = await sync(["pull", "--out", "linked/connectors"], { cwd: work.dir, env: envFor(running) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("--out");
      expect(run.stderr).toContain("symbolic link");
      expect(existsSync(join(elsewhere, "connectors"))).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
