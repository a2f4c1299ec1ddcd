// The emulator's connections (scalekit-api.md §10.1, §10.2): none until one is made, named as
// given or generated, listed and paged, updated with write-only client secrets, toggled, deleted,
// and absent (404) where an environment does not offer the PREVIEW API.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createEmulator } from "../../scripts/emulator/app.ts";
import { type Client, clientFor, connect, inProcess, payload } from "./helpers.ts";

const secret = "conn-secret-Zq8Lm2Xw7Vb4";

const oauthPattern = {
  type: "OAUTH",
  display_name: "OAuth 2.0",
  description: "",
  fields: [],
  oauth_config: {
    authorize_uri: "https://login.acme.example/authorize",
    token_uri: "https://login.acme.example/token",
  },
};

async function provider(client: Client, name = "Acme CRM", pattern: Record<string, unknown> = oauthPattern) {
  const made = await client.call("POST", "/api/v1/custom-providers", {
    body: payload({ display_name: name, auth_patterns: [pattern] }),
  });
  expect(made.status).toBe(201);
  return made.body.provider.identifier;
}

type Shown = { id: string; key_id: string } & Record<string, unknown>;
type List = { connections: Shown[]; next_page_token: string; total_size: number };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("connections", () => {
  it("exist only once created: a new provider has none", async () => {
    const { client } = inProcess();
    await provider(client);
    const listed = await client.call<List>("GET", "/api/v1/connections/app");
    expect(listed.body).toEqual({ connections: [], next_page_token: "", prev_page_token: "", total_size: 0 });
    expect((await client.call<List>("GET", "/api/v1/connections")).body.connections).toEqual([]);
  });

  it("are created with the given key_id, or a generated one, disabled until enabled", async () => {
    const { client } = inProcess();
    const identifier = await provider(client);
    const named = await connect(client, identifier, { keyId: "acme-crm", type: "OAUTH", enable: false });
    expect(named).toMatchObject({
      key_id: "acme-crm",
      provider: "CUSTOM",
      provider_key: identifier,
      type: "OAUTH",
      enabled: false,
      status: "IN_PROGRESS",
      oauth_config: { client_id: "", scopes: [], pkce_enabled: false },
    });
    expect(named.id).toMatch(/^conn_\d{18}$/);
    expect((named.oauth_config as { redirect_uri: string }).redirect_uri).toBe(
      `http://emulator.test/sso/v1/oauth/${named.id}/callback`,
    );
    const generated = await connect(client, identifier, { type: "OAUTH" });
    expect(generated.key_id).toMatch(/^acmecrm-[A-Za-z0-9]{8}$/);
    const enabled = await client.call<{ connection: Shown }>("GET", `/api/v1/connections/${generated.id}`);
    expect(enabled.body.connection.enabled).toBe(true);
  });

  it("refuses a create without the app flag, of another type, for an unknown provider, or with a taken or bad name", async () => {
    const { client } = inProcess();
    const identifier = await provider(client);
    const create = (query: string, body: Record<string, unknown>) =>
      client.call("POST", `/api/v1/connections${query}`, { body });
    const noFlag = await create("", { provider_key: identifier, type: "OAUTH" });
    expect(noFlag.status).toBe(400);
    expect(noFlag.body.message).toMatch(/flags\.is_app=true/);
    const wrongType = await create("?flags.is_app=true", { provider_key: identifier, type: "BEARER" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/does not match the connector's auth type "OAUTH"/);
    const unknown = await create("?flags.is_app=true", { provider_key: "NOPE:1", type: "OAUTH" });
    expect(unknown.status).toBe(404);
    await connect(client, identifier, { keyId: "acme", type: "OAUTH" });
    const taken = await create("?flags.is_app=true", {
      provider_key: identifier,
      type: "OAUTH",
      key_id: "acme",
    });
    expect(taken.status).toBe(409);
    const bad = await create("?flags.is_app=true", {
      provider_key: identifier,
      type: "OAUTH",
      key_id: "a b",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]?.validation_error_info?.field_violations[0]?.field).toBe("connection.key_id");
  });

  it("list app connections by provider, in pages of at most 30", async () => {
    const { client } = inProcess();
    const one = await provider(client, "One", { ...oauthPattern });
    const two = await provider(client, "Two", { ...oauthPattern });
    for (let i = 0; i < 3; i++) await connect(client, one, { keyId: `one-${i}`, type: "OAUTH" });
    await connect(client, two, { keyId: "two-0", type: "OAUTH" });
    const first = await client.call<List>(
      "GET",
      `/api/v1/connections/app?provider=${encodeURIComponent(one)}&page_size=2`,
    );
    expect(first.body.connections.map((c) => c.key_id)).toEqual(["one-0", "one-1"]);
    expect(first.body.total_size).toBe(3);
    const second = await client.call<List>(
      "GET",
      `/api/v1/connections/app?provider=${encodeURIComponent(one)}&page_size=2&page_token=${first.body.next_page_token}`,
    );
    expect(second.body.connections.map((c) => c.key_id)).toEqual(["one-2"]);
    expect(second.body.next_page_token).toBe("");
    expect((await client.call("GET", "/api/v1/connections/app?page_size=31")).status).toBe(400);
    const all = await client.call<List>("GET", "/api/v1/connections");
    expect(all.body.connections).toHaveLength(4);
  });

  it("take OAuth settings by PATCH, the secret write-only, and keep type and provider", async () => {
    const { client } = inProcess();
    const identifier = await provider(client);
    const made = await connect(client, identifier, { keyId: "acme", type: "OAUTH" });
    const patched = await client.call<{ connection: Shown }>("PATCH", `/api/v1/connections/${made.id}`, {
      body: {
        key_id: "acme-crm",
        oauth_config: {
          client_id: "cid-1",
          client_secret: secret,
          scopes: ["contacts.read"],
          pkce_enabled: true,
        },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.connection).toMatchObject({
      key_id: "acme-crm",
      status: "COMPLETED",
      oauth_config: { client_id: "cid-1", scopes: ["contacts.read"], pkce_enabled: true },
    });
    expect(JSON.stringify(patched.body)).not.toContain(secret);
    const got = await client.call("GET", `/api/v1/connections/${made.id}`);
    expect(JSON.stringify(got.body)).not.toContain(secret);
    // oauth_config replaces the OAuth settings whole: leaving the secret out clears it
    const cleared = await client.call<{ connection: Shown }>("PATCH", `/api/v1/connections/${made.id}`, {
      body: { oauth_config: { client_id: "cid-1", scopes: [] } },
    });
    expect(cleared.body.connection.status).toBe("IN_PROGRESS");
    const retype = await client.call("PATCH", `/api/v1/connections/${made.id}`, { body: { type: "BEARER" } });
    expect(retype.status).toBe(400);
    expect(retype.body.message).toBe("type of a connection cannot change");
  });

  it("toggle with :enable and :disable; a disabled one refuses proxy calls", async () => {
    const { client } = inProcess();
    const identifier = await provider(client, "Static One", {
      type: "BEARER",
      display_name: "Bearer",
      fields: [{ field_name: "token", label: "Token", input_type: "password" }],
    });
    const made = await connect(client, identifier, { keyId: "static-one" });
    const off = await client.call<{ enabled: boolean }>("PATCH", `/api/v1/connections/${made.id}:disable`);
    expect(off.body).toEqual({ enabled: false, error_message: "" });
    const account = await client.call("POST", "/api/v1/connected_accounts", {
      body: {
        connector: "static-one",
        identifier: "u",
        connected_account: { authorization_details: { static_auth: { details: { token: "t" } } } },
      },
    });
    expect(account.status).toBe(201);
    const proxied = await client.send(
      new Request(`${client.base}/proxy/me`, {
        headers: {
          authorization: `Bearer ${await client.token()}`,
          connection_name: "static-one",
          identifier: "u",
        },
      }),
    );
    expect(proxied.status).toBe(400);
    expect(await proxied.text()).toContain("is disabled");
  });

  it("are absent, but for the public list, where the environment has no PREVIEW API", async () => {
    const { client } = inProcess({ connectionsApi: false });
    const identifier = await provider(client);
    for (const [method, path] of [
      ["GET", "/api/v1/connections/app"],
      ["POST", "/api/v1/connections?flags.is_app=true"],
      ["GET", "/api/v1/connections/conn_1"],
      ["PATCH", "/api/v1/connections/conn_1"],
      ["DELETE", "/api/v1/connections/conn_1"],
    ] as const) {
      const answer = await client.call(
        method,
        path,
        method === "POST" ? { body: { provider_key: identifier } } : {},
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    // a connection made in the Dashboard is still listed
    const dashboard = await client.send(
      new Request(`${client.base}/_emulator/connections`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          identifier,
          key_id: "from-dashboard",
          client_id: "cid",
          client_secret: secret,
        }),
      }),
    );
    expect(dashboard.status).toBe(201);
    const listed = await client.call<List>("GET", "/api/v1/connections");
    expect(listed.body.connections.map((c) => [c.key_id, c.enabled, c.status])).toEqual([
      ["from-dashboard", true, "COMPLETED"],
    ]);
  });

  it("keep client secrets out of the state file, sealed with a key kept beside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ck-conn-"));
    dirs.push(dir);
    const statePath = join(dir, "state.json");
    const first = createEmulator({ statePath });
    const client = clientFor((request) => first.fetch(request));
    const identifier = await provider(client);
    const made = await connect(client, identifier, { keyId: "acme", type: "OAUTH" });
    await client.call("PATCH", `/api/v1/connections/${made.id}`, {
      body: { oauth_config: { client_id: "cid", client_secret: secret } },
    });
    await first.close();
    const state = readFileSync(statePath, "utf8");
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")])
      expect(state).not.toContain(form);
    expect(readFileSync(`${statePath}.key`, "utf8")).not.toContain(secret);

    // a second process with the key reads the secret back (the connection stays COMPLETED) …
    const second = createEmulator({ statePath });
    const again = clientFor((request) => second.fetch(request));
    const status = async (c: Client) =>
      (await c.call<{ connection: Shown }>("GET", `/api/v1/connections/${made.id}`)).body.connection.status;
    expect(await status(again)).toBe("COMPLETED");
    await second.close();
    // … and without it, the state file alone holds no usable secret
    rmSync(`${statePath}.key`);
    const third = createEmulator({ statePath });
    expect(await status(clientFor((request) => third.fetch(request)))).toBe("IN_PROGRESS");
    await third.close();
  });
});
