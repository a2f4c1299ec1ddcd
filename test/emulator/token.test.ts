// POST /oauth/token and the bearer check on /api/v1 (in-process, with an injected clock).
import { describe, expect, it } from "vitest";
import { clientFor, inProcess } from "./helpers.ts";

const form = (fields: Record<string, string>, type = "application/x-www-form-urlencoded") =>
  new Request("http://emulator.test/oauth/token", {
    method: "POST",
    headers: { "content-type": type },
    body: type.includes("json") ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });

const good = { grant_type: "client_credentials", client_id: "local", client_secret: "local-secret" };

describe("POST /oauth/token", () => {
  it("issues an opaque bearer token for the right credentials", async () => {
    const { emulator } = inProcess();
    const response = await emulator.fetch(form(good));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 86399,
      scope: "openid",
    });
    const second = await (await emulator.fetch(form(good))).json();
    expect(second).not.toEqual(body);
  });

  it("uses the configured credentials and lifetime", async () => {
    const { emulator } = inProcess({ clientId: "ci", clientSecret: "s3cret", tokenTtlSeconds: 60 });
    expect(emulator.clientId).toBe("ci");
    const ok = await emulator.fetch(form({ ...good, client_id: "ci", client_secret: "s3cret" }));
    expect(await ok.json()).toMatchObject({ expires_in: 60 });
    const defaults = await emulator.fetch(form(good));
    expect(defaults.status).toBe(401);
  });

  it.each([
    ["a wrong secret", { ...good, client_secret: "nope" }],
    ["a wrong client id", { ...good, client_id: "other" }],
    ["no secret", { grant_type: "client_credentials", client_id: "local" }],
  ])("answers 401 invalid_client for %s", async (_name, fields) => {
    const { emulator } = inProcess();
    const response = await emulator.fetch(form(fields));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  it("answers 400 unsupported_grant_type for another grant", async () => {
    const { emulator } = inProcess();
    const response = await emulator.fetch(form({ ...good, grant_type: "password" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it.each([
    ["a JSON body", form(good, "application/json")],
    ["no grant_type", form({ client_id: "local", client_secret: "local-secret" })],
  ])("answers 400 invalid_request for %s", async (_name, request) => {
    const { emulator } = inProcess();
    const response = await emulator.fetch(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request" });
  });
});

describe("bearer check on /api/v1", () => {
  const unauthenticated = (message: string) => ({
    code: 16,
    message,
    details: [
      { "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", error_code: "UNAUTHENTICATED" },
    ],
  });

  it("answers 401 Token empty without a token", async () => {
    const { client } = inProcess();
    const reply = await client.call("GET", "/api/v1/providers", { token: null });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(unauthenticated("Token empty"));
  });

  it("answers 401 invalid token for a token it never issued", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { token: "forged", body: {} });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(unauthenticated("invalid token"));
  });

  it("accepts a token until its lifetime has passed by the injected clock", async () => {
    let clock = 1_000_000;
    const { client } = inProcess({ now: () => clock, tokenTtlSeconds: 10 });
    await client.token();
    clock += 9_999;
    expect((await client.call("GET", "/api/v1/providers")).status).toBe(200);
    clock += 1;
    const expired = await client.call("GET", "/api/v1/providers");
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(unauthenticated("token expired"));
    expect((await client.call("GET", "/api/v1/providers")).body.message).toBe("token expired");
  });

  it("forgets tokens on reset", async () => {
    const { emulator, client } = inProcess();
    await client.token();
    await emulator.fetch(
      new Request("http://emulator.test/_emulator/reset", {
        method: "POST",
        headers: { "content-type": "application/json" },
      }),
    );
    expect((await client.call("GET", "/api/v1/providers")).body.message).toBe("invalid token");
    const fresh = clientFor((request) => emulator.fetch(request));
    expect((await fresh.call("GET", "/api/v1/providers")).status).toBe(200);
  });
});
