// apply over real HTTP (the emulator on 127.0.0.1): ownership and prune, in-use deletes, the
// races recovery handles (404 on update, 409 on create), replace, and an expired token.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { Payload } from "../../dsl/payload.ts";
import { createScalekitClient, type ScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { applyPlan } from "../../scripts/sync/apply.ts";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import { plan } from "../../scripts/sync/plan.ts";
import {
  addConnection,
  apiKeySource,
  bearerSource,
  envFor,
  expectNoSecrets,
  type Project,
  project,
  quickRetry,
  recordingFetch,
  remoteState,
  requestLog,
  startTestEmulator,
  sync,
  testSecret,
} from "./helpers.ts";

let running: RunningEmulator;
let work: Project;
let client: ScalekitClient;
let tokens: string[] = [];

beforeEach(async () => {
  running = await startTestEmulator();
  work = project();
  const recorder = recordingFetch();
  tokens = recorder.tokens;
  client = createScalekitClient({
    environmentUrl: running.url,
    clientId: running.emulator.clientId,
    clientSecret: running.emulator.clientSecret,
    fetch: recorder.fetch,
    ...quickRetry,
  });
});
afterEach(async () => {
  await running.close();
  work.remove();
});

const bearer = (name: string, description = `${name} API`): Payload =>
  connector(name as "N")
    .description(description)
    .bearer()
    .proxy("https://api.example.com")
    .payload();

async function run(
  argv: string[],
  extra: Parameters<typeof sync>[1] extends infer O ? Partial<O> : never = {},
) {
  const recorder = recordingFetch();
  const result = await sync(argv, { cwd: work.dir, env: envFor(running), fetch: recorder.fetch, ...extra });
  expectNoSecrets([result.stdout, result.stderr], [testSecret, ...recorder.tokens, ...tokens]);
  return result;
}

const writes = async () =>
  (await requestLog(running.url)).filter((entry) => entry.method !== "GET" && entry.path.startsWith("/api/"));

describe("apply", () => {
  it("prunes only the connectors it manages and lists the others", async () => {
    await client.createCustomProvider(bearer("Theirs"));
    await client.createCustomProvider(managedBody(bearer("Old")));
    work.write("connectors/alpha.ts", bearerSource("Alpha"));
    // Old is the only connector it manages: deleting all of them needs saying so
    const result = await run(["apply", "--prune", "--yes", "--allow-delete-all"]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toContain(`Target: SCALEKIT_ENVIRONMENT_URL (${running.url})`);
    expect(result.stdout).toContain("· Theirs");
    expect(result.stdout).toContain("not managed by connectorkit; left untouched");
    expect(result.stdout).toMatch(/✓ Old .*: deleted/);
    const names = (await remoteState(running.url)).map((p) => p.display_name).sort();
    expect(names).toStrictEqual(["Alpha", "Theirs"]);
    const again = await run(["plan", "--prune"]);
    expect(again.stdout).toContain("No changes.");
  });

  it("creates and updates before it deletes anything, whatever the names' order", async () => {
    await client.createCustomProvider(managedBody(bearer("Aaa Old")));
    await client.createCustomProvider(managedBody(bearer("Mid")));
    work.write("connectors/mid.ts", bearerSource("Mid", "changed"));
    work.write("connectors/zed.ts", bearerSource("Zed New"));
    const before = (await requestLog(running.url)).length;
    const result = await run(["apply", "--prune", "--yes", "--concurrency", "1"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const writes = (await requestLog(running.url))
      .slice(before)
      .filter((entry) => entry.method !== "GET" && entry.path.startsWith("/api/v1/custom-providers"))
      .map((entry) => entry.method);
    expect(writes.filter((method) => method === "DELETE")).toHaveLength(1);
    // an interrupted run has made the new and changed connectors before it removed the old one
    expect(writes.at(-1)).toBe("DELETE");
    expect(writes.slice(0, -1)).toEqual(expect.arrayContaining(["POST", "PUT"]));
  });

  it("prunes a connector's connection first, and refuses while a connected account is on it", async () => {
    work.write("connectors/.keep", "");
    const old = await client.createCustomProvider(managedBody(bearer("Old")));
    await addConnection(running.url, old.identifier);
    const [made] = (await client.listConnections()).connections;
    await client.createConnectedAccount({
      connection: made?.name ?? "",
      identifier: "alice",
      details: { token: "t" },
    });
    const blocked = await run(["apply", "--prune", "--yes", "--allow-delete-all"]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(`connection "${made?.name}" has 1 connected account ("alice")`);
    expect(blocked.stdout).toContain("delete those connected accounts first");
    expect(blocked.stderr).toContain("Apply refused");
    expect((await remoteState(running.url)).map((p) => p.identifier)).toStrictEqual([old.identifier]);

    await client.deleteConnectedAccount({ connection: made?.name ?? "", identifier: "alice" });
    const before = (await writes()).length;
    const pruned = await run(["apply", "--prune", "--yes", "--allow-delete-all"]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`[-] connection ${made?.name}  destroy`);
    // the connection goes first: it blocks its connector's delete
    expect(
      (await writes()).slice(before).map((entry) => `${entry.method} ${entry.path.split("/")[3]}`),
    ).toEqual(["DELETE connections", "DELETE custom-providers"]);
    expect(await remoteState(running.url)).toStrictEqual([]);
  });

  it("refuses a type change without --allow-replace, writes nothing, then replaces with it", async () => {
    const before = await client.createCustomProvider(managedBody(bearer("Alpha", "keyed")));
    work.write("connectors/alpha.ts", apiKeySource("Alpha"));
    const baseline = (await writes()).length;
    const planned = await run(["plan"]);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain('auth_patterns[0].type "BEARER" → "API_KEY"');
    expect(planned.stdout).toContain("pass --allow-replace");
    const refused = await run(["apply", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Apply refused");
    expect(await writes()).toHaveLength(baseline);
    const replaced = await run(["apply", "--yes", "--allow-replace"]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/✓ Alpha .*: replaced/);
    const [after] = await remoteState(running.url);
    expect(after?.identifier).not.toBe(before.identifier);
    expect(after?.auth_patterns[0]?.type).toBe("API_KEY");
  });

  it("needs --adopt for a same-named connector it did not create, then marks it", async () => {
    await client.createCustomProvider(bearer("Alpha", "made by hand"));
    work.write("connectors/alpha.ts", bearerSource("Alpha"));
    const refused = await run(["apply", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("pass --adopt");
    const adopted = await run(["apply", "--yes", "--adopt"]);
    expect(adopted.code).toBe(0);
    const [stored] = await remoteState(running.url);
    expect(stored?.metadata).toStrictEqual({ managed_by: "connectorkit" });
    expect(stored?.description).toBe("Alpha API");
  });

  it("fetches a new token when the server says the cached one expired mid-apply", async () => {
    await running.close();
    let serverNow = Date.now();
    running = await startTestEmulator({ tokenTtlSeconds: 600, now: () => serverNow });
    work.write("connectors/alpha.ts", bearerSource("Alpha"));
    let jumped = false;
    const recorder = recordingFetch(async (request) => {
      // the first create arrives an hour later by the server's clock, after the token expired
      if (!jumped && request.method === "POST" && request.url.endsWith("/custom-providers")) {
        jumped = true;
        serverNow += 3_600_000;
      }
      return fetch(request);
    });
    const result = await sync(["apply", "--yes"], {
      cwd: work.dir,
      env: envFor(running),
      fetch: recorder.fetch,
    });
    expect(result.code).toBe(0);
    expect(recorder.tokens).toHaveLength(2);
    expect((await requestLog(running.url)).map((e) => e.status)).toContain(401);
    expectNoSecrets([result.stdout, result.stderr], [testSecret, ...recorder.tokens]);
  });
});

describe("recovery (plan, then the remote changes, then apply)", () => {
  const options = { prune: false, adopt: false, allowReplace: false };
  const definition = (payload: Payload) => ({ display_name: payload.display_name, payload, source: "t.ts" });

  it("a 404 on update lists again and creates the connector once", async () => {
    const stale = await client.createCustomProvider(managedBody(bearer("Alpha", "old")));
    const planned = plan([definition(bearer("Alpha", "new"))], await client.listCustomProviders(), options);
    expect(planned.changes[0]?.action).toBe("update");
    await client.deleteCustomProvider(stale.identifier);
    const [outcome] = await applyPlan(planned, client, { concurrency: 4 });
    expect(outcome).toMatchObject({
      ok: true,
      detail: "created (it had been deleted remotely; created again)",
    });
    const state = await remoteState(running.url);
    expect(state.map((p) => [p.display_name, p.description])).toStrictEqual([["Alpha", "new"]]);
    const log = await requestLog(running.url);
    expect(log.filter((e) => e.method === "PUT").map((e) => e.status)).toStrictEqual([404]);
  });

  it("a 409 on create finds the connector by listing and does not duplicate it", async () => {
    const planned = plan([definition(bearer("Alpha"))], await client.listCustomProviders(), options);
    await client.createCustomProvider(managedBody(bearer("Alpha")));
    const [outcome] = await applyPlan(planned, client, { concurrency: 4 });
    expect(outcome).toMatchObject({ ok: true, detail: "created (confirmed by listing after a 409 answer)" });
    expect(await remoteState(running.url)).toHaveLength(1);
  });

  it("a 409 from a connector it does not manage fails with the way out", async () => {
    const planned = plan([definition(bearer("Alpha"))], await client.listCustomProviders(), options);
    await client.createCustomProvider(bearer("Alpha"));
    const [outcome] = await applyPlan(planned, client, { concurrency: 4 });
    expect(outcome).toMatchObject({ ok: false, fix: expect.stringContaining("--adopt") });
    expect(await remoteState(running.url)).toHaveLength(1);
  });

  it("a 409 on create updates the found connector when it differs", async () => {
    const planned = plan(
      [definition(bearer("Alpha", "wanted"))],
      await client.listCustomProviders(),
      options,
    );
    await client.createCustomProvider(managedBody(bearer("Alpha", "other")));
    const [outcome] = await applyPlan(planned, client, { concurrency: 4 });
    expect(outcome).toMatchObject({ ok: true, detail: "updated" });
    expect((await remoteState(running.url)).map((p) => p.description)).toStrictEqual(["wanted"]);
  });
});

describe("concurrency", () => {
  it("keeps exactly --concurrency writes in flight while work is pending, sent in plan order", async () => {
    const slow = await startTestEmulator({ latencyMs: 15 });
    try {
      let inFlight = 0;
      let most = 0;
      const sent: string[] = [];
      const counted = createScalekitClient({
        environmentUrl: slow.url,
        clientId: slow.emulator.clientId,
        clientSecret: slow.emulator.clientSecret,
        fetch: async (request) => {
          const write = request.method === "POST" && request.url.includes("/custom-providers");
          if (!write) return fetch(request);
          sent.push(((await request.clone().json()) as Payload).display_name);
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            return await fetch(request);
          } finally {
            inFlight--;
          }
        },
      });
      const names = Array.from({ length: 12 }, (_, i) => `Svc ${String(i).padStart(2, "0")}`);
      const planned = plan(
        names.map((name) => ({ display_name: name, payload: bearer(name), source: "t.ts" })),
        [],
        { prune: false, adopt: false, allowReplace: false },
      );
      const outcomes = await applyPlan(planned, counted, { concurrency: 3 });
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(most).toBe(3);
      expect(sent).toStrictEqual(names);
    } finally {
      await slow.close();
    }
  });
});
