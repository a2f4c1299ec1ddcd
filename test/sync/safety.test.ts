// Operator mistakes and hostile remote data, through the real sync command line against an
// emulator on 127.0.0.1: an empty definition set with --prune, production detection, blocked
// changes, drift, one warning for many deletes, and remote names carrying terminal escapes.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { createScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { managedBody } from "../../scripts/sync/ownership.ts";
import { resolveTarget } from "../../scripts/sync/target.ts";
import {
  bearerSource,
  envFor,
  type Project,
  project,
  remoteState,
  startTestEmulator,
  sync,
} from "./helpers.ts";

let running: RunningEmulator;
let work: Project;
beforeEach(async () => {
  running = await startTestEmulator();
});
afterEach(async () => {
  await running.close();
  work?.remove();
});

const bearer = (name: string) =>
  connector(name as "N")
    .description("d")
    .bearer()
    .proxy("https://api.example.com")
    .payload();

const clientOf = (emulator: RunningEmulator) =>
  createScalekitClient({
    environmentUrl: emulator.url,
    clientId: emulator.emulator.clientId,
    clientSecret: emulator.emulator.clientSecret,
  });

async function seedManaged(...names: string[]): Promise<void> {
  const client = clientOf(running);
  for (const name of names) await client.createCustomProvider(managedBody(bearer(name)));
}

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
    work = project({ "connectors/.keep": "", ...files });
    await seedManaged("Alpha", "Beta", "Gamma");
    const run = await sync(["apply", "--prune", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `--prune would delete all 3 connectors connectorkit manages on this target: ${why}`,
    );
    expect(run.stdout).toContain("pass --allow-delete-all");
    expect(await remoteState(running.url)).toHaveLength(3);
  });

  it("refuses when definitions exist but none matches, and deletes with --allow-delete-all", async () => {
    work = project({ "connectors/new.ts": bearerSource("Brand New") });
    await seedManaged("Alpha", "Beta");
    const refused = await sync(["apply", "--prune", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("none of the 1 definitions matches a connector it manages");
    expect(await remoteState(running.url)).toHaveLength(2);
    const allowed = await sync(["apply", "--prune", "--yes", "--allow-delete-all"], {
      cwd: work.dir,
      env: envFor(running),
    });
    expect(allowed.code).toBe(0);
    expect((await remoteState(running.url)).map((provider) => provider.display_name)).toStrictEqual([
      "Brand New",
    ]);
  });

  it("still prunes some when others stay defined", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await seedManaged("Alpha", "Beta");
    const run = await sync(["apply", "--prune", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(0);
    expect((await remoteState(running.url)).map((provider) => provider.display_name)).toStrictEqual([
      "Alpha",
    ]);
  });
});

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
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    for (const value of ["yes", "1", "prod", "ture"]) {
      const run = await sync(["plan"], {
        cwd: work.dir,
        env: { ...envFor(running), SCALEKIT_PRODUCTION: value },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`SCALEKIT_PRODUCTION must be true or false, not ${JSON.stringify(value)}`);
    }
  });
});

describe("what the plan says", () => {
  it("shows a blocked change as blocked in the tree, the summary and --json", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    await clientOf(running).createCustomProvider(bearer("Alpha"));
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\[!\] Alpha {2}ALPHA:\w+ {2}blocked\n {4}✖ a connector with this name exists/,
    );
    expect(run.stdout).not.toContain("No changes.");
    expect(run.stdout).toContain(
      "1 blocked; apply changes nothing until it is resolved (then: 0 to create, 0 to update, 0 to delete).",
    );
    const json = await sync(["plan", "--json"], { cwd: work.dir, env: envFor(running) });
    const data = JSON.parse(json.stdout) as { summary: Record<string, number>; blockers: unknown[] };
    expect(data.summary.blocked).toBe(1);
    expect(data.blockers).toMatchObject([{ display_name: "Alpha" }]);
  });

  it("exits 2 under --exit-code when a managed connector has no definition", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await seedManaged("Alpha", "Retired");
    const run = await sync(["plan", "--exit-code"], { cwd: work.dir, env: envFor(running) });
    expect(run.stdout).toContain("Retired");
    expect(run.code).toBe(2);
  });

  it("says the delete warning once for many deletes", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    await seedManaged("Alpha", ...Array.from({ length: 30 }, (_, i) => `Old ${i}`));
    const run = await sync(["plan", "--prune"], { cwd: work.dir, env: envFor(running) });
    expect(run.stdout.match(/refused while/g)).toHaveLength(1);
    expect(run.stdout).toContain(
      "⚠ 30 deletes planned: a delete is refused while its connector has connections",
    );
  });

  it("escapes control characters in remote names instead of sending them to the terminal", async () => {
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    // the emulator enforces Scalekit's display_name rules, so the hostile server answers itself
    const { createServer } = await import("node:http");
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
        cwd: work.dir,
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

describe("--json errors", () => {
  type Errors = { errors: { file?: string; path?: string; message: string; fix: string }[] };

  it("prints definition errors as JSON on stdout, each {file, path, message, fix}", async () => {
    work = project({
      "connectors/alpha.ts": bearerSource("Alpha"),
      "connectors/bad.ts": bearerSource("Bad", "d", "https://{{domain}}/x"),
    });
    const run = await sync(["plan", "--json"], { cwd: work.dir, env: envFor(running) });
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
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const usage = await sync(["plan", "--json", "--env", "nowhere"], { cwd: work.dir });
    expect(usage.code).toBe(1);
    expect((JSON.parse(usage.stdout) as Errors).errors).toStrictEqual([
      { message: expect.stringContaining("--env nowhere"), fix: expect.any(String) },
    ]);
    const refused = await sync(["plan", "--json"], {
      cwd: work.dir,
      env: { ...envFor(running), SCALEKIT_CLIENT_SECRET: "wrong-secret-value" },
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
    work = project({ "one/a.ts": bearerSource("Alpha"), "two/b.ts": bearerSource("Beta") });
    const run = await sync(["plan", "--connectors", "one", "--connectors", "two"], {
      cwd: work.dir,
      env: envFor(running),
    });
    expect(run.stdout).toContain("[+] Alpha");
    expect(run.stdout).toContain("[+] Beta");
  });

  it("rejects display names whose identifiers derive from the same letters, naming both files", async () => {
    work = project({
      "connectors/a.ts": bearerSource("Acme CRM"),
      "connectors/b.ts": bearerSource("ACME CRM"),
      "connectors/c.ts": bearerSource("Acme  CRM"),
    });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /"ACME CRM" \(\S*connectors\/b\.ts\) and "Acme CRM" \(\S*connectors\/a\.ts\) derive the same identifier ACMECRM/,
    );
    expect(run.stderr).toMatch(
      /"Acme {2}CRM" \(\S*connectors\/c\.ts\) and "Acme CRM" \(\S*connectors\/a\.ts\)/,
    );
    expect(await remoteState(running.url)).toStrictEqual([]);
  });
});

describe("a remote metadata key __proto__", () => {
  const withProto = () =>
    JSON.parse(
      JSON.stringify(bearer("Alpha")).replace(
        '"display_name"',
        '"metadata":{"__proto__":"kept","team":"core"},"display_name"',
      ),
    ) as ReturnType<typeof bearer>;

  it("shows in the plan when --adopt would remove it", async () => {
    await clientOf(running).createCustomProvider(withProto());
    work = project({ "connectors/alpha.ts": bearerSource("Alpha", "d") });
    const run = await sync(["plan", "--adopt"], { cwd: work.dir, env: envFor(running) });
    expect(run.stdout).toContain('[-] metadata: {"__proto__":"kept","team":"core"}');
  });

  it("survives pull: the written definition builds back with the key", async () => {
    await clientOf(running).createCustomProvider(withProto());
    work = project({ "connectors/.keep": "" });
    const run = await sync(["pull"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(0);
    const { loadDefinitions } = await import("../../scripts/sync/definitions.ts");
    const { definitions, errors } = await loadDefinitions(["connectors"], work.dir);
    expect(errors).toStrictEqual([]);
    const metadata = definitions[0]?.payload.metadata ?? {};
    expect(Object.hasOwn(metadata, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(metadata))).toStrictEqual(
      JSON.parse('{"__proto__":"kept","team":"core"}'),
    );
    // and, defined, it is in sync: nothing to adopt away
    const again = await sync(["plan", "--adopt"], { cwd: work.dir, env: envFor(running) });
    expect(again.stdout).not.toContain("metadata.__proto__");
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
      const env = envFor(running);
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
        (await remoteState(running.url)).map((provider) => [
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
    await seedManaged("Gamma", "Delta");
    work = project({
      "connectorkit.config.ts": configFor("web"),
      "connectors/g.ts": bearerSource("Gamma", "d"),
    });
    const run = await sync(["apply", "--prune", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `marks it as project "web"'s: it carries connectorkit's marker from before projects`,
    );
    expect(run.stdout).toMatch(
      /· Delta {2}DELTA:\w+ {2}marked by connectorkit before projects; never pruned/,
    );
    const markers = Object.fromEntries(
      (await remoteState(running.url)).map((provider) => [
        provider.display_name,
        provider.metadata?.managed_by,
      ]),
    );
    expect(markers).toStrictEqual({ Gamma: "connectorkit:web", Delta: "connectorkit" });
  });

  it("blocks a definition whose name another project manages, naming the project", async () => {
    await clientOf(running).createCustomProvider(managedBody(bearer("Alpha"), { project: "billing" }));
    work = project({
      "connectorkit.config.ts": configFor("web"),
      "connectors/a.ts": bearerSource("Alpha", "d"),
    });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('connectorkit project "billing" manages a connector with this name');
  });

  it("says, before a prune deletes without a project, that any repository's connectors count", async () => {
    await seedManaged("Alpha", "Retired");
    work = project({ "connectors/a.ts": bearerSource("Alpha", "d") });
    const run = await sync(["plan", "--prune"], { cwd: work.dir, env: envFor(running) });
    expect(run.stdout).toContain(
      "note: connectorkit.config.ts names no project, so --prune counts connectors any repository",
    );
    work.write("connectorkit.config.ts", configFor("web"));
    const scoped = await sync(["plan", "--prune"], { cwd: work.dir, env: envFor(running) });
    expect(scoped.stdout).not.toContain("names no project");
  });

  it("rejects a project name that is not a plain name", async () => {
    work = project({
      "connectorkit.config.ts": configFor("web app!"),
      "connectors/a.ts": bearerSource("Alpha"),
    });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("connectorkit.config.ts: project must be a name of letters, digits");
  });
});

describe("renaming a connector", () => {
  it("points at moved when a create and an undefined managed connector look like a rename", async () => {
    await seedManaged("Acme CRM");
    work = project({ "connectors/acme.ts": bearerSource("Acme Sales", "d") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.stdout).toContain(
      '[+] Acme Sales\n    ⚠ looks like a rename of "Acme CRM": to keep its identifier and connections, add moved: [{ from: "Acme CRM", to: "Acme Sales" }] to connectorkit.config.ts',
    );
  });

  it("keeps the identifier and its connections with moved in the config", async () => {
    await seedManaged("Acme CRM");
    const [before] = await remoteState(running.url);
    const { addConnection } = await import("./helpers.ts");
    await addConnection(running.url, before?.identifier ?? "");
    work = project({
      "connectorkit.config.ts": 'export default { moved: [{ from: "Acme CRM", to: "Acme Sales" }] };\n',
      "connectors/acme.ts": bearerSource("Acme Sales", "d"),
    });
    const run = await sync(["apply", "--prune", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[~] Acme Sales  ${before?.identifier}  renamed from "Acme CRM"`);
    expect(run.stdout).toContain('[~] display_name: "Acme CRM" → "Acme Sales"');
    expect(await remoteState(running.url)).toMatchObject([
      { identifier: before?.identifier, display_name: "Acme Sales" },
    ]);
    const again = await sync(["plan", "--prune", "--exit-code"], { cwd: work.dir, env: envFor(running) });
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
  });

  it("rejects a moved entry that is not a pair of names", async () => {
    work = project({
      "connectorkit.config.ts": 'export default { moved: [{ from: "Same", to: "Same" }] };\n',
      "connectors/a.ts": bearerSource("Alpha"),
    });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "connectorkit.config.ts: moved must be a list of { from, to } display names that differ",
    );
  });
});
