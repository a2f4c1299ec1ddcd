// What plan tells a person and a program: blocked changes shown as blocked, drift under
// --exit-code, one warning for many deletes, and remote text with its control characters escaped.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import { bearer, clientOf, emulatorPerTest } from "./emulator-per-test.ts";
import { bearerSource, envFor, project, sync } from "./helpers.ts";

const ctx = emulatorPerTest();

describe("what the plan says", () => {
  it("shows a blocked change as blocked in the tree, the summary and --json", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    await clientOf(ctx.running).createCustomProvider(bearer("Alpha"));
    const run = await sync(["plan"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\[!\] Alpha {2}ALPHA:\w+ {2}blocked\n {4}✖ a connector with this name exists/,
    );
    expect(run.stdout).not.toContain("No changes.");
    expect(run.stdout).toContain(
      "1 blocked; apply changes nothing until it is resolved (then: 0 to create, 0 to update, 0 to delete).",
    );
    const json = await sync(["plan", "--json"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    const data = JSON.parse(json.stdout) as { summary: Record<string, number>; blockers: unknown[] };
    expect(data.summary.blocked).toBe(1);
    expect(data.blockers).toMatchObject([{ display_name: "Alpha" }]);
  });

  it("exits 2 under --exit-code when a managed connector has no definition", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await ctx.seedManaged("Alpha", "Retired");
    const run = await sync(["plan", "--exit-code"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.stdout).toContain("Retired");
    // one line says why the exit code is 2 although nothing is applied
    expect(run.stdout).not.toContain("No changes.\n");
    expect(run.stdout).toContain(
      "No changes to apply; 1 managed connector has no definition (apply --prune deletes it), which plan --exit-code counts as drift.",
    );
    expect(run.code).toBe(2);
  });

  it("says the delete warning once for many deletes", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await ctx.seedManaged("Alpha", ...Array.from({ length: 30 }, (_, i) => `Old ${i}`));
    const run = await sync(["plan", "--prune"], { cwd: ctx.work.dir, env: envFor(ctx.running) });
    expect(run.stdout.match(/one with connected accounts is refused/g)).toHaveLength(1);
    expect(run.stdout).toContain(
      "⚠ 30 deletes planned: a delete removes the connector's connection first; one with connected accounts is refused",
    );
  });

  it("escapes control characters in remote names instead of sending them to the terminal", async () => {
    ctx.work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    // the emulator enforces Scalekit's display_name rules, so the hostile server answers itself
    const hostile = createServer((request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      if (request.url === "/oauth/token") {
        response.end(JSON.stringify({ access_token: "t0k3n-abcdef", expires_in: 3600 }));
        return;
      }
      response.end(
        JSON.stringify({
          providers: [
            {
              identifier: "EVIL:\u001b]0;owned\u0007",
              display_name: "Evil\u001b[2J\u001b[1;1HAll good\u009b31m\u202e",
              auth_patterns: [],
              proxy_url: "https://x.example.com",
              metadata: {},
            },
            {
              ...managedBody(bearer("Alpha")),
              identifier: "ALPHA:1",
              auth_patterns: [{ ...bearer("Alpha").auth_patterns[0], "x\u001b[31m": "red" }],
            },
          ],
          next_page_token: "",
        }),
      );
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const { port } = hostile.address() as { port: number };
    try {
      const run = await sync(["plan"], {
        cwd: ctx.work.dir,
        env: {
          SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${port}`,
          SCALEKIT_CLIENT_ID: "id",
          SCALEKIT_CLIENT_SECRET: "secret-123456",
        },
      });
      expect(run.stdout).toContain("Evil\\u001b[2J\\u001b[1;1HAll good\\u009b31m\\u202e");
      expect(run.stdout).toContain("EVIL:\\u001b]0;owned\\u0007");
      expect(run.stdout).toContain('[-] auth_patterns[0].x\\u001b[31m: "red"');
      // no control character other than the newlines sync writes itself
      const controls = [...run.stdout].filter((char) => {
        const code = char.charCodeAt(0);
        return (code < 0x20 && char !== "\n") || (code >= 0x7f && code <= 0x9f) || code === 0x202e;
      });
      expect(controls).toStrictEqual([]);
    } finally {
      hostile.closeAllConnections();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });
});
