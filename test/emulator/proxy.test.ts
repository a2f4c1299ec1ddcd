// The emulator's tool proxy and connected accounts (scalekit-api.md §9): the credential reaches a
// real upstream on 127.0.0.1 in exactly the form the auth pattern says, placeholders are filled
// from the account, and failures answer with Scalekit error bodies.
import { afterEach, describe, expect, it } from "vitest";
import { connectToMap, parseConnectTo } from "../../scripts/emulator/connect-to.ts";
import { type Client, connect, inProcess, payload } from "./helpers.ts";
import { type Answer, closedOrigin, type Received, startUpstream, type Upstream } from "./upstream.ts";

const upstreams: Upstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

const canary = "canary-Kq7Zx2Vw9Lm4";

async function upstream(answer: (request: Received) => Answer = () => ({ status: 200, body: "{}" })) {
  const started = await startUpstream(answer);
  upstreams.push(started);
  return started;
}

interface Setup {
  readonly client: Client;
  readonly identifier: string;
}

/** An emulator whose proxy sends api.verify.example to `origin`, with one connector created. */
async function withConnector(
  origin: string,
  pattern: Record<string, unknown>,
  proxyUrl = "https://api.verify.example/v2",
  options: { proxyTimeoutMs?: number; hosts?: string[] } = {},
): Promise<Setup> {
  const hosts = options.hosts ?? ["api.verify.example"];
  const { client } = inProcess({
    connectTo: hosts.map((host) => `${host}=${origin}`),
    ...(options.proxyTimeoutMs !== undefined && { proxyTimeoutMs: options.proxyTimeoutMs }),
  });
  const created = await client.call("POST", "/api/v1/custom-providers", {
    body: payload({ display_name: "Verify Me", auth_patterns: [pattern], proxy_url: proxyUrl }),
  });
  expect(created.status).toBe(201);
  const identifier = created.body.provider.identifier;
  await connect(client, identifier, { keyId: "verifyme", type: String(pattern.type) });
  return { client, identifier };
}

const account = (details: Record<string, unknown>, identifier = "user-1") => ({
  connector: "verifyme",
  identifier,
  connected_account: { authorization_details: { static_auth: { details } } },
});

async function proxy(
  client: Client,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; identifier?: string; connection?: string } = {},
): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const headers = new Headers(options.headers);
  headers.set("authorization", `Bearer ${await client.token()}`);
  headers.set("connection_name", options.connection ?? "verifyme");
  headers.set("identifier", options.identifier ?? "user-1");
  const response = await client.send(
    new Request(`${client.base}/proxy${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: options.body }),
    }),
  );
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

const apiKey = (extra: Record<string, unknown> = {}) => ({
  type: "API_KEY",
  display_name: "API Key",
  description: "",
  fields: [{ field_name: "api_key", label: "API Key", input_type: "password" }],
  ...extra,
});

describe("connected accounts", () => {
  it("creates, lists by connection and identifier, and deletes, in the documented shapes", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, apiKey());
    const created = await client.call<{ connected_account: Record<string, unknown> }>(
      "POST",
      "/api/v1/connected_accounts",
      { body: account({ api_key: canary }) },
    );
    expect(created.status).toBe(201);
    expect(created.body.connected_account).toMatchObject({
      identifier: "user-1",
      connector: "verifyme",
      authorization_type: "API_KEY",
      status: "ACTIVE",
      authorization_details: { static_auth: { details: { api_key: canary } } },
    });
    expect(created.body.connected_account.id).toMatch(/^ca_\d+$/);
    expect(created.body.connected_account.connection_id).toMatch(/^conn_\d+$/);

    const listed = await client.call<{ connected_accounts: Record<string, unknown>[]; total_size: number }>(
      "GET",
      "/api/v1/connected_accounts?connector=verifyme&identifier=user-1",
    );
    expect(listed.status).toBe(200);
    expect(listed.body.total_size).toBe(1);
    expect(listed.body.connected_accounts[0]?.id).toBe(created.body.connected_account.id);
    // the list leaves credentials out (connected_accountsConnectedAccountForList)
    expect(JSON.stringify(listed.body)).not.toContain(canary);

    const deleted = await client.call("POST", "/api/v1/connected_accounts:delete", {
      body: { connector: "verifyme", identifier: "user-1" },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    const again = await client.call("POST", "/api/v1/connected_accounts:delete", {
      body: { connector: "verifyme", identifier: "user-1" },
    });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe(5);
  });

  it("deletes by id, and pages the list", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, apiKey());
    const ids: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const created = await client.call<{ connected_account: { id: string } }>(
        "POST",
        "/api/v1/connected_accounts",
        { body: account({ api_key: "k" }, name) },
      );
      ids.push(created.body.connected_account.id);
    }
    const first = await client.call<{ connected_accounts: { id: string }[]; next_page_token: string }>(
      "GET",
      "/api/v1/connected_accounts?connector=verifyme&page_size=2",
    );
    expect(first.body.connected_accounts.map((a) => a.id)).toEqual(ids.slice(0, 2));
    const second = await client.call<{ connected_accounts: { id: string }[]; next_page_token: string }>(
      "GET",
      `/api/v1/connected_accounts?connector=verifyme&page_size=2&page_token=${first.body.next_page_token}`,
    );
    expect(second.body.connected_accounts.map((a) => a.id)).toEqual(ids.slice(2));
    expect(second.body.next_page_token).toBe("");
    const deleted = await client.call("POST", "/api/v1/connected_accounts:delete", { body: { id: ids[1] } });
    expect(deleted.status).toBe(200);
    const left = await client.call<{ total_size: number }>(
      "GET",
      "/api/v1/connected_accounts?connector=verifyme",
    );
    expect(left.body.total_size).toBe(2);
  });

  it("refuses an unknown connection, a duplicate, a missing identifier and OAuth tokens", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, apiKey());
    const unknown = await client.call("POST", "/api/v1/connected_accounts", {
      body: { ...account({ api_key: "k" }), connector: "nosuch" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('connection "nosuch" not found');

    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: "k" }) });
    const duplicate = await client.call("POST", "/api/v1/connected_accounts", {
      body: account({ api_key: "k" }),
    });
    expect(duplicate.status).toBe(409);

    const missing = await client.call("POST", "/api/v1/connected_accounts", {
      body: { connector: "verifyme", connected_account: {} },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]?.validation_error_info?.field_violations[0]?.field).toBe("identifier");

    const oauth = await client.call("POST", "/api/v1/connected_accounts", {
      body: {
        connector: "verifyme",
        identifier: "user-2",
        connected_account: { authorization_details: { oauth_token: { access_token: canary } } },
      },
    });
    expect(oauth.status).toBe(400);
    expect(JSON.stringify(oauth.body)).not.toContain(canary);
  });

  it("exists only once created; it blocks its provider's delete, and accounts block its own", async () => {
    const { client } = inProcess();
    const made = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: "My Tracker" }),
    });
    const identifier = made.body.provider.identifier;
    const path = `/api/v1/custom-providers/${encodeURIComponent(identifier)}`;
    // no connection is made with the provider: an account names none
    const early = await client.call("POST", "/api/v1/connected_accounts", {
      body: { connector: "mytracker", identifier: "u", connected_account: {} },
    });
    expect(early.status).toBe(404);
    expect(early.body.message).toBe('connection "mytracker" not found');

    const connection = await connect(client, identifier);
    expect(connection.key_id).toMatch(/^mytracker-[A-Za-z0-9]{8}$/);
    const account = await client.call<{ connected_account: { connector: string } }>(
      "POST",
      "/api/v1/connected_accounts",
      { body: { connector: connection.key_id, identifier: "u", connected_account: {} } },
    );
    expect(account.status).toBe(201);
    expect(account.body.connected_account.connector).toBe(connection.key_id);

    const blocked = await client.call("DELETE", path);
    expect(blocked.status).toBe(400);
    expect(blocked.body.message).toBe("cannot delete custom provider with existing connections");
    const inUse = await client.call("DELETE", `/api/v1/connections/${connection.id}`);
    expect(inUse.status).toBe(400);
    expect(inUse.body.message).toBe("cannot delete connection with existing connected accounts");

    await client.call("POST", "/api/v1/connected_accounts:delete", {
      body: { connector: connection.key_id, identifier: "u" },
    });
    // the connection alone, with no account on it, still blocks the provider's delete
    expect((await client.call("DELETE", path)).status).toBe(400);
    expect((await client.call("DELETE", `/api/v1/connections/${connection.id}`)).status).toBe(200);
    expect((await client.call("DELETE", path)).status).toBe(200);
  });
});

describe("the tool proxy adds the credential as the auth pattern says", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, Record<string, string>][] = [
    [
      "BEARER → Authorization: Bearer",
      {
        type: "BEARER",
        display_name: "Bearer",
        description: "",
        fields: [{ field_name: "token", label: "Token", input_type: "password" }],
      },
      { token: canary },
      { authorization: `Bearer ${canary}` },
    ],
    ["API_KEY → the raw value in Authorization", apiKey(), { api_key: canary }, { authorization: canary }],
    [
      "API_KEY with auth_header_key_override and a prefix",
      apiKey({
        auth_header_key_override: "X-API-Key",
        auth_field_mutations: { api_key: { prefix: "Token " } },
      }),
      { api_key: canary },
      { "x-api-key": `Token ${canary}` },
    ],
    [
      "BASIC with a username suffix and a password default",
      {
        type: "BASIC",
        display_name: "Basic",
        description: "",
        fields: [{ field_name: "username", label: "Key", input_type: "password" }],
        auth_field_mutations: { username: { suffix: "/token" }, password: { default: "X" } },
      },
      { username: canary },
      { authorization: `Basic ${Buffer.from(`${canary}/token:X`).toString("base64")}` },
    ],
    [
      "a mutation's default, then prefix, then suffix",
      apiKey({ auth_field_mutations: { api_key: { default: "dflt", prefix: "<", suffix: ">" } } }),
      { api_key: "" },
      { authorization: "<dflt>" },
    ],
    [
      "a field with header_name as its own header",
      apiKey({
        fields: [
          { field_name: "api_key", label: "Key", input_type: "password" },
          { field_name: "org", label: "Org", input_type: "text", header_name: "X-Org" },
        ],
      }),
      { api_key: canary, org: "acme" },
      { authorization: canary, "x-org": "acme" },
    ],
  ];

  it.each(cases)("%s", async (_name, pattern, details, expected) => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, pattern);
    await client.call("POST", "/api/v1/connected_accounts", { body: account(details) });
    const answer = await proxy(client, "GET", "/me");
    expect(answer.status).toBe(200);
    const [received] = vendor.received;
    expect(received?.url).toBe("/v2/me");
    expect(received?.headers).toMatchObject(expected);
    if (!("authorization" in expected)) expect(received?.headers.authorization).toBeUndefined();
  });

  it("forwards method, query, body and headers, never its own inputs, and returns the upstream's answer", async () => {
    const vendor = await upstream(() => ({
      status: 418,
      body: '{"teapot":true}',
      headers: { "x-vendor": "v" },
    }));
    const { client } = await withConnector(vendor.origin, apiKey({ auth_header_key_override: "X-API-Key" }));
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: canary }) });
    const token = await client.token();
    const answer = await proxy(client, "POST", "/things?limit=2&q=a%20b", {
      headers: {
        "x-trace": "t1",
        "content-type": "application/json",
        connection: "keep-alive, x-drop",
        "x-drop": "1",
      },
      body: '{"name":"n"}',
    });
    expect(answer.status).toBe(418);
    expect(answer.text).toBe('{"teapot":true}');
    const [received] = vendor.received;
    expect(received).toMatchObject({
      method: "POST",
      url: "/v2/things?limit=2&q=a%20b",
      body: '{"name":"n"}',
    });
    expect(received?.headers["x-trace"]).toBe("t1");
    // --connect-to sends the call elsewhere and, like curl's, keeps the Host it stands in for
    expect(received?.headers.host).toBe("api.verify.example");
    for (const header of ["authorization", "connection_name", "identifier", "x-drop"])
      expect(received?.headers[header]).toBeUndefined();
    expect(JSON.stringify(received?.headers)).not.toContain(token);
  });
});

describe("redirects", () => {
  it("returns the upstream's redirect instead of following it with the credential", async () => {
    const vendor = await upstream(() => ({
      status: 302,
      headers: { location: "https://elsewhere.example/me" },
    }));
    const { client } = await withConnector(vendor.origin, apiKey());
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: canary }) });
    const headers = new Headers({
      authorization: `Bearer ${await client.token()}`,
      connection_name: "verifyme",
      identifier: "user-1",
    });
    const answer = await client.send(new Request(`${client.base}/proxy/me`, { headers }));
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("https://elsewhere.example/me");
    expect(vendor.received).toHaveLength(1);
  });
});

describe("proxy_url placeholders", () => {
  const templated = apiKey({
    fields: [
      { field_name: "api_key", label: "Key", input_type: "password" },
      { field_name: "domain", label: "Domain", input_type: "text" },
    ],
  });

  it("fills {{domain}} from the account's details, path_variables first", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, templated, "https://{{domain}}/api", {
      hosts: ["tenant.verify.example", "other.verify.example"],
    });
    await client.call("POST", "/api/v1/connected_accounts", {
      body: account({ api_key: "k", domain: "tenant.verify.example" }),
    });
    expect((await proxy(client, "GET", "/me")).status).toBe(200);
    await client.call("POST", "/api/v1/connected_accounts", {
      body: account(
        { api_key: "k", domain: "tenant.verify.example", path_variables: { domain: "other.verify.example" } },
        "user-2",
      ),
    });
    expect((await proxy(client, "GET", "/me", { identifier: "user-2" })).status).toBe(200);
    // the Host each call kept shows which value filled {{domain}}: path_variables first
    expect(vendor.received.map((r) => [r.headers.host, r.url])).toEqual([
      ["tenant.verify.example", "/api/me"],
      ["other.verify.example", "/api/me"],
    ]);
  });

  it("refuses a value that would move the call, with its credential, to another host", async () => {
    const vendor = await upstream();
    const evil = await upstream();
    const templated = apiKey({
      fields: [
        { field_name: "api_key", label: "Key", input_type: "password" },
        { field_name: "domain", label: "Domain", input_type: "text" },
      ],
    });
    const { client } = await withConnector(
      vendor.origin,
      templated,
      "https://{{domain}}.verify.example/api",
      {
        hosts: ["tenant.verify.example", "evil.example"],
      },
    );
    const values = [
      "evil.example/x?",
      "x@evil.example/",
      "evil.example#",
      "a b",
      "tenant.verify.example:443",
      "x\\evil.example",
    ];
    for (const [index, domain] of values.entries()) {
      await client.call("POST", "/api/v1/connected_accounts", {
        body: account({ api_key: canary, domain }, `user-${index}`),
      });
      const answer = await proxy(client, "GET", "/me", { identifier: `user-${index}` });
      expect(answer.status, domain).toBe(400);
      expect(answer.text, domain).toContain("would move the call to another host");
    }
    expect(vendor.received).toEqual([]);
    expect(evil.received).toEqual([]);
  });

  it("answers 502 naming a placeholder the account leaves empty, and calls nothing", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, templated, "https://{{domain}}/api");
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: "k" }) });
    const answer = await proxy(client, "GET", "/me");
    expect(answer.status).toBe(502);
    expect(answer.json()).toMatchObject({
      code: 14,
      message: expect.stringContaining("{{domain}}"),
      details: [{ error_code: "UPSTREAM_UNREACHABLE" }],
    });
    expect(vendor.received).toEqual([]);
  });
});

describe("proxy failures", () => {
  it("answers 502 with a Scalekit error body when the upstream refuses connections", async () => {
    const { client } = await withConnector(await closedOrigin(), apiKey());
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: canary }) });
    const answer = await proxy(client, "GET", "/me");
    expect(answer.status).toBe(502);
    expect(answer.json()).toMatchObject({
      code: 14,
      message: "upstream unreachable: api.verify.example: ECONNREFUSED",
    });
    expect(answer.text).not.toContain(canary);
  });

  it("answers 504 when the upstream does not answer in time", async () => {
    const vendor = await upstream(() => ({ status: 200, stall: true }));
    const { client } = await withConnector(vendor.origin, apiKey(), undefined, { proxyTimeoutMs: 150 });
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: "k" }) });
    const answer = await proxy(client, "GET", "/me");
    expect(answer.status).toBe(504);
    expect(answer.json()).toMatchObject({ code: 4 });
  });

  it("needs the environment's token, both headers, a known connection and account", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, apiKey());
    const noToken = await client.send(new Request(`${client.base}/proxy/me`));
    expect(noToken.status).toBe(401);
    expect((await proxy(client, "GET", "/me", { connection: "" })).status).toBe(400);
    expect((await proxy(client, "GET", "/me", { connection: "nosuch" })).status).toBe(404);
    const noAccount = await proxy(client, "GET", "/me");
    expect(noAccount.status).toBe(404);
    expect(noAccount.json().message).toBe("connected account not found");
    expect(vendor.received).toEqual([]);
  });

  it("refuses an account that is not ACTIVE, such as an OAuth account never authorized", async () => {
    const vendor = await upstream();
    const oauth = {
      type: "OAUTH",
      display_name: "OAuth",
      description: "",
      fields: [],
      oauth_config: { authorize_uri: "https://id.example.com/a", token_uri: "https://id.example.com/t" },
    };
    const { client } = await withConnector(vendor.origin, oauth);
    const made = await client.call<{ connected_account: { status: string } }>(
      "POST",
      "/api/v1/connected_accounts",
      {
        body: { connector: "verifyme", identifier: "user-1", connected_account: {} },
      },
    );
    expect(made.body.connected_account.status).toBe("PENDING_AUTH");
    const answer = await proxy(client, "GET", "/me");
    expect(answer.status).toBe(400);
    expect(answer.json().message).toBe(
      "the connected account is PENDING_AUTH, not ACTIVE: authorize it first",
    );
    expect(vendor.received).toEqual([]);
  });

  it("keeps credentials and the environment token out of the request log", async () => {
    const vendor = await upstream();
    const { client } = await withConnector(vendor.origin, apiKey());
    await client.call("POST", "/api/v1/connected_accounts", { body: account({ api_key: canary }) });
    await proxy(client, "GET", `/me?key=${canary}`);
    const log = await client.call("GET", "/_emulator/requests", { token: null });
    const text = JSON.stringify(log.body);
    expect(text).toContain("/proxy/me");
    expect(text).not.toContain(canary);
    expect(text).not.toContain(await client.token());
  });
});

describe("--connect-to", () => {
  it("reads HOST=URL entries and refuses anything else with the fix", () => {
    expect(parseConnectTo("API.Verify.example=http://127.0.0.1:9000")).toEqual([
      "api.verify.example",
      "http://127.0.0.1:9000",
    ]);
    expect(() => parseConnectTo("api.verify.example")).toThrow(/is not HOST=URL/);
    expect(() => parseConnectTo("a.example=ftp://127.0.0.1")).toThrow(/http\(s\) origin/);
    expect(() => parseConnectTo("a.example=http://127.0.0.1:1/path")).toThrow(/no path/);
    expect(() => connectToMap(["a.example=http://127.0.0.1:1", "a.example=http://127.0.0.1:2"])).toThrow(
      /twice/,
    );
  });
});
