// One set of rules for build and sync, and one shape for --json errors: repeated --connectors,
// identifiers that collide, errors as {file?, path?, message, fix} on stdout.
import { describe, expect, it } from "vitest";
import { emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, remoteState, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("--json errors", () => {
  type Errors = { errors: { file?: string; path?: string; message: string; fix: string }[] };

  it("prints definition errors as JSON on stdout, each {file, path, message, fix}", async () => {
    ctx.work = project({
      "connectors/alpha.ts": bearerSource("Alpha"),
      "connectors/bad.ts": bearerSource("Bad", "d", "https://{{domain}}/x"),
    });
    const run = await sync(["plan", "--json"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as Errors;
    expect(data.errors).toStrictEqual([
      {
        file: expect.stringMatching(/connectors\/bad\.ts$/),
        path: "proxy_url",
        message: expect.stringContaining("{{domain}}"),
        fix: expect.any(String),
      },
    ]);
  });

  it("prints a usage error and an API error as JSON on stdout too", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const usage = await sync(["plan", "--json", "--env", "nowhere"], { cwd: ctx.work.dir });
    expect(usage.code).toBe(1);
    expect((JSON.parse(usage.stdout) as Errors).errors).toStrictEqual([
      { message: expect.stringContaining("--env nowhere"), fix: expect.any(String) },
    ]);
    const refused = await sync(["plan", "--json"], {
      cwd: ctx.work.dir,
      env: { ...envFor(ctx.running), SCALEKIT_CLIENT_SECRET: "wrong-secret-value" },
    });
    expect(refused.code).toBe(1);
    const [error] = (JSON.parse(refused.stdout) as Errors).errors;
    expect(error?.message).toContain("Fetching an access token failed");
    expect(error?.fix).toContain("SCALEKIT_CLIENT_SECRET");
    expect(refused.stdout).not.toContain("wrong-secret-value");
  });
});

describe("the same definition rules as build", () => {
  it("takes every --connectors given, not only the last", async () => {
    ctx.work = project({ "one/a.ts": bearerSource("Alpha"), "two/b.ts": bearerSource("Beta") });
    const run = await sync(["plan", "--connectors", "one", "--connectors", "two"], {
      cwd: ctx.work.dir,
      env: envFor(ctx.running),
    });
    expect(run.stdout).toContain("[+] Alpha");
    expect(run.stdout).toContain("[+] Beta");
  });

  it("rejects display names whose identifiers derive from the same letters, naming both files", async () => {
    ctx.work = project({
      "connectors/a.ts": bearerSource("Acme CRM"),
      "connectors/b.ts": bearerSource("ACME CRM"),
      "connectors/c.ts": bearerSource("Acme  CRM"),
    });
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /"ACME CRM" \(\S*connectors\/b\.ts\) and "Acme CRM" \(\S*connectors\/a\.ts\) derive the same identifier ACMECRM/,
    );
    expect(run.stderr).toMatch(
      /"Acme {2}CRM" \(\S*connectors\/c\.ts\) and "Acme CRM" \(\S*connectors\/a\.ts\)/,
    );
    expect(await remoteState(ctx.running.url)).toStrictEqual([]);
  });
});
