// scripts/sync.ts as a user runs it (a child process in a fresh directory, no account): apply
// the docs examples to the embedded emulator, see "No changes." after, then pull them back as
// DSL files and build those: the payloads equal what the emulator stores.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Payload, Provider } from "../../dsl/payload.ts";
import { canonical } from "../../scripts/sync/connector/canonical.ts";
import { runScript } from "./child.ts";
import { project, repoRoot } from "./helpers.ts";

const examples = join(repoRoot, "connectors", "examples");
const work = project({ "nothing-yet/.keep": "" });
afterAll(() => work.remove());

const run = (script: string, args: string[]) => runScript(script, args, { cwd: work.dir });

const stored = (): Provider[] =>
  (
    JSON.parse(readFileSync(join(work.dir, ".connectorkit", "emulator.json"), "utf8")) as {
      providers: { record: Provider }[];
    }
  ).providers.map((entry) => entry.record);

describe("sync CLI, end to end on the embedded emulator", () => {
  it("applies the nine examples, then reports No changes.", async () => {
    const first = await run("scripts/sync.ts", ["apply", "--connectors", examples]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n")[0]).toMatch(
      /^Target: embedded emulator \(state in \.connectorkit\/emulator\.json\)/,
    );
    expect(first.stdout).toContain("9 to create, 0 to update, 0 to delete.");
    expect(first.stdout).toContain(
      "Applied: 9 created, 0 updated, 0 deleted; connections: 9 created, 0 updated, 0 deleted.",
    );
    expect(stored()).toHaveLength(9);

    const again = await run("scripts/sync.ts", ["apply", "--connectors", examples]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
    const plan = await run("scripts/sync.ts", ["plan", "--exit-code", "--connectors", examples]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes.");
  });

  it("pulls what is not in code as DSL files that build to the stored payloads", async () => {
    const pull = await run("scripts/sync.ts", ["pull", "--connectors", "nothing-yet", "--out", "pulled"]);
    expect(pull.stderr).toBe("");
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain("Pulled 9 connectors into pulled/.");

    const build = await run("scripts/build.ts", ["pulled", "--json"]);
    expect(build.code).toBe(0);
    const built = (JSON.parse(build.stdout) as { connectors: { payload: Payload }[] }).connectors.map(
      (c) => c.payload,
    );
    expect(built).toHaveLength(9);
    for (const remote of stored()) {
      const payload = built.find((candidate) => candidate.display_name === remote.display_name);
      expect(payload && canonical(payload)).toStrictEqual(canonical(remote));
    }

    const twice = await run("scripts/sync.ts", ["pull", "--connectors", "pulled", "--out", "pulled"]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain("Pulled 0 connectors into pulled/; 9 already in code.");
  });
});
