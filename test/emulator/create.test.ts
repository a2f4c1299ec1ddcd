// POST /api/v1/custom-providers: the created Provider, exactly the server's validation rules,
// duplicates, and what is kept of the body.
import { describe, expect, it } from "vitest";
import { checkServerRules } from "../../dsl/rules/server.ts";
import { bearerPattern, inProcess, payload } from "./helpers.ts";

const providerKeys = [
  "id",
  "identifier",
  "display_name",
  "description",
  "categories",
  "auth_patterns",
  "icon_src",
  "display_priority",
  "coming_soon",
  "proxy_url",
  "proxy_enabled",
  "is_custom",
  "is_custom_mcp",
  "metadata",
];

describe("create", () => {
  it("answers 201 with the full Provider and a derived identifier", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).toEqual(["provider"]);
    const { provider } = reply.body;
    expect(Object.keys(provider)).toEqual(providerKeys);
    expect(provider.identifier).toMatch(/^MYASANA:[0-9A-Z]{6}$/);
    expect(provider.id).toMatch(/^prv_\d+$/);
    expect(provider).toEqual({
      id: provider.id,
      identifier: provider.identifier,
      display_name: "My Asana",
      description: "Asana through the proxy",
      categories: [],
      auth_patterns: [bearerPattern],
      icon_src: "https://example.com/asana.svg",
      display_priority: 0,
      coming_soon: false,
      proxy_url: "https://app.asana.com/api/1.0",
      proxy_enabled: true,
      is_custom: true,
      is_custom_mcp: false,
      metadata: { owner: "platform" },
    });
  });

  it("fills zero values for omitted optional keys and sets is_custom_mcp from is_mcp", async () => {
    const { client } = inProcess();
    const mcp = { type: "NO_AUTH", display_name: "MCP", description: "", fields: [], is_mcp: true };
    const minimal = {
      display_name: "Pylon MCP",
      auth_patterns: [mcp],
      proxy_url: "https://mcp.example.com/mcp",
    };
    const { body } = await client.call("POST", "/api/v1/custom-providers", { body: minimal });
    expect(body.provider).toMatchObject({
      description: "",
      icon_src: "",
      proxy_enabled: false,
      metadata: {},
      is_custom_mcp: true,
    });
  });

  it("keeps unknown keys inside auth_patterns exactly and drops unknown top-level keys", async () => {
    const { client } = inProcess();
    const pattern = {
      ...bearerPattern,
      future_key: { nested: [1, 2.5, null, "x"] },
      fields: [{ ...bearerPattern.fields[0], surprise: true }],
    };
    const reply = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ auth_patterns: [pattern], identifier: "MINE", is_custom: false, extra: 1 }),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.provider.auth_patterns).toStrictEqual([pattern]);
    expect(reply.body.provider.identifier).not.toBe("MINE");
    expect(reply.body.provider.is_custom).toBe(true);
    expect(reply.body.provider).not.toHaveProperty("extra");
  });

  it("does not enforce connectorkit's own pattern rules", async () => {
    const { client } = inProcess();
    const odd = { type: "SOMETHING_NEW", display_name: "x" };
    const reply = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ auth_patterns: [odd, bearerPattern] }),
    });
    expect(reply.status).toBe(201);
    const empty = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: "Empty Patterns", auth_patterns: [] }),
    });
    expect(empty.status).toBe(201);
  });

  it("answers 409 ALREADY_EXISTS for a display_name that derives an existing identifier", async () => {
    const { client } = inProcess();
    await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    const duplicate = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 6, details: [{ error_code: "ALREADY_EXISTS" }] });
    // spaces removed and uppercased, "MY  asana" derives MYASANA as "My Asana" does
    const other = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: "MY  asana" }),
    });
    expect(other.status).toBe(409);
    expect(other.body.message).toBe(
      'display_name "MY  asana" derives the same identifier (MYASANA) as the custom provider "My Asana"',
    );
    const distinct = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: "My Asana Two" }),
    });
    expect(distinct.status).toBe(201);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { raw: "{not json" });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 3, details: [{ error_code: "INVALID_ARGUMENT" }] });
  });
});

describe("create: each server rule becomes a field violation", () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["display_name missing", payload({ display_name: undefined }), "display_name", "required"],
    ["display_name empty", payload({ display_name: "" }), "display_name", "required"],
    ["display_name not a string", payload({ display_name: 5 }), "display_name", "type"],
    ["display_name too long", payload({ display_name: "a".repeat(201) }), "display_name", "max_len"],
    ["display_name with a hyphen", payload({ display_name: "My-Asana" }), "display_name", "pattern"],
    ["display_name only spaces", payload({ display_name: "   " }), "display_name", "pattern"],
    ["auth_patterns missing", payload({ auth_patterns: undefined }), "auth_patterns", "required"],
    ["auth_patterns not an array", payload({ auth_patterns: {} }), "auth_patterns", "required"],
    ["proxy_url missing", payload({ proxy_url: undefined }), "proxy_url", "required"],
    ["proxy_url http", payload({ proxy_url: "http://api.example.com" }), "proxy_url", "pattern"],
    ["proxy_url too long", payload({ proxy_url: `https://${"a".repeat(2041)}` }), "proxy_url", "max_len"],
    ["icon_src http", payload({ icon_src: "http://x.example/i.svg" }), "icon_src", "pattern"],
    ["icon_src too long", payload({ icon_src: `https://${"a".repeat(2041)}` }), "icon_src", "max_len"],
    ["proxy_enabled a string", payload({ proxy_enabled: "yes" }), "proxy_enabled", "type"],
    ["description a number", payload({ description: 3 }), "description", "type"],
    ["metadata an array", payload({ metadata: [] }), "metadata", "type"],
    [
      "metadata with 21 pairs",
      payload({ metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "v"])) }),
      "metadata",
      "max_pairs",
    ],
    ["metadata key too short", payload({ metadata: { ab: "v" } }), "metadata.ab", "len"],
    ["metadata value empty", payload({ metadata: { owner: "" } }), "metadata.owner", "len"],
    ["metadata value not a string", payload({ metadata: { owner: 1 } }), "metadata.owner", "type"],
  ];

  it.each(cases)("%s → 400", async (_name, body, field, constraint) => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { body });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(3);
    expect(reply.body.message).toBe("Validation error");
    const violations = reply.body.details[0]?.validation_error_info?.field_violations;
    expect(violations).toEqual(
      checkServerRules(body).map((issue) => ({
        field: issue.path,
        description: issue.message,
        constraint: expect.any(String),
      })),
    );
    expect(violations).toContainEqual(expect.objectContaining({ field, constraint }));
  });

  it("reports every violation of one body at once", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", {
      body: { display_name: "bad-name", proxy_url: "ftp://x" },
    });
    const fields = reply.body.details[0]?.validation_error_info?.field_violations.map((v) => v.field);
    expect(fields).toEqual(["display_name", "auth_patterns", "proxy_url"]);
  });

  it("answers 400 for a body that is JSON but not an object", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { body: [1, 2] });
    expect(reply.status).toBe(400);
    expect(reply.body.details[0]?.validation_error_info?.field_violations[0]?.field).toBe("$");
  });
});
