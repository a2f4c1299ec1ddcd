// Deleting only what is this repository's: --prune never deletes every managed connector without
// --allow-delete-all (an empty or wrong definition set), and ownership is scoped to the config's
// project, with the project-less marker claimed when defined and never pruned. Through the real
// sync command line against an emulator on 127.0.0.1.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import { bearer, clientOf, emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, remoteState, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("--prune with nothing (or nothing matching) defined", () => {
  it.each([
    ["an empty folder", {}, "no definitions were loaded"],
    [
      "files that export no connector",
      { "connectors/notes.ts": "export const x = 1;\n", "connectors/a.mts": "export default 1;\n" },
      "no definitions were loaded",
    ],
    [
      "a config with connectors: []",
      { "connectorkit.config.ts": "export default { connectors: [] };\n" },
      "no definitions were loaded",
    ],
  ])("refuses to delete every managed connector for %s", async (_name, files, why) => {
    ctx.work = project({ "connectors/.keep": "", ...files });
    await ctx.seedManaged("Alpha", "Beta", "Gamma");
    const run = await sync(["apply", "--prune", "--yes"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `--prune would delete all 3 connectors connectorkit manages on this target: ${why}`,
    );
    expect(run.stdout).toContain("pass --allow-delete-all");
    expect(await remoteState(ctx.running.url)).toHaveLength(3);
  });

  it("refuses when definitions exist but none matches, and deletes with --allow-delete-all", async () => {
    ctx.work = project({ "connectors/new.ts": bearerSource("Brand New") });
    await ctx.seedManaged("Alpha", "Beta");
    const refused = await sync(["apply", "--prune", "--yes"], {
      cwd: ctx.work.dir,
      env: envFor(ctx.running),
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("none of the 1 definitions matches a connector it manages");
    expect(await remoteState(ctx.running.url)).toHaveLength(2);
    const allowed = await sync(["apply", "--prune", "--yes", "--allow-delete-all"], {
      cwd: ctx.work.dir,
      env: envFor(ctx.running),
    });
    expect(allowed.code).toBe(0);
    expect((await remoteState(ctx.running.url)).map((provider) => provider.display_name)).toStrictEqual([
      "Brand New",
    ]);
  });

  it("still prunes some when others stay defined", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await ctx.seedManaged("Alpha", "Beta");
    const run = await sync(["apply", "--prune", "--yes"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(0);
    expect((await remoteState(ctx.running.url)).map((provider) => provider.display_name)).toStrictEqual([
      "Alpha",
    ]);
  });
});

describe("ownership scoped to the config's project", () => {
  const configFor = (name: string) => `export default { project: ${JSON.stringify(name)} };\n`;

  it("lets two repositories prune on one environment without touching each other's connectors", async () => {
    const web = project({
      "connectorkit.config.ts": configFor("web"),
      "connectors/a.ts": bearerSource("Alpha", "d"),
    });
    const billing = project({
      "connectorkit.config.ts": configFor("billing"),
      "connectors/b.ts": bearerSource("Beta", "d"),
      "connectors/c.ts": bearerSource("Gone", "d"),
    });
    try {
      const env = envFor(ctx.running);
      expect((await sync(["apply", "--prune", "--yes"], { cwd: web.dir, env })).code).toBe(0);
      expect((await sync(["apply", "--prune", "--yes"], { cwd: billing.dir, env })).code).toBe(0);
      rmSync(join(billing.dir, "connectors", "c.ts"));
      const pruned = await sync(["apply", "--prune", "--yes"], { cwd: billing.dir, env });
      expect(pruned.code).toBe(0);
      expect(pruned.stdout).toMatch(
        /· Alpha {2}ALPHA:\w+ {2}managed by another connectorkit project; left untouched/,
      );
      const again = await sync(["apply", "--prune", "--yes"], { cwd: web.dir, env });
      expect(again.code).toBe(0);
      const markers = Object.fromEntries(
        (await remoteState(ctx.running.url)).map((provider) => [
          provider.display_name,
          provider.metadata?.managed_by,
        ]),
      );
      expect(markers).toStrictEqual({ Alpha: "connectorkit:web", Beta: "connectorkit:billing" });
    } finally {
      web.remove();
      billing.remove();
    }
  });

  it("claims connectors carrying the old marker when defined, and never prunes the others", async () => {
    await ctx.seedManaged("Gamma", "Delta");
    ctx.work = project({
      "connectorkit.config.ts": configFor("web"),
      "connectors/g.ts": bearerSource("Gamma", "d"),
    });
    const run = await sync(["apply", "--prune", "--yes"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `marks it as project "web"'s: it carries connectorkit's marker from before projects`,
    );
    expect(run.stdout).toMatch(
      /· Delta {2}DELTA:\w+ {2}marked by connectorkit before projects; never pruned/,
    );
    const markers = Object.fromEntries(
      (await remoteState(ctx.running.url)).map((provider) => [
        provider.display_name,
        provider.metadata?.managed_by,
      ]),
    );
    expect(markers).toStrictEqual({ Gamma: "connectorkit:web", Delta: "connectorkit" });
  });

  it("blocks a definition whose name another project manages, naming the project", async () => {
    await clientOf(ctx.running).createCustomProvider(managedBody(bearer("Alpha"), { project: "billing" }));
    ctx.work = project({
      "connectorkit.config.ts": configFor("web"),
      "connectors/a.ts": bearerSource("Alpha", "d"),
    });
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('connectorkit project "billing" manages a connector with this name');
  });

  it("says, before a prune deletes without a project, that any repository's connectors count", async () => {
    await ctx.seedManaged("Alpha", "Retired");
    ctx.work = project({ "connectors/a.ts": bearerSource("Alpha", "d") });
    const run = await sync(["plan", "--prune"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.stdout).toContain(
      "note: connectorkit.config.ts names no project, so --prune counts connectors any repository",
    );
    ctx.work.write("connectorkit.config.ts", configFor("web"));
    const scoped = await sync(["plan", "--prune"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(scoped.stdout).not.toContain("names no project");
  });

  it("rejects a project name that is not a plain name", async () => {
    ctx.work = project({
      "connectorkit.config.ts": configFor("web app!"),
      "connectors/a.ts": bearerSource("Alpha"),
    });
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("connectorkit.config.ts: project must be a name of letters, digits");
  });
});
