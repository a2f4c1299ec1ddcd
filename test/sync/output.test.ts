// Output that reaches a reader whole: when stdout is a socket (how Node and most tools spawn a
// child with piped output) writes complete asynchronously, and a command line that ends with
// process.exit must wait for them, or a reader slower than the command loses the tail.
import { afterAll, describe, expect, it } from "vitest";
import { startScript } from "./child.ts";
import { oauthSource, project } from "./helpers.ts";

const count = 150;
const scopes = Array.from({ length: 60 }, (_, i) => `resource-${i}:read-and-write-everything`);
const work = project(
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`connectors/c${i}.ts`, oauthSource(`Connector ${i}`, scopes)]),
  ),
);
afterAll(() => work.remove());

describe("command output", () => {
  it("a plan --json piped to a reader that pauses arrives whole", async () => {
    const running = startScript("scripts/sync.ts", ["plan", "--json"], { cwd: work.dir });
    // the reader stops long enough for the socket's buffer to fill and writes to queue behind it
    running.process.stdout?.pause();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    running.process.stdout?.resume();
    const run = await running.done;
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(512 * 1024); // more than any socket buffer holds
    const plan = JSON.parse(run.stdout) as { changes: { display_name: string }[] };
    expect(plan.changes).toHaveLength(count);
  }, 60_000);
});
