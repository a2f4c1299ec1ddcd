// Connections as code, over real HTTP to the emulator on 127.0.0.1: apply makes each connector's
// app connection (the declared name, or Scalekit's generated one), sets an OAuth connection's
// client credentials from the environment's variables and keeps them in step (a rotated secret is
// one change; an unchanged one is none, although Scalekit never returns it), recreates it on a
// replace, finds it by lookup for pull and promote, and degrades where the PREVIEW API is absent.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { FetchLike, ScalekitClient } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { managedBody } from "../../scripts/sync/connector/ownership.ts";
import {
  clientFor,
  dslIndex,
  envFor,
  type Project,
  project,
  requestLog,
  startTestEmulator,
  sync,
} from "./helpers.ts";

const secret = "oauth-secret-Vb7Nq2Lk9Wz";
const rotated = "oauth-secret-rotated-Hg3Ts8";

/** Every spelling of `value` a leak could take: raw, URL-encoded, base64, JSON-escaped. */
const forms = (value: string) => [
  value,
  encodeURIComponent(value),
  Buffer.from(value).toString("base64").replace(/=+$/, ""),
  JSON.stringify(value).slice(1, -1),
];

const acme = (
  connection = `{ name: "acme-crm" }`,
  scopes = `.scope("contacts.read", { required: true }).scope("deals.write")`,
) =>
  `import { connector } from ${JSON.stringify(dslIndex)};
export default connector("Acme CRM")
  .oauth({ authorizeUri: "https://login.acme.example/authorize", tokenUri: "https://login.acme.example/token" })
  ${scopes}
  .proxy("https://api.acme.example")
  .connection(${connection});
`;
const tracker = (auth = "bearer()") =>
  `import { connector } from ${JSON.stringify(dslIndex)};
export default connector("Tracker").${auth}.proxy("https://api.tracker.example");
`;

const oauthEnv = (value = secret) => ({
  CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID: "acme-client-1234",
  CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET: value,
});

interface StoredConnection {
  readonly id: string;
  readonly key_id: string;
  readonly provider_key: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly oauth?: { client_id: string; scopes: string[]; pkce_enabled: boolean };
}
const state = async (running: RunningEmulator) =>
  (await (await fetch(`${running.url}/_emulator/state`)).json()) as {
    providers: { identifier: string; display_name: string; metadata: Record<string, string> }[];
    connections: StoredConnection[];
  };

let running: RunningEmulator;
let work: Project;
let client: ScalekitClient;
beforeEach(async () => {
  running = await startTestEmulator();
  client = clientFor(running);
  work = project({ "connectors/acme.ts": acme(), "connectors/tracker.ts": tracker() });
});
afterEach(async () => {
  await running.close();
  work.remove();
});

/** An environment entry of connectorkit.config.ts for an emulator. */
const environment = (emulator: RunningEmulator) =>
  JSON.stringify({
    url: emulator.url,
    clientId: emulator.emulator.clientId,
    clientSecret: emulator.emulator.clientSecret,
  });

const run = (argv: string[], env: Record<string, string> = oauthEnv()) =>
  sync(argv, { cwd: work.dir, env: { ...envFor(running), ...env } });

describe("apply makes each connector's connection", () => {
  it("with the declared and the generated name, OAuth settings from the variables, then No changes.", async () => {
    const first = await run(["apply", "--yes"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("[+] connection acme-crm (OAUTH, client id acme…, scopes contacts.read)");
    expect(first.stdout).toContain("[+] connection (name from Scalekit) (BEARER)");
    expect(first.stdout).toContain("connection acme-crm of Acme CRM: created, OAuth settings set, enabled");
    const { connections, providers } = await state(running);
    const acmeId = providers.find((p) => p.display_name === "Acme CRM")?.identifier;
    expect(connections.find((c) => c.key_id === "acme-crm")).toMatchObject({
      provider_key: acmeId,
      type: "OAUTH",
      enabled: true,
      oauth: { client_id: "acme-client-1234", scopes: ["contacts.read"], pkce_enabled: false },
    });
    const generated = connections.find((c) => c.type === "BEARER");
    expect(generated?.key_id).toMatch(/^tracker-[A-Za-z0-9]{8}$/);
    // the redirect URI to register, once, where a person reads it
    const [created] = connections.filter((c) => c.key_id === "acme-crm");
    const redirect = `${running.url}/sso/v1/oauth/${created?.id}/callback`;
    expect(first.stdout).toContain(`register this redirect URI with Acme CRM's OAuth app: ${redirect}`);

    const again = await run(["plan", "--exit-code"]);
    expect(again.stdout).toContain("No changes.");
    expect(again.stdout).not.toContain("redirect URI");
    expect(again.code).toBe(0);
  });

  it("never sends a create twice when its answer was lost and the listing to find it fails too", async () => {
    work.remove();
    work = project({ "connectors/tracker.ts": tracker() });
    let lost = false;
    const flaky: FetchLike = async (request) => {
      const { pathname } = new URL(request.url);
      if (request.method === "POST" && pathname === "/api/v1/connections" && !lost) {
        lost = true;
        await fetch(request); // applied by the server; its answer never arrives
        throw new TypeError("fetch failed");
      }
      if (lost && request.method === "GET" && pathname.startsWith("/api/v1/connections"))
        return Response.json({ code: 14, message: "unavailable" }, { status: 503 });
      return fetch(request);
    };
    const first = await sync(["apply", "--yes"], { cwd: work.dir, env: envFor(running), fetch: flaky });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(
      "the create's answer was lost, and listing the connections to find it failed",
    );
    expect(first.stdout).toContain("run apply again");
    expect((await state(running)).connections).toHaveLength(1);

    const again = await run(["apply", "--yes"]);
    expect(again.code).toBe(0);
    const { connections } = await state(running);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.enabled).toBe(true);
  });

  it("shows a rotated client secret as one change, and the secret nowhere, in any encoding", async () => {
    await run(["apply", "--yes"]);
    const plan = await run(["plan", "--exit-code"], oauthEnv(rotated));
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain("[~] connection acme-crm: client secret rotated");
    expect(plan.stdout).toContain(
      "0 to create, 0 to update, 0 to delete (2 unchanged); connections: 0 to create, 1 to update",
    );
    const json = await run(["plan", "--json"], oauthEnv(rotated));
    const applied = await run(["apply", "--yes"], oauthEnv(rotated));
    expect(applied.code).toBe(0);
    expect((await run(["plan", "--exit-code"], oauthEnv(rotated))).code).toBe(0);
    // and the old one shows as changed again
    expect((await run(["plan"], oauthEnv(secret))).stdout).toContain("client secret rotated");

    const log = JSON.stringify(await requestLog(running.url));
    const stateFile = JSON.stringify(await state(running));
    for (const text of [
      plan.stdout,
      plan.stderr,
      json.stdout,
      json.stderr,
      applied.stdout,
      applied.stderr,
      log,
      stateFile,
    ])
      for (const value of [secret, rotated])
        for (const form of forms(value)) expect(text).not.toContain(form);
  });

  it("blocks, writing nothing, where the OAuth variables are not set, naming them", async () => {
    const before = (await requestLog(running.url)).length;
    const planned = await run(["plan"], {});
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain("[!] Acme CRM  blocked");
    expect(planned.stdout).toContain(
      "CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID and CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET are not set",
    );
    const applied = await run(["apply", "--yes"], {});
    expect(applied.code).toBe(1);
    const writes = (await requestLog(running.url)).slice(before).filter((entry) => entry.method !== "GET");
    expect(writes.filter((entry) => entry.path !== "/oauth/token")).toEqual([]);
  });

  it("reads a named environment's variables, prefixed with its name", async () => {
    // the config is evaluated in this process: its values are written in, as a user's come from process.env
    work.write(
      "connectorkit.config.ts",
      `export default { environments: { prod: ${environment(running)} } };\n`,
    );
    const env = {};
    const missing = await sync(["plan", "--env", "prod"], { cwd: work.dir, env: { ...env, ...oauthEnv() } });
    expect(missing.stdout).toContain(
      "PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID and PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET are not set",
    );
    const set = await sync(["apply", "--env", "prod", "--yes"], {
      cwd: work.dir,
      env: {
        ...env,
        PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID: "prod-client",
        PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET: secret,
      },
    });
    expect(set.code).toBe(0);
    expect((await state(running)).connections.find((c) => c.key_id === "acme-crm")?.oauth?.client_id).toBe(
      "prod-client",
    );
  });

  it("updates scopes and PKCE in place, warning that accounts must authorize again", async () => {
    await run(["apply", "--yes"]);
    work.write(
      "connectors/acme.ts",
      acme(`{ name: "acme-crm", scopes: ["contacts.read", "deals.write"], pkce: true }`),
    );
    const planned = await run(["plan"]);
    expect(planned.stdout).toContain("[~] connection acme-crm: scopes + deals.write, PKCE on");
    expect(planned.stdout).toContain("connected accounts must authorize again to grant the added scopes");
    expect((await run(["apply", "--yes"])).code).toBe(0);
    expect((await state(running)).connections.find((c) => c.key_id === "acme-crm")?.oauth).toMatchObject({
      scopes: ["contacts.read", "deals.write"],
      pkce_enabled: true,
    });
  });
});

describe("a replace", () => {
  it("deletes the connection, replaces the connector, and makes the connection again under its name", async () => {
    await run(["apply", "--yes"]);
    const before = (await state(running)).connections.find((c) => c.type === "BEARER");
    work.write("connectors/tracker.ts", tracker("apiKey()"));
    const refused = await run(["plan"]);
    expect(refused.stdout).toContain("pass --allow-replace");
    const replaced = await run(["apply", "--yes", "--allow-replace"]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`[-] connection ${before?.key_id}  destroy`);
    expect(replaced.stdout).toContain(`[+] connection ${before?.key_id} (API_KEY)`);
    expect(replaced.stdout).toContain("every user must connect again");
    const after = (await state(running)).connections.find((c) => c.key_id === before?.key_id);
    expect(after).toMatchObject({ type: "API_KEY", enabled: true });
    expect(after?.id).not.toBe(before?.id);
    expect((await run(["plan", "--exit-code"])).code).toBe(0);
  });

  it("is refused while connected accounts are on the connection, naming them", async () => {
    await run(["apply", "--yes"]);
    const bearerConnection = (await state(running)).connections.find((c) => c.type === "BEARER");
    await client.createConnectedAccount({
      connection: bearerConnection?.key_id ?? "",
      identifier: "bob",
      details: { token: "t" },
    });
    work.write("connectors/tracker.ts", tracker("apiKey()"));
    const refused = await run(["apply", "--yes", "--allow-replace"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('has 1 connected account ("bob")');
    expect((await state(running)).connections.find((c) => c.key_id === bearerConnection?.key_id)?.type).toBe(
      "BEARER",
    );
  });
});

describe("lookup", () => {
  it("several connections: blocked until the definition names one", async () => {
    const made = await client.createCustomProvider(
      managedBody(connector("Tracker").bearer().proxy("https://api.tracker.example").payload()),
    );
    for (const name of ["tracker-one", "tracker-two"])
      await client.createConnection({ providerKey: made.identifier, type: "BEARER", name });
    work.remove();
    work = project({ "connectors/tracker.ts": tracker() });
    const blocked = await run(["plan"], {});
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('2 connections serve this connector ("tracker-one", "tracker-two")');
    expect(blocked.stdout).toContain('.connection({ name: "tracker-one" | "tracker-two" })');
    work.write(
      "connectors/tracker.ts",
      tracker().replace(
        '.proxy("https://api.tracker.example")',
        '.proxy("https://api.tracker.example").connection({ name: "tracker-two" })',
      ),
    );
    const chosen = await run(["plan"], {});
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain("[~] connection tracker-two: enable");
  });

  it("a connection made in the Dashboard (managed: false) is only looked up", async () => {
    work.write("connectorkit.config.ts", "export default { connections: { managed: false } };\n");
    const applied = await run(["apply", "--yes"], {});
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      "Acme CRM: no connection yet: create one for Acme CRM in the Scalekit Dashboard after apply",
    );
    expect((await state(running)).connections).toEqual([]);
  });

  it("an environment without the PREVIEW connections API: looked up by the public list, everything else works", async () => {
    await running.close();
    running = await startTestEmulator({ connectionsApi: false });
    client = clientFor(running);
    const applied = await run(["apply", "--yes"]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      "does not offer Scalekit's PREVIEW connections API: connections are made in the Scalekit Dashboard there",
    );
    const [provider] = (await state(running)).providers.filter((p) => p.display_name === "Tracker");
    await fetch(`${running.url}/_emulator/connections`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier: provider?.identifier, key_id: "tracker-dashboard" }),
    });
    const planned = await run(["plan", "--exit-code"]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).not.toContain("Tracker: no connection yet");
  });
});

describe("pull and promote", () => {
  it("pull writes a connection made over the raw API as code that plans clean", async () => {
    const made = await client.createCustomProvider(
      connector("Raw CRM")
        .oauth({ authorizeUri: "https://login.raw.example/a", tokenUri: "https://login.raw.example/t" })
        .scope("read", { required: true })
        .scope("write")
        .proxy("https://api.raw.example")
        .payload(),
    );
    const connection = await client.createConnection({
      providerKey: made.identifier,
      type: "OAUTH",
      name: "raw-crm",
    });
    await client.updateConnection(connection.id, {
      oauth: { clientId: "raw-client", clientSecret: secret, scopes: ["read", "write"], pkce: true },
    });
    await client.setConnectionEnabled(connection.id, true);
    work.remove();
    work = project();
    const pulled = await run(["pull"], {});
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain(
      "Set CONNECTORKIT_OAUTH_RAW_CRM_CLIENT_ID, CONNECTORKIT_OAUTH_RAW_CRM_CLIENT_SECRET",
    );
    const source = readFileSync(join(work.dir, "connectors", "raw-crm.ts"), "utf8");
    expect(source).toContain('.connection({ name: "raw-crm", scopes: ["read", "write"], pkce: true })');
    expect(source).toContain("set CONNECTORKIT_OAUTH_RAW_CRM_CLIENT_ID=raw-client");
    for (const form of forms(secret)) expect(source).not.toContain(form);
    const adopted = await run(["plan", "--adopt"], {});
    expect(adopted.stdout).not.toMatch(/connection raw-crm/);
    expect(adopted.stdout).toContain("its client id and secret were not compared");
  });

  it("pull leaves out scopes that are the default (the required ones), and it still plans clean", async () => {
    const made = await client.createCustomProvider(
      connector("Lean CRM")
        .oauth({ authorizeUri: "https://login.lean.example/a", tokenUri: "https://login.lean.example/t" })
        .scope("read", { required: true })
        .scope("profile", { required: true })
        .scope("write")
        .proxy("https://api.lean.example")
        .payload(),
    );
    const connection = await client.createConnection({
      providerKey: made.identifier,
      type: "OAUTH",
      name: "lean",
    });
    await client.updateConnection(connection.id, {
      oauth: { clientId: "lean-client", clientSecret: secret, scopes: ["profile", "read"], pkce: false },
    });
    await client.setConnectionEnabled(connection.id, true);
    work.remove();
    work = project();
    expect((await run(["pull"], {})).code).toBe(0);
    const source = readFileSync(join(work.dir, "connectors", "lean-crm.ts"), "utf8");
    expect(source).toContain('.connection({ name: "lean" })');
    const adopted = await run(["plan", "--adopt"], {});
    expect(adopted.stdout).not.toMatch(/connection lean/);
  });

  it("promote makes prod's connection from prod's variables", async () => {
    const prod = await startTestEmulator();
    try {
      work.write(
        "connectorkit.config.ts",
        `export default { environments: { dev: ${environment(running)}, prod: ${environment(prod)} } };\n`,
      );
      const env = {};
      const dev = await sync(["apply", "--env", "dev", "--yes"], {
        cwd: work.dir,
        env: {
          ...env,
          DEV_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID: "dev-client",
          DEV_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET: secret,
        },
      });
      expect(dev.code).toBe(0);
      const promoted = await sync(["promote", "--from", "dev", "--to", "prod", "--yes"], {
        cwd: work.dir,
        env: {
          ...env,
          PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID: "prod-client",
          PROD_CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET: rotated,
        },
      });
      expect(promoted.code).toBe(0);
      const inProd = (await state(prod)).connections;
      expect(inProd.find((c) => c.key_id === "acme-crm")?.oauth).toMatchObject({
        client_id: "prod-client",
        scopes: ["contacts.read"],
      });
      // the generated name of dev's connection travels, so callers name the same connection everywhere
      const devTracker = (await state(running)).connections.find((c) => c.type === "BEARER")?.key_id;
      expect(inProd.find((c) => c.type === "BEARER")?.key_id).toBe(devTracker);
    } finally {
      await prod.close();
    }
  });
});
