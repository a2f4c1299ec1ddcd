// The client's connection calls against the emulator on 127.0.0.1: made, read, renamed, given
// OAuth settings, toggled and deleted; listed through the PREVIEW list, or the public one where an
// environment lacks the PREVIEW API; and a client secret never comes back in an error.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { createScalekitClient, isScalekitApiError } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { clientFor, startTestEmulator } from "../sync/helpers.ts";

const secret = "oauth-secret-Hq4Zw9Kx2Lp7";
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

const acme = connector("Acme CRM")
  .oauth({
    authorizeUri: "https://login.acme.example/authorize",
    tokenUri: "https://login.acme.example/token",
  })
  .scope("contacts.read", { required: true })
  .proxy("https://api.acme.example");

async function setup(options: { connectionsApi?: boolean } = {}) {
  const running: RunningEmulator = await startTestEmulator(options);
  open.push(running);
  const client = clientFor(running);
  const provider = await client.createCustomProvider(acme.payload());
  return { client, running, identifier: provider.identifier };
}

describe("connections through the client", () => {
  it("are made, read, renamed, given OAuth settings, enabled and deleted", async () => {
    const { client, running, identifier } = await setup();
    expect((await client.listConnections()).connections).toEqual([]);
    const made = await client.createConnection({ providerKey: identifier, type: "OAUTH", name: "acme" });
    expect(made).toMatchObject({ name: "acme", providerKey: identifier, type: "OAUTH", enabled: false });
    expect(made.oauth?.redirectUri).toBe(`${running.url}/sso/v1/oauth/${made.id}/callback`);
    const patched = await client.updateConnection(made.id, {
      name: "acme-crm",
      oauth: { clientId: "cid", clientSecret: secret, scopes: ["contacts.read"], pkce: true },
    });
    expect(patched).toMatchObject({
      name: "acme-crm",
      status: "COMPLETED",
      oauth: { clientId: "cid", scopes: ["contacts.read"], pkce: true },
    });
    expect(await client.setConnectionEnabled(made.id, true)).toBe(true);
    expect((await client.getConnection(made.id)).enabled).toBe(true);
    const listed = await client.listConnections();
    expect(listed.preview).toBe(true);
    expect(listed.connections.map((c) => c.name)).toEqual(["acme-crm"]);
    await client.deleteConnection(made.id);
    expect((await client.listConnections()).connections).toEqual([]);
  });

  it("lists every page of app connections", async () => {
    const { client, identifier } = await setup();
    for (let i = 0; i < 33; i++) await client.createConnection({ providerKey: identifier, type: "OAUTH" });
    expect((await client.listConnections()).connections).toHaveLength(33);
  });

  it("fall back to the public list where the environment lacks the PREVIEW API", async () => {
    const { client, running, identifier } = await setup({ connectionsApi: false });
    await fetch(`${running.url}/_emulator/connections`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier, key_id: "dashboard-made" }),
    });
    const listed = await client.listConnections();
    expect(listed).toMatchObject({ preview: false, connections: [{ name: "dashboard-made" }] });
    const refused = await client.createConnection({ providerKey: identifier, type: "OAUTH" }).catch((e) => e);
    expect(isScalekitApiError(refused) && refused.status).toBe(404);
  });

  it("never repeat the client secret a server echoes in its error, in any field", async () => {
    const echo: Server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        if (request.url?.startsWith("/oauth/token")) {
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ access_token: "t0ken-Abc123XyZ", expires_in: 3600 }));
          return;
        }
        response.statusCode = 400;
        response.setHeader("content-type", "application/json");
        const escaped = [...secret]
          .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
          .join("");
        response.end(
          `{"code":3,"message":"bad ${secret} ${escaped}","details":[{"@type":"type.googleapis.com/scalekit.v1.errdetails.ErrorInfo","error_code":"E_${secret}","validation_error_info":{"field_violations":[{"field":"${secret}","description":"${encodeURIComponent(secret)}","constraint":"${Buffer.from(secret).toString("base64")}"}]}}]}`,
        );
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    open.push({ close: () => new Promise((resolve) => echo.close(() => resolve())) });
    const client = createScalekitClient({
      environmentUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`,
      clientId: "id",
      clientSecret: "env-secret-Qw1Er2Ty3",
      retry: { attempts: 1 },
    });
    const error = await client
      .updateConnection("conn_1", {
        oauth: { clientId: "cid", clientSecret: secret, scopes: [], pkce: false },
      })
      .catch((e: unknown) => e);
    expect(isScalekitApiError(error)).toBe(true);
    const everything = JSON.stringify({ message: (error as Error).message, ...(error as object) });
    for (const form of [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString("base64").replace(/=+$/, ""),
    ])
      expect(everything).not.toContain(form);
    expect(everything).not.toMatch(/\\\\u006f\\\\u0061/);
  });
});
