// A remote metadata key named __proto__ is data like any other: shown in the plan before adopt
// removes it, and kept by pull.

import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../scripts/sync/definitions.ts";
import { bearer, clientOf, emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("a remote metadata key __proto__", () => {
  const withProto = () =>
    JSON.parse(
      JSON.stringify(bearer("Alpha")).replace(
        '"display_name"',
        '"metadata":{"__proto__":"kept","team":"core"},"display_name"',
      ),
    ) as ReturnType<typeof bearer>;

  it("shows in the plan when --adopt would remove it", async () => {
    await clientOf(ctx.running).createCustomProvider(withProto());
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    const run = await sync(["plan", "--adopt"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.stdout).toContain('[-] metadata: {"__proto__":"kept","team":"core"}');
  });

  it("survives pull: the written definition builds back with the key", async () => {
    await clientOf(ctx.running).createCustomProvider(withProto());
    ctx.work = project({ "connectors/.keep": "" });
    const run = await sync(["pull"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(0);
    const { definitions, errors } = await loadDefinitions(["connectors"], ctx.work.dir);
    expect(errors).toStrictEqual([]);
    const metadata = definitions[0]?.payload.metadata ?? {};
    expect(Object.hasOwn(metadata, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(metadata))).toStrictEqual(
      JSON.parse('{"__proto__":"kept","team":"core"}'),
    );
    // and, defined, it is in sync: nothing to adopt away
    const again = await sync(["plan", "--adopt"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(again.stdout).not.toContain("metadata.__proto__");
  });
});
