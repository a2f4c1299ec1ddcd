// DELETE /api/v1/custom-providers/{identifier}, connections that block it, and unknown routes.
import { describe, expect, it } from "vitest";
import { encode, inProcess, payload } from "./helpers.ts";

describe("delete", () => {
  it("answers 200 {} and the provider is gone", async () => {
    const { client } = inProcess();
    const { identifier } = (await client.call("POST", "/api/v1/custom-providers", { body: payload() })).body
      .provider;
    const reply = await client.call("DELETE", `/api/v1/custom-providers/${encode(identifier)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({});
    const listed = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM");
    expect(listed.body.providers).toEqual([]);
    const again = await client.call("DELETE", `/api/v1/custom-providers/${encode(identifier)}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe(5);
  });

  it("is blocked with 400 while a connection exists, and succeeds once it is removed", async () => {
    const { client } = inProcess();
    const { identifier } = (await client.call("POST", "/api/v1/custom-providers", { body: payload() })).body
      .provider;
    const connection = await client.call("POST", "/_emulator/connections", {
      body: { identifier },
      token: null,
    });
    expect(connection.status).toBe(201);
    expect(connection.body.connection_id).toMatch(/^conn_/);

    const blocked = await client.call("DELETE", `/api/v1/custom-providers/${encode(identifier)}`);
    expect(blocked.status).toBe(400);
    expect(blocked.body).toEqual({
      code: 3,
      message: "cannot delete custom provider with existing connections",
      details: [
        { "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", error_code: "INVALID_ARGUMENT" },
      ],
    });

    const removed = await client.call("DELETE", `/_emulator/connections/${connection.body.connection_id}`, {
      token: null,
    });
    expect(removed.status).toBe(200);
    expect((await client.call("DELETE", `/api/v1/custom-providers/${encode(identifier)}`)).status).toBe(200);
  });

  it("controls answer 404 for an unknown provider or connection, 400 for a bad body", async () => {
    const { client } = inProcess();
    const unknown = await client.call("POST", "/_emulator/connections", {
      body: { identifier: "X:1" },
      token: null,
    });
    expect(unknown.status).toBe(404);
    const bad = await client.call("POST", "/_emulator/connections", { raw: "[]", token: null });
    expect(bad.status).toBe(400);
    const gone = await client.call("DELETE", "/_emulator/connections/conn_1", { token: null });
    expect(gone.status).toBe(404);
  });
});

describe("routing", () => {
  it.each([
    ["an unknown path", "GET", "/api/v1/nothing-here"],
    ["a wrong method on a known path", "GET", "/api/v1/custom-providers"],
    ["a path outside /api", "GET", "/elsewhere"],
  ])("answers 404 NOT_FOUND with the gRPC body for %s", async (_name, method, path) => {
    const { client } = inProcess();
    const reply = await client.call(method, path);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      code: 5,
      message: `Not Found: no route for ${method} ${path}`,
      details: [{ "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", error_code: "NOT_FOUND" }],
    });
  });
});
