// sync promote between two emulators: prod is made to match what connectorkit manages in dev,
// matched by display_name (identifiers differ), behind the production confirmation.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connector } from "../../dsl/index.ts";
import { createScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import {
  dslIndex,
  expectNoSecrets,
  type Project,
  project,
  remoteState,
  startTestEmulator,
  sync,
  testSecret,
} from "./helpers.ts";

let dev: RunningEmulator;
let prod: RunningEmulator;
let work: Project;

const payload = (name: string, description: string) =>
  connector(name as "N")
    .description(description)
    .bearer()
    .proxy("https://api.example.com")
    .payload();
const clientOf = (running: RunningEmulator) =>
  createScalekitClient({
    environmentUrl: running.url,
    clientId: running.emulator.clientId,
    clientSecret: running.emulator.clientSecret,
  });

/** The config naming both emulators; a secret given here replaces the right one (CK_SECRET). */
const configWith = (secrets: { dev?: string; prod?: string } = {}) => {
  const secret = (given: string | undefined) => (given ? JSON.stringify(given) : "process.env.CK_SECRET");
  return `import { defineConfig } from ${JSON.stringify(dslIndex)};
export default defineConfig({
  environments: {
    dev: { url: ${JSON.stringify(dev.url)}, clientId: "ck-test-client", clientSecret: ${secret(secrets.dev)} },
    prod: { url: ${JSON.stringify(prod.url)}, clientId: "ck-test-client", clientSecret: ${secret(secrets.prod)}, production: true },
  },
});
`;
};

beforeEach(async () => {
  dev = await startTestEmulator();
  prod = await startTestEmulator();
  vi.stubEnv("CK_SECRET", testSecret);
  work = project({ "connectorkit.config.ts": configWith() });
  await clientOf(dev).createCustomProvider(managedBody(payload("Alpha", "tested in dev")));
  await clientOf(dev).createCustomProvider(payload("Dev Only", "made by hand"));
  await clientOf(prod).createCustomProvider(managedBody(payload("Alpha", "older")));
  await clientOf(prod).createCustomProvider(managedBody(payload("Retired", "gone from dev")));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await dev.close();
  await prod.close();
  work.remove();
});

describe("promote", () => {
  it("plans against prod from dev's managed connectors, and refuses to write without --yes", async () => {
    const dry = await sync(["promote", "--from", "dev", "--to", "prod", "--prune", "--dry-run"], {
      cwd: work.dir,
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout.split("\n")[0]).toBe(`Target: environment "prod" (${prod.url}), production`);
    expect(dry.stdout).toContain(
      'Promoting 1 connector managed in "dev" (1 not managed by connectorkit there, not promoted).',
    );
    expect(dry.stdout).toContain("[~] Alpha");
    expect(dry.stdout).toContain('description: "older" → "tested in dev"');
    expect(dry.stdout).toContain("[-] Retired");
    const refused = await sync(["promote", "--from", "dev", "--to", "prod", "--prune"], { cwd: work.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Pass --yes");
    expect((await remoteState(prod.url)).map((p) => p.description).sort()).toStrictEqual([
      "gone from dev",
      "older",
    ]);
  });

  it("makes prod match dev with --yes, keeping prod's identifiers", async () => {
    const before = await remoteState(prod.url);
    const result = await sync(["promote", "--from", "dev", "--to", "prod", "--prune", "--yes"], {
      cwd: work.dir,
    });
    expect(result.code).toBe(0);
    const after = await remoteState(prod.url);
    expect(after.map((p) => [p.display_name, p.description])).toStrictEqual([["Alpha", "tested in dev"]]);
    expect(after[0]?.identifier).toBe(before.find((p) => p.display_name === "Alpha")?.identifier);
    expect(after[0]?.metadata).toStrictEqual({ managed_by: "connectorkit" });
    expectNoSecrets([result.stdout, result.stderr], [testSecret]);
  });

  it("asks for the production name on a terminal", async () => {
    const asked: string[] = [];
    const result = await sync(["promote", "--from", "dev", "--to", "prod"], {
      cwd: work.dir,
      interactive: true,
      prompt: {
        confirm: async () => true,
        text: async (message) => {
          asked.push(message);
          return "prod";
        },
      },
    });
    expect(result.code).toBe(0);
    expect(asked).toStrictEqual(['"prod" is a production environment. Type its name to apply 2 changes:']);
  });

  it("reports each environment whose listing fails, by name, when both fail together", async () => {
    work.write("connectorkit.config.ts", configWith({ dev: "wrong-dev-secret", prod: "wrong-prod-secret" }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const result = await sync(["promote", "--from", "dev", "--to", "prod", "--yes"], { cwd: work.dir });
      expect(result.code).toBe(1);
      const reported = result.stderr.split("\n").filter((line) => line.startsWith("✖"));
      expect(reported).toStrictEqual([
        expect.stringMatching(
          /^✖ Fetching an access token in "dev" \(the source\) failed: POST \/oauth\/token → 401/,
        ),
        expect.stringMatching(
          /^✖ Fetching an access token in "prod" \(the destination\) failed: POST \/oauth\/token → 401/,
        ),
      ]);
      expect(result.stdout).not.toContain("Promoting");
      expectNoSecrets([result.stdout, result.stderr], ["wrong-dev-secret", "wrong-prod-secret"]);
      // a rejection nobody awaited would surface on a later turn of the event loop
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toStrictEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("names the destination when only its listing fails, and writes nowhere", async () => {
    work.write("connectorkit.config.ts", configWith({ prod: "wrong-prod-secret" }));
    const before = await remoteState(prod.url);
    const result = await sync(["promote", "--from", "dev", "--to", "prod", "--yes"], { cwd: work.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^✖ Fetching an access token in "prod" \(the destination\) failed/m);
    expect(result.stderr).not.toContain('"dev"');
    expect(await remoteState(prod.url)).toStrictEqual(before);
  });

  it("refuses to promote an environment onto itself", async () => {
    const result = await sync(["promote", "--from", "dev", "--to", "dev"], { cwd: work.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--from and --to are both "dev"');
  });
});
