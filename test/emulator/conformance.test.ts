// The emulator against Scalekit's published OpenAPI (../shared/reference/scalekit-openapi.yaml):
// same success status codes for create, update and delete, and every published response
// property present in the emulator's responses.
import { existsSync, readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { encode, inProcess, payload, type Reply } from "./helpers.ts";

const shared = new URL("../../../shared/", import.meta.url);
const specUrl = new URL("reference/scalekit-openapi.yaml", shared);
const hasSpec = existsSync(specUrl);
const spec: unknown = hasSpec ? load(readFileSync(specUrl, "utf8")) : undefined;

const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);

/** Follows local `$ref`s ("#/components/schemas/…") until it reaches a schema object. */
function resolve(schema: unknown): JsonObject {
  let node = schema;
  for (let hops = 0; isObject(node) && typeof node.$ref === "string"; hops++) {
    if (hops > 20) throw new Error("$ref cycle");
    node = at(spec, ...node.$ref.replace(/^#\//, "").split("/"));
  }
  if (!isObject(node)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  return node;
}

/** Paths of published properties missing from `value`, recursing into objects and array items. */
function missing(schema: unknown, value: unknown, path = "$"): string[] {
  const node = resolve(schema);
  if (node.type === "array" && Array.isArray(value)) {
    return value.flatMap((item, index) => missing(node.items, item, `${path}[${index}]`));
  }
  if (!isObject(node.properties)) return [];
  if (!isObject(value)) return [path];
  return Object.entries(node.properties).flatMap(([key, child]) =>
    key in value ? missing(child, value[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

function published(path: string, method: string): { status: number; schema: unknown } {
  const responses = at(spec, "paths", path, method, "responses");
  const success = isObject(responses) ? Object.keys(responses).filter((code) => /^2\d\d$/.test(code)) : [];
  expect(success, `${method.toUpperCase()} ${path} publishes one success code`).toHaveLength(1);
  const code = success[0] ?? "";
  return { status: Number(code), schema: at(responses, code, "content", "application/json", "schema") };
}

function conforms(reply: Reply, path: string, method: string): void {
  const { status, schema } = published(path, method);
  expect(reply.status).toBe(status);
  expect(missing(schema, reply.body)).toEqual([]);
}

describe.skipIf(!hasSpec)("conformance with Scalekit's published OpenAPI", () => {
  it("the checker finds missing properties (sanity check)", () => {
    const schema = { $ref: "#/components/schemas/providersCreateProviderResponse" };
    expect(missing(schema, {})).toEqual(["$.provider"]);
    expect(missing(schema, { provider: { id: "x" } })).toContain("$.provider.identifier");
  });

  it("POST /api/v1/custom-providers", async () => {
    const { client } = inProcess();
    const reply = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    conforms(reply, "/api/v1/custom-providers", "post");
  });

  it("PUT /api/v1/custom-providers/{identifier}", async () => {
    const { client } = inProcess();
    const created = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    const path = `/api/v1/custom-providers/${encode(created.body.provider.identifier)}`;
    const reply = await client.call("PUT", path, { body: payload({ metadata: undefined }) });
    conforms(reply, "/api/v1/custom-providers/{identifier}", "put");
  });

  it("DELETE /api/v1/custom-providers/{identifier}", async () => {
    const { client } = inProcess();
    const created = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
    const path = `/api/v1/custom-providers/${encode(created.body.provider.identifier)}`;
    const reply = await client.call("DELETE", path);
    conforms(reply, "/api/v1/custom-providers/{identifier}", "delete");
    expect(isObject(reply.body)).toBe(true);
  });

  it("reads every key of the published create body", async () => {
    const properties = resolve({ $ref: "#/components/schemas/v1providersCreateCustomProvider" }).properties;
    const keys = isObject(properties) ? Object.keys(properties).sort() : [];
    expect(keys).toEqual(Object.keys(payload()).sort());
    const { client } = inProcess();
    const body = payload();
    const { provider } = (await client.call("POST", "/api/v1/custom-providers", { body })).body;
    expect(Object.fromEntries(Object.entries(provider).filter(([key]) => keys.includes(key)))).toEqual(body);
  });
});

if (!hasSpec) {
  it.skip("conformance: ../shared/reference/scalekit-openapi.yaml is absent, so the published-spec checks are skipped", () => {});
}
