// The main flows over a real socket on 127.0.0.1, real connection drops, and the request log's secrecy.
import { afterEach, describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../scripts/emulator/request-log.ts";
import { type RunningEmulator, startEmulator } from "../../scripts/emulator/server.ts";
import { clientFor, encode, payload, seedWhere } from "./helpers.ts";

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const server = await startEmulator({ port: 0, ...options });
  running.push(server);
  const client = clientFor((request) => fetch(request), server.url, {
    id: server.emulator.clientId,
    secret: server.emulator.clientSecret,
  });
  return { server, client };
}

describe("over HTTP", () => {
  it("listens on 127.0.0.1 at a real port", async () => {
    const { server } = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("runs token → create → list → update → delete", async () => {
    const { client } = await start({ clientId: "ci", clientSecret: "ci-secret" });
    const created = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    expect(created.status).toBe(201);
    const { identifier } = created.body.provider;

    const listed = await client.call("GET", "/api/v1/providers?filter.provider_type=ALL");
    expect(listed.body.providers.map((p) => p.identifier)).toContain(identifier);

    const updated = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ description: "changed" }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.provider.description).toBe("changed");

    const deleted = await client.call("DELETE", `/api/v1/custom-providers/${encode(identifier)}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
  });

  it("destroys the connection on reset, without applying the write", async () => {
    const seed = seedWhere("reset=0.5", [undefined, "reset"]);
    const { client } = await start({ faults: "reset=0.5", seed });
    const failure = await client
      .call("POST", "/api/v1/custom-providers", { body: payload() })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    const state = await client.call<{ providers: unknown[] }>("GET", "/_emulator/state", { token: null });
    expect(state.body.providers).toEqual([]);
  });

  it("applies the write on lost, then destroys the connection", async () => {
    const seed = seedWhere("lost=0.5", [undefined, "lost"]);
    const { client } = await start({ faults: "lost=0.5", seed });
    const failure = await client
      .call("POST", "/api/v1/custom-providers", { body: payload() })
      .catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    const state = await client.call<{ providers: unknown[] }>("GET", "/_emulator/state", { token: null });
    expect(state.body.providers).toHaveLength(1);
    expect((await client.call("GET", "/api/v1/providers")).status).toBe(200);
  });

  it("never puts the token or the client secret in the request log", async () => {
    const secret = "very-secret-value-123";
    const { server, client } = await start({ clientId: "ci", clientSecret: secret });
    const token = await client.token();
    await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM&page_size=5");
    await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    // credentials wrongly sent in the URL must not leak either
    await fetch(`${server.url}/oauth/token?client_secret=${secret}`, { method: "POST" });
    await fetch(`${server.url}/api/v1/providers?access_token=${token}`);

    const entries = (await client.call<LoggedRequest[]>("GET", "/_emulator/requests", { token: null })).body;
    const text = JSON.stringify(entries);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(token);
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/oauth/token", 200],
      ["GET", "/api/v1/providers", 200],
      ["POST", "/api/v1/custom-providers", 201],
      ["POST", "/oauth/token", 400],
      ["GET", "/api/v1/providers", 401],
    ]);
    expect(entries[1]?.query).toEqual({ "filter.provider_type": "CUSTOM", page_size: "5" });
    expect(entries[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
