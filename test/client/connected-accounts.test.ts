// The client's connected-account and tool-proxy calls against the emulator on 127.0.0.1, with a
// vendor upstream behind --connect-to: the upstream's answers come back as results, Scalekit's
// own errors are told apart, and credentials never come back out.
import { afterEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { isScalekitApiError } from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { closedOrigin, startUpstream, type Upstream } from "../emulator/upstream.ts";
import { clientFor, startTestEmulator } from "../sync/helpers.ts";

const canary = "canary-Pw3Rt8Yn5Ds1";
const open: (RunningEmulator | Upstream)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function setup(origin: string, options: { tokenTtlSeconds?: number; now?: () => number } = {}) {
  const running = await startTestEmulator({ connectTo: [`api.verify.example=${origin}`], ...options });
  open.push(running);
  const client = clientFor(running);
  const provider = await client.createCustomProvider(
    connector("Key Check")
      .apiKey({ header: "X-API-Key" })
      .mutate("api_key", { prefix: "Token " })
      .proxy("https://api.verify.example/v2")
      .payload(),
  );
  const connection = await client.createConnection({
    providerKey: provider.identifier,
    type: "API_KEY",
    name: "keycheck",
  });
  await client.setConnectionEnabled(connection.id, true);
  return client;
}

type Client = Awaited<ReturnType<typeof setup>>;

/** An account on the test connection holding `key`. */
const addAccount = (client: Client, identifier: string, key = canary) =>
  client.createConnectedAccount({ connection: "keycheck", identifier, details: { api_key: key } });

/** GET /me through the proxy for that account. */
const getMe = (client: Client, identifier: string) =>
  client.proxyRequest({ connection: "keycheck", identifier, method: "GET", path: "/me" });

async function vendor() {
  const upstream = await startUpstream((request) =>
    request.headers["x-api-key"] === `Token ${canary}` ? { status: 200, body: "{}" } : { status: 401 },
  );
  open.push(upstream);
  return upstream;
}

describe("connected accounts through the client", () => {
  it("creates without returning credentials, lists, and deletes", async () => {
    const client = await setup((await vendor()).origin);
    const created = await addAccount(client, "u1");
    expect(created).toMatchObject({ identifier: "u1", connector: "keycheck", status: "ACTIVE" });
    expect(JSON.stringify(created)).not.toContain(canary);
    expect((await client.listConnectedAccounts({ connection: "keycheck" })).map((a) => a.identifier)).toEqual(
      ["u1"],
    );
    await client.deleteConnectedAccount({ connection: "keycheck", identifier: "u1" });
    expect(await client.listConnectedAccounts({ connection: "keycheck", identifier: "u1" })).toEqual([]);
  });

  it("fails a create on an unknown connection with a ScalekitApiError that names it", async () => {
    const client = await setup((await vendor()).origin);
    const error = await client
      .createConnectedAccount({ connection: "nosuch", identifier: "u1", details: { api_key: canary } })
      .catch((e: unknown) => e);
    expect(isScalekitApiError(error)).toBe(true);
    expect(String(error)).toContain('connection "nosuch" not found');
    expect(String(error)).not.toContain(canary);
  });
});

describe("proxyRequest", () => {
  it("returns the upstream's 200 and 401 as answers, calling the upstream once each", async () => {
    const upstream = await vendor();
    const client = await setup(upstream.origin);
    await addAccount(client, "good");
    await addAccount(client, "bad", "nope");
    const ok = await getMe(client, "good");
    expect(ok.status).toBe(200);
    expect(ok.scalekitError).toBeUndefined();
    const refused = await getMe(client, "bad");
    expect(refused.status).toBe(401);
    expect(refused.scalekitError).toBeUndefined();
    // an upstream 401 is not mistaken for a stale Scalekit token and sent again
    expect(upstream.received).toHaveLength(2);
  });

  it("passes the upstream's redirect back without following it", async () => {
    const moved = await startUpstream(() => ({
      status: 302,
      headers: { location: "https://elsewhere.example/" },
    }));
    open.push(moved);
    const client = await setup(moved.origin);
    await addAccount(client, "u");
    const answer = await getMe(client, "u");
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("https://elsewhere.example/");
  });

  it("fetches a new token once when Scalekit itself refuses the cached one", async () => {
    const upstream = await vendor();
    let clock = Date.now();
    const client = await setup(upstream.origin, { tokenTtlSeconds: 600, now: () => clock });
    await addAccount(client, "u");
    clock += 3_600_000; // the emulator's clock moves on: the client's cached token has expired there
    const answer = await getMe(client, "u");
    expect(answer.status).toBe(200);
    expect(upstream.received).toHaveLength(1);
  });

  it("waits 60 s for a proxied call, so a slow upstream (35 s) gets the proxy's own 504", async () => {
    const slow = await startUpstream(() => ({ status: 200, body: "{}", delayMs: 35_000 }));
    open.push(slow);
    // the emulator's default upstream timeout (30 s) answers first
    const client = await setup(slow.origin);
    await addAccount(client, "u");
    const answer = await getMe(client, "u");
    expect(answer.status).toBe(504);
    expect(answer.scalekitError).toMatchObject({ grpcCode: 4 });
    expect(answer.scalekitError?.message).toContain("did not answer within 30000 ms");
  }, 45_000);

  it("tells Scalekit's own errors apart: no account, upstream unreachable", async () => {
    const client = await setup(await closedOrigin());
    const missing = await getMe(client, "x");
    expect(missing.status).toBe(404);
    expect(missing.scalekitError).toMatchObject({ grpcCode: 5, message: "connected account not found" });
    await addAccount(client, "u");
    const down = await getMe(client, "u");
    expect(down.status).toBe(502);
    expect(down.scalekitError).toMatchObject({ grpcCode: 14, errorCode: "UPSTREAM_UNREACHABLE" });
  });
});
