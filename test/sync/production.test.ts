// Production detection cannot be fooled by how the host is spelled, and SCALEKIT_PRODUCTION is
// `true` or `false`, nothing else.
import { describe, expect, it } from "vitest";
import { resolveTarget } from "../../scripts/sync/target.ts";
import { emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("production detection", () => {
  const base = { cwd: "/x", envName: undefined, config: undefined };
  const vars = { SCALEKIT_CLIENT_ID: "id", SCALEKIT_CLIENT_SECRET: "s" };
  it.each([
    "https://acme.scalekit.com.",
    "https://acme.scalekit.com..",
    "https://acme%2Escalekit%2Ecom",
    "https://ACME.Scalekit.COM./",
  ])("sees %s as production", (url) => {
    expect(resolveTarget({ ...base, env: { ...vars, SCALEKIT_ENVIRONMENT_URL: url } })).toMatchObject({
      production: true,
    });
  });

  it("accepts SCALEKIT_PRODUCTION true or false only", async () => {
    const at = (value: string) =>
      resolveTarget({
        ...base,
        env: { ...vars, SCALEKIT_ENVIRONMENT_URL: "https://a.scalekit.dev", SCALEKIT_PRODUCTION: value },
      });
    expect(at("true")).toMatchObject({ production: true });
    expect(at("TRUE")).toMatchObject({ production: true });
    expect(at("false")).toMatchObject({ production: false });
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    for (const value of ["yes", "1", "prod", "ture"]) {
      const run = await sync(["plan"], {
        cwd: ctx.work.dir,
        env: { ...envFor(ctx.running), SCALEKIT_PRODUCTION: value },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`SCALEKIT_PRODUCTION must be true or false, not ${JSON.stringify(value)}`);
    }
  });
});
