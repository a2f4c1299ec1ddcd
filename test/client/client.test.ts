// The Scalekit client against the emulator on 127.0.0.1: paging, writes, error mapping, the
// token cache and refresh, retries, and that no error ever carries the secret or a token.
import { afterEach, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import {
  createScalekitClient,
  isScalekitApiError,
  type ScalekitApiError,
} from "../../scripts/client/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import {
  expectNoSecrets,
  quickRetry,
  recordingFetch,
  requestLog,
  startTestEmulator,
  testSecret,
} from "../sync/helpers.ts";

const payload = (name: string) =>
  connector(name as "N")
    .description("d")
    .bearer()
    .proxy("https://api.example.com")
    .payload();

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function setup(
  options: Parameters<typeof startTestEmulator>[0] = {},
  clientOptions: { now?: () => number } = {},
) {
  running = await startTestEmulator(options);
  const recorder = recordingFetch();
  const client = createScalekitClient({
    environmentUrl: running.url,
    clientId: running.emulator.clientId,
    clientSecret: running.emulator.clientSecret,
    fetch: recorder.fetch,
    ...quickRetry,
    ...clientOptions,
  });
  return { client, url: running.url, tokens: recorder.tokens };
}

async function failure(promise: Promise<unknown>): Promise<ScalekitApiError> {
  try {
    await promise;
  } catch (error) {
    if (isScalekitApiError(error)) return error;
    throw error;
  }
  throw new Error("expected a ScalekitApiError");
}

describe("createScalekitClient", () => {
  it("follows next_page_token with the CUSTOM filter and fetches one token", async () => {
    const { client, url } = await setup({ pageSizeCap: 100 });
    for (let i = 0; i < 230; i++) await client.createCustomProvider(payload(`Conn ${i}`));
    const listed = await client.listCustomProviders();
    expect(listed).toHaveLength(230);
    expect(new Set(listed.map((p) => p.identifier)).size).toBe(230);
    const log = await requestLog(url);
    expect(log.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
    const lists = log.filter((entry) => entry.path === "/api/v1/providers");
    expect(lists).toHaveLength(3);
    for (const entry of lists) expect(entry.query["filter.provider_type"]).toBe("CUSTOM");
  });

  it("creates, updates and deletes by an identifier with a colon, URL-encoded", async () => {
    const { client, url } = await setup();
    const created = await client.createCustomProvider(payload("Alpha"));
    expect(created.identifier).toContain(":");
    const updated = await client.updateCustomProvider(created.identifier, {
      ...payload("Alpha"),
      description: "new",
    });
    expect(updated.description).toBe("new");
    await client.deleteCustomProvider(created.identifier);
    expect(await client.listCustomProviders()).toStrictEqual([]);
    const put = (await requestLog(url)).find((entry) => entry.method === "PUT");
    expect(put?.path).toBe(`/api/v1/custom-providers/${encodeURIComponent(created.identifier)}`);
  });

  it("maps errors to one type with status, gRPC code, message and violations", async () => {
    const { client, tokens } = await setup();
    const missing = await failure(client.updateCustomProvider("NOPE:1", payload("Nope")));
    expect(missing).toMatchObject({
      status: 404,
      grpcCode: 5,
      kind: "http",
      method: "PUT",
      operation: "Updating a custom provider",
    });
    expect(missing.ambiguous).toBe(false);
    await client.createCustomProvider(payload("Alpha"));
    const duplicate = await failure(client.createCustomProvider(payload("Alpha")));
    expect(duplicate).toMatchObject({ status: 409, grpcCode: 6 });
    const invalid = await failure(
      client.createCustomProvider({ ...payload("Beta"), proxy_url: "http://plain.example.com" }),
    );
    expect(invalid).toMatchObject({ status: 400, grpcCode: 3, violations: [{ field: "proxy_url" }] });
    expect(invalid.message).toMatch(
      /^Creating a custom provider failed: POST \/api\/v1\/custom-providers → 400 INVALID_ARGUMENT/,
    );
    expectNoSecrets(
      [missing.message, duplicate.message, invalid.message, JSON.stringify(invalid)],
      [testSecret, ...tokens],
    );
  });

  it("reports a wrong secret without echoing it", async () => {
    running = await startTestEmulator();
    const wrong = "wrong-secret-Zx81kq";
    const client = createScalekitClient({
      environmentUrl: running.url,
      clientId: "ck-test-client",
      clientSecret: wrong,
      ...quickRetry,
    });
    const error = await failure(client.listCustomProviders());
    expect(error).toMatchObject({ status: 401, path: "/oauth/token", serverMessage: "invalid_client" });
    expectNoSecrets([error.message, error.stack ?? "", JSON.stringify(error)], [wrong, testSecret]);
  });

  it("fetches a new token once when the server says the cached one expired", async () => {
    let serverNow = Date.now();
    const { client, url, tokens } = await setup({ tokenTtlSeconds: 3600, now: () => serverNow });
    await client.listCustomProviders();
    serverNow += 3601 * 1000; // the server's clock passes expiry; the client's does not
    await client.createCustomProvider(payload("Alpha"));
    expect(tokens).toHaveLength(2);
    const statuses = (await requestLog(url)).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(statuses).toStrictEqual([
      "POST /oauth/token 200",
      "GET /api/v1/providers 200",
      "POST /api/v1/custom-providers 401",
      "POST /oauth/token 200",
      "POST /api/v1/custom-providers 201",
    ]);
  });

  it("renews the token before expires_in runs out by its own clock", async () => {
    let clientNow = Date.now();
    const { client, tokens } = await setup({ tokenTtlSeconds: 3600 }, { now: () => clientNow });
    await client.listCustomProviders();
    clientNow += 3590 * 1000;
    await client.listCustomProviders();
    expect(tokens).toHaveLength(2);
  });

  it("retries 503 and 429 with backoff, honours Retry-After, resends the body each time", async () => {
    running = await startTestEmulator();
    const { url } = running;
    const answers = [503, 429];
    const sleeps: number[] = [];
    const client = createScalekitClient({
      environmentUrl: url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetch: async (request) => {
        const status =
          request.method === "POST" && request.url.endsWith("/custom-providers")
            ? answers.shift()
            : undefined;
        if (status === 429) {
          return Response.json(
            { code: 8, message: "slow down" },
            { status, headers: { "retry-after": "3" } },
          );
        }
        if (status === 503) return Response.json({ code: 14, message: "unavailable" }, { status });
        return fetch(request);
      },
    });
    // a create is retried after 429 (never applied) but not after 503 (maybe applied)
    const unclear = await failure(client.createCustomProvider(payload("Alpha")));
    expect(unclear).toMatchObject({ status: 503, attempts: 1 });
    const created = await client.createCustomProvider(payload("Alpha"));
    expect(created.display_name).toBe("Alpha");
    expect(sleeps).toStrictEqual([3000]);
  });

  it("retries reads through 503s and gives up after the attempt budget, with the count", async () => {
    running = await startTestEmulator();
    const sleeps: number[] = [];
    let failures = 2;
    const client = createScalekitClient({
      environmentUrl: running.url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetch: async (request) => {
        if (request.method === "GET" && failures-- > 0)
          return Response.json({ code: 14, message: "unavailable" }, { status: 503 });
        return fetch(request);
      },
    });
    expect(await client.listCustomProviders()).toStrictEqual([]);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    failures = 3;
    expect(await failure(client.listCustomProviders())).toMatchObject({
      status: 503,
      grpcCode: 14,
      attempts: 3,
    });
  });

  it("never repeats a create whose answer was lost, and says its effect is unknown", async () => {
    running = await startTestEmulator();
    const { url } = running;
    const client = createScalekitClient({
      environmentUrl: url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
      ...quickRetry,
      fetch: async (request) => {
        const response = await fetch(request);
        if (request.method === "POST" && request.url.endsWith("/custom-providers")) {
          throw new TypeError("fetch failed", {
            cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
          });
        }
        return response;
      },
    });
    const error = await failure(client.createCustomProvider(payload("Alpha")));
    expect(error).toMatchObject({ kind: "network", attempts: 1 });
    expect(error.ambiguous).toBe(true);
    expect(error.message).toContain("UND_ERR_SOCKET");
    const posts = (await requestLog(url)).filter((entry) => entry.path === "/api/v1/custom-providers");
    expect(posts).toHaveLength(1);
    expect(await client.listCustomProviders()).toHaveLength(1);
  });

  it("retries a dropped connection on idempotent calls (real socket resets)", async () => {
    const { client, url } = await setup({ faults: "reset=0.5", seed: 3 });
    for (let i = 0; i < 5; i++)
      await client.createCustomProvider(payload(`Conn ${i}`)).catch(() => undefined);
    const listed = await client.listCustomProviders();
    const resets = (await requestLog(url)).filter((entry) => entry.fault === "reset");
    expect(resets.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(5);
  });

  it("times out a slow attempt", async () => {
    running = await startTestEmulator({ latencyMs: 300 });
    const client = createScalekitClient({
      environmentUrl: running.url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
      timeoutMs: 50,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect(await failure(client.listCustomProviders())).toMatchObject({ kind: "timeout", attempts: 2 });
  });
});
