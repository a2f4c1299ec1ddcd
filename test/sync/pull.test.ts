// sync pull over real HTTP: what it writes, what it refuses (existing files, payloads the DSL
// cannot express), and adopting pulled connectors with one apply --adopt.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { createScalekitClient, type ScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { slugOf } from "../../scripts/lib/load-connectors.ts";
import { canonical } from "../../scripts/sync/canonical.ts";
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
    expect(adopted.stdout).toContain("0 to create, 1 to update, 0 to delete.");
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
});
