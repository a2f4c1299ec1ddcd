// The --state file: survives a restart, is written atomically, and is refused when unreadable.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator } from "../../scripts/emulator/app.ts";
import { encode, inProcess, payload } from "./helpers.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("state file", () => {
  it("keeps providers and connections across a restart, creating parent directories", async () => {
    const statePath = join(dir, "nested", "deeper", "state.json");
    const first = inProcess({ statePath });
    const created = (await first.client.call("POST", "/api/v1/custom-providers", { body: payload() })).body
      .provider;
    await first.client.call("POST", "/_emulator/connections", {
      body: { identifier: created.identifier },
      token: null,
    });
    await first.emulator.close();

    const second = inProcess({ statePath });
    const listed = await second.client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM");
    expect(listed.body.providers).toEqual([created]);
    const blocked = await second.client.call(
      "DELETE",
      `/api/v1/custom-providers/${encode(created.identifier)}`,
    );
    expect(blocked.status).toBe(400);
    const more = await second.client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: "Second" }),
    });
    const all = await second.client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM");
    expect(all.body.providers.map((p) => p.identifier)).toEqual([
      created.identifier,
      more.body.provider.identifier,
    ]);
  });

  it("is rewritten after every write and always parses, with no temp file left behind", async () => {
    const statePath = join(dir, "state.json");
    const { emulator, client } = inProcess({ statePath });
    const seen: number[] = [];
    // each reply means that write is on disk; other writes are still in flight when it is read
    const writes = Array.from({ length: 25 }, (_, i) =>
      client
        .call("POST", "/api/v1/custom-providers", { body: payload({ display_name: `Parallel ${i}` }) })
        .then((reply) => {
          seen.push(JSON.parse(readFileSync(statePath, "utf8")).providers.length);
          return reply.status;
        }),
    );
    expect(await Promise.all(writes)).toEqual(Array(25).fill(201));
    expect(seen.every((count, i) => count >= i + 1)).toBe(true);
    await emulator.close();
    expect(JSON.parse(readFileSync(statePath, "utf8")).providers).toHaveLength(25);
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("replaces the file by rename rather than writing into it", async () => {
    const statePath = join(dir, "state.json");
    const { emulator, client } = inProcess({ statePath });
    await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    const before = statSync(statePath).ino;
    await client.call("POST", "/api/v1/custom-providers", { body: payload({ display_name: "Another" }) });
    expect(statSync(statePath).ino).not.toBe(before);
    await emulator.close();
  });

  it("persists a reset", async () => {
    const statePath = join(dir, "state.json");
    const first = inProcess({ statePath });
    await first.client.call("POST", "/api/v1/custom-providers", { body: payload() });
    await first.client.call("POST", "/_emulator/reset", { body: {}, token: null });
    await first.emulator.close();
    const second = inProcess({ statePath });
    const state = await second.client.call<{ providers: unknown[] }>("GET", "/_emulator/state", {
      token: null,
    });
    expect(state.body.providers).toEqual([]);
  });

  it("starts empty when the file does not exist yet", async () => {
    const { client } = inProcess({ statePath: join(dir, "missing.json") });
    const state = await client.call<{ providers: unknown[] }>("GET", "/_emulator/state", { token: null });
    expect(state.body.providers).toEqual([]);
  });

  it.each([
    ["not JSON", "{half", "is not valid JSON"],
    ["JSON of another shape", '{"providers": {}}', "is not an emulator state file"],
  ])("refuses a state file that is %s", (_name, text, message) => {
    const statePath = join(dir, "state.json");
    writeFileSync(statePath, text);
    expect(() => createEmulator({ statePath })).toThrow(message);
  });
});
