// GET /api/v1/providers: DEFAULT/CUSTOM/ALL, the identifier filter, and paging.
import { describe, expect, it } from "vitest";
import { type Client, inProcess, payload } from "./helpers.ts";

const builtIns = ["SLACK", "GOOGLE", "HUBSPOT", "NOTION"];

async function createMany(client: Client, count: number): Promise<string[]> {
  const identifiers: string[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await client.call("POST", "/api/v1/custom-providers", {
      body: payload({ display_name: `Custom ${i}` }),
    });
    identifiers.push(reply.body.provider.identifier);
  }
  return identifiers;
}

async function listAll(client: Client, query: string): Promise<string[]> {
  const seen: string[] = [];
  let token = "";
  for (let pages = 0; pages < 50; pages++) {
    const reply = await client.call(
      "GET",
      `/api/v1/providers?${query}&page_token=${encodeURIComponent(token)}`,
    );
    expect(reply.status).toBe(200);
    seen.push(...reply.body.providers.map((p) => p.identifier));
    token = reply.body.next_page_token;
    if (token === "") return seen;
  }
  throw new Error("paging did not end");
}

describe("filter.provider_type", () => {
  it("lists only the built-in catalog by default, with full Provider objects", async () => {
    const { client } = inProcess();
    await createMany(client, 1);
    const reply = await client.call("GET", "/api/v1/providers");
    expect(reply.body.providers.map((p) => p.identifier)).toEqual(builtIns);
    expect(reply.body).toMatchObject({ next_page_token: "", prev_page_token: "", total_size: 4 });
    for (const provider of reply.body.providers) {
      expect(provider).toMatchObject({
        is_custom: false,
        is_custom_mcp: false,
        metadata: {},
        coming_soon: false,
      });
      expect(provider.auth_patterns[0]).toMatchObject({ type: "OAUTH" });
    }
  });

  it.each([
    ["DEFAULT", builtIns.length, 0],
    ["0", builtIns.length, 0],
    ["CUSTOM", 0, 2],
    ["1", 0, 2],
    ["ALL", builtIns.length, 2],
    ["2", builtIns.length, 2],
  ])("%s lists %i built-ins and %i customs", async (type, builtInCount, customCount) => {
    const { client } = inProcess();
    const customs = await createMany(client, 2);
    const reply = await client.call("GET", `/api/v1/providers?filter.provider_type=${type}`);
    const identifiers = reply.body.providers.map((p) => p.identifier);
    expect(identifiers).toEqual([...builtIns.slice(0, builtInCount), ...customs.slice(0, customCount)]);
    expect(reply.body.total_size).toBe(builtInCount + customCount);
  });

  it.each(["custom", "3", "", "CUSTOMS"])("answers 400 INVALID_ARGUMENT for %j", async (type) => {
    const { client } = inProcess();
    const reply = await client.call("GET", `/api/v1/providers?filter.provider_type=${type}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 3, details: [{ error_code: "INVALID_ARGUMENT" }] });
  });
});

describe("identifier filter", () => {
  it("finds a custom provider only when customs are included", async () => {
    const { client } = inProcess();
    const [identifier] = await createMany(client, 2);
    const custom = await client.call(
      "GET",
      `/api/v1/providers?filter.provider_type=CUSTOM&identifier=${identifier}`,
    );
    expect(custom.body.providers.map((p) => p.identifier)).toEqual([identifier]);
    const byDefault = await client.call("GET", `/api/v1/providers?identifier=${identifier}`);
    expect(byDefault.body.providers).toEqual([]);
    const builtIn = await client.call("GET", "/api/v1/providers?filter.provider_type=ALL&identifier=SLACK");
    expect(builtIn.body.providers.map((p) => p.identifier)).toEqual(["SLACK"]);
  });

  it.each([
    ["a character outside [a-zA-Z0-9_:-]", "MY%20ASANA"],
    ["more than 255 characters", "A".repeat(256)],
  ])("answers 400 for %s", async (_name, identifier) => {
    const { client } = inProcess();
    const reply = await client.call("GET", `/api/v1/providers?identifier=${identifier}`);
    expect(reply.status).toBe(400);
    expect(reply.body.details[0]?.validation_error_info?.field_violations[0]?.field).toBe("identifier");
  });
});

describe("paging", () => {
  it("caps page_size and follows next_page_token through every provider in creation order", async () => {
    const { client } = inProcess({ pageSizeCap: 2 });
    const customs = await createMany(client, 5);
    const first = await client.call("GET", "/api/v1/providers?filter.provider_type=ALL&page_size=1000");
    expect(first.body.providers).toHaveLength(2);
    expect(first.body.total_size).toBe(9);
    expect(first.body.next_page_token).not.toBe("");
    expect(await listAll(client, "filter.provider_type=ALL&page_size=1000")).toEqual([
      ...builtIns,
      ...customs,
    ]);
    expect(await listAll(client, "filter.provider_type=CUSTOM")).toEqual(customs);
  });

  it("uses a page of 50 for page_size 0 or absent, within the cap", async () => {
    const { client } = inProcess();
    await createMany(client, 55);
    const zero = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM&page_size=0");
    expect(zero.body.providers).toHaveLength(50);
    const absent = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM");
    expect(absent.body.providers).toHaveLength(50);
    const three = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM&page_size=3");
    expect(three.body.providers).toHaveLength(3);
  });

  it("skips nobody when a provider is deleted between pages", async () => {
    const { client } = inProcess();
    const customs = await createMany(client, 4);
    const first = await client.call("GET", "/api/v1/providers?filter.provider_type=CUSTOM&page_size=2");
    await client.call("DELETE", `/api/v1/custom-providers/${encodeURIComponent(customs[0] ?? "")}`);
    const token = encodeURIComponent(first.body.next_page_token);
    const second = await client.call(
      "GET",
      `/api/v1/providers?filter.provider_type=CUSTOM&page_size=2&page_token=${token}`,
    );
    expect(second.body.providers.map((p) => p.identifier)).toEqual(customs.slice(2));
    expect(second.body.next_page_token).toBe("");
  });

  it("gives a prev_page_token that leads back to the previous page", async () => {
    const { client } = inProcess();
    const customs = await createMany(client, 5);
    const query = "/api/v1/providers?filter.provider_type=CUSTOM&page_size=2";
    const first = await client.call("GET", query);
    expect(first.body.prev_page_token).toBe("");
    const second = await client.call(
      "GET",
      `${query}&page_token=${encodeURIComponent(first.body.next_page_token)}`,
    );
    const third = await client.call(
      "GET",
      `${query}&page_token=${encodeURIComponent(second.body.next_page_token)}`,
    );
    expect(third.body.providers.map((p) => p.identifier)).toEqual(customs.slice(4));
    const back = await client.call(
      "GET",
      `${query}&page_token=${encodeURIComponent(third.body.prev_page_token)}`,
    );
    expect(back.body.providers.map((p) => p.identifier)).toEqual(customs.slice(2, 4));
    const start = await client.call(
      "GET",
      `${query}&page_token=${encodeURIComponent(second.body.prev_page_token)}`,
    );
    expect(start.body.providers.map((p) => p.identifier)).toEqual(customs.slice(0, 2));
  });

  it.each([
    ["garbage", "not-a-token"],
    ["a token from another filter", "FROM_DEFAULT"],
  ])("answers 400 for a page_token that is %s", async (_name, token) => {
    const { client } = inProcess({ pageSizeCap: 1 });
    const other = await client.call("GET", "/api/v1/providers");
    const pageToken = token === "FROM_DEFAULT" ? other.body.next_page_token : token;
    const reply = await client.call(
      "GET",
      `/api/v1/providers?filter.provider_type=CUSTOM&page_token=${encodeURIComponent(pageToken)}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(3);
  });

  it.each(["-1", "abc", "1.5", "4294967296"])("answers 400 for page_size %s", async (size) => {
    const { client } = inProcess();
    const reply = await client.call("GET", `/api/v1/providers?page_size=${size}`);
    expect(reply.status).toBe(400);
  });
});
