// PUT /api/v1/custom-providers/{identifier}: a full replace with Scalekit's quirks.
import { describe, expect, it } from "vitest";
import { bearerPattern, type Client, encode, inProcess, payload } from "./helpers.ts";

async function created(client: Client, body = payload()): Promise<string> {
  const reply = await client.call("POST", "/api/v1/custom-providers", { body });
  expect(reply.status).toBe(201);
  return reply.body.provider.identifier;
}

describe("update", () => {
  it("replaces the provider: metadata cleared, proxy_enabled false, description and icon kept", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    const pattern = { ...bearerPattern, display_name: "Token", unknown_key: [1] };
    const reply = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: { display_name: "My Asana Two", proxy_url: "https://api.asana.com/2", auth_patterns: [pattern] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.provider).toMatchObject({
      identifier,
      display_name: "My Asana Two",
      description: "Asana through the proxy",
      icon_src: "https://example.com/asana.svg",
      proxy_url: "https://api.asana.com/2",
      proxy_enabled: false,
      metadata: {},
      auth_patterns: [pattern],
    });
    const listed = await client.call(
      "GET",
      `/api/v1/providers?filter.provider_type=CUSTOM&identifier=${identifier}`,
    );
    expect(listed.body.providers).toEqual([reply.body.provider]);
  });

  it("applies the description, icon and metadata it is given", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    const reply = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ description: "", icon_src: "", metadata: { team: "core" }, proxy_enabled: true }),
    });
    expect(reply.body.provider).toMatchObject({
      description: "",
      icon_src: "",
      metadata: { team: "core" },
      proxy_enabled: true,
    });
  });

  it("finds the identifier with its colon raw or percent-encoded", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    expect(identifier).toContain(":");
    const raw = await client.call("PUT", `/api/v1/custom-providers/${identifier}`, { body: payload() });
    expect(raw.status).toBe(200);
  });

  it("requires display_name, proxy_url and auth_patterns on every update", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    const reply = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: { description: "only this" },
    });
    expect(reply.status).toBe(400);
    const fields = reply.body.details[0]?.validation_error_info?.field_violations.map((v) => v.field);
    expect(fields).toEqual(["display_name", "auth_patterns", "proxy_url"]);
  });

  it.each([
    ["type", { ...bearerPattern, type: "API_KEY" }, "auth_patterns[0].type"],
    ["is_mcp", { ...bearerPattern, is_mcp: true }, "auth_patterns[0].is_mcp"],
  ])("rejects changing a pattern's %s with 400", async (_key, changed, field) => {
    const { client } = inProcess();
    const identifier = await created(client);
    const reply = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ auth_patterns: [changed] }),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(3);
    expect(reply.body.message).toContain(`${field} cannot change`);
    expect(reply.body.details[0]?.validation_error_info?.field_violations).toEqual([
      expect.objectContaining({ field, constraint: "immutable" }),
    ]);
  });

  it("treats a missing is_mcp as false and allows adding a pattern", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    const reply = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({
        auth_patterns: [
          { ...bearerPattern, is_mcp: false },
          { type: "OAUTH", is_mcp: true },
        ],
      }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.provider.is_custom_mcp).toBe(true);
  });

  it("answers 409 when renaming onto another provider's display_name or its identifier, not its own", async () => {
    const { client } = inProcess();
    const identifier = await created(client);
    await created(client, payload({ display_name: "Other" }));
    const clash = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ display_name: "Other" }),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe(6);
    const spelled = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ display_name: "OTHER" }),
    });
    expect(spelled.status).toBe(409);
    const same = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload(),
    });
    expect(same.status).toBe(200);
    // its own name in another spelling derives its own identifier: no clash
    const respelled = await client.call("PUT", `/api/v1/custom-providers/${encode(identifier)}`, {
      body: payload({ display_name: "MY ASANA" }),
    });
    expect(respelled.status).toBe(200);
  });

  it("answers 404 NOT_FOUND for an unknown identifier", async () => {
    const { client } = inProcess();
    const reply = await client.call("PUT", "/api/v1/custom-providers/NOPE%3AAAAAAA", { body: payload() });
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 5, details: [{ error_code: "NOT_FOUND" }] });
    expect(reply.body.message).toContain("NOPE:AAAAAA");
  });

  it("answers 400 for an identifier longer than 255 characters", async () => {
    const { client } = inProcess();
    const reply = await client.call("PUT", `/api/v1/custom-providers/${"A".repeat(256)}`, {
      body: payload(),
    });
    expect(reply.status).toBe(400);
  });
});
