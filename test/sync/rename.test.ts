// Renaming a connector without losing its identifier and connections: `moved` in
// connectorkit.config.ts, and the hint plan prints when a create looks like a rename.
import { describe, expect, it } from "vitest";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import { bearer, clientOf, emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, remoteState, requestLog, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("renaming a connector", () => {
  it("points at moved when a create and an undefined managed connector look like a rename", async () => {
    await ctx.seedManaged("Acme CRM");
    ctx.work = project({ "connectors/acme.ts": bearerSource("Acme Sales", "d") });
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.stdout).toContain(
      '[+] Acme Sales\n    ⚠ looks like a rename of "Acme CRM": to keep its identifier and connections, add moved: [{ from: "Acme CRM", to: "Acme Sales" }] to connectorkit.config.ts',
    );
  });

  it("keeps the identifier and its connections with moved in the config", async () => {
    await ctx.seedManaged("Acme CRM");
    const [before] = await remoteState(ctx.running.url);
    ctx.work = project({
      "connectorkit.config.ts": 'export default { moved: [{ from: "Acme CRM", to: "Acme Sales" }] };\n',
      "connectors/acme.ts": bearerSource("Acme Sales", "d"),
    });
    const run = await sync(["apply", "--prune", "--yes"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[~] Acme Sales  ${before?.identifier}  renamed from "Acme CRM"`);
    expect(run.stdout).toContain('[~] display_name: "Acme CRM" → "Acme Sales"');
    expect(await remoteState(ctx.running.url)).toMatchObject([
      { identifier: before?.identifier, display_name: "Acme Sales" },
    ]);
    // the connection is still there, on the same identifier
    const state = (await (await fetch(`${ctx.running.url}/_emulator/state`)).json()) as {
      connections: { provider_key: string }[];
    };
    expect(state.connections.map((connection) => connection.provider_key)).toStrictEqual([
      before?.identifier,
    ]);
    const again = await sync(["plan", "--prune", "--exit-code"], {
      cwd: ctx.work.dir,
      env: envFor(ctx.running),
    });
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
  });

  it("blocks a new name that derives a remote connector's identifier before writing, until moved says it is a rename", async () => {
    await ctx.seedManaged("Acme CRM");
    const [before] = await remoteState(ctx.running.url);
    ctx.work = project({ "connectors/acme.ts": bearerSource("ACME crm", "d") });
    const env = envFor(ctx.running);
    const planned = await sync(["plan"], { cwd: ctx.work.dir, env });
    expect(planned.stdout).toContain(
      `[!] ACME crm  ${before?.identifier}  blocked\n` +
        '    ✖ "ACME crm" and the existing connector "Acme CRM" derive the same identifier ACMECRM',
    );
    expect(planned.stdout).toContain(
      'add moved: [{ from: "Acme CRM", to: "ACME crm" }] to connectorkit.config.ts',
    );
    const logged = (await requestLog(ctx.running.url)).length;
    const applied = await sync(["apply", "--yes"], { cwd: ctx.work.dir, env });
    expect(applied.code).toBe(1);
    const writes = (await requestLog(ctx.running.url))
      .slice(logged)
      .filter((entry) => entry.path.startsWith("/api/v1/custom-providers"));
    expect(writes).toStrictEqual([]);
    // the emulator agrees with plan: the same create sent anyway is refused
    await expect(
      clientOf(ctx.running).createCustomProvider(managedBody(bearer("ACME crm"))),
    ).rejects.toMatchObject({
      status: 409,
      serverMessage:
        'display_name "ACME crm" derives the same identifier (ACMECRM) as the custom provider "Acme CRM"',
    });
    ctx.work.write(
      "connectorkit.config.ts",
      'export default { moved: [{ from: "Acme CRM", to: "ACME crm" }] };\n',
    );
    const renamed = await sync(["apply", "--yes"], { cwd: ctx.work.dir, env });
    expect(renamed.code).toBe(0);
    expect(await remoteState(ctx.running.url)).toMatchObject([
      { identifier: before?.identifier, display_name: "ACME crm" },
    ]);
  });

  it("rejects a moved entry that is not a pair of names", async () => {
    ctx.work = project({
      "connectorkit.config.ts": 'export default { moved: [{ from: "Same", to: "Same" }] };\n',
      "connectors/a.ts": bearerSource("Alpha"),
    });
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "connectorkit.config.ts: moved must be a list of { from, to } display names that differ",
    );
  });
});
