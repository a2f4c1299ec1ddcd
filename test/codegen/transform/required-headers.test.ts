// A header (nearly) every operation requires, other than the credential: a field sent as that
// header, hinted from its description and the value the document gives, and warned, since
// Scalekit sends no fixed headers.
import { describe, expect, it } from "vitest";
import { codesOf, inferOf, oas3, type Spec } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const version = (extra: Spec = {}) => ({
  name: "Acme-Version",
  in: "header",
  required: true,
  description: "The API version. Dates name versions.",
  schema: { type: "string", default: "2024-01-01" },
  ...extra,
});
/** `count` operations; the first `with` of them take `parameter`. */
function spec(count: number, withIt: number, parameter: Spec): Spec {
  const paths: Spec = {};
  for (let i = 0; i < count; i += 1) {
    paths[`/things${i}`] = { get: { parameters: i < withIt ? [parameter] : [], responses: {} } };
  }
  return oas3({ ...bearer, paths });
}
const fieldsOf = (root: Spec) => inferOf(root).connector.auth_patterns[0]?.fields ?? [];

describe("headers every operation requires", () => {
  it("become a field sent as the header, hinted with the description and the default, and warned", () => {
    const inference = inferOf(spec(10, 10, version()));
    expect(inference.connector.auth_patterns[0]?.fields).toContainEqual({
      field_name: "acme_version",
      label: "Acme Version",
      input_type: "text",
      hint: "The API version; e.g. 2024-01-01",
      required: true,
      header_name: "Acme-Version",
    });
    expect(inference.warnings.find((w) => w.code === "field-fixed-header")).toEqual({
      code: "field-fixed-header",
      message:
        "10 of 10 operations require the Acme-Version header; Scalekit sends no fixed headers, so each connection fills in a field sent as Acme-Version (the document gives 2024-01-01)",
      pointer: "#/paths/~1things0/get/parameters/0",
    });
    // not a doubt about the auth or proxy_url
    expect(codesOf(inference).filter((code) => /^(auth|proxy)-/.test(code))).toEqual([]);
  });

  it("nearly every operation is enough; half of them is not", () => {
    expect(fieldsOf(spec(20, 19, version())).map((f) => f.header_name)).toContain("Acme-Version");
    expect(fieldsOf(spec(20, 10, version())).map((f) => f.header_name)).not.toContain("Acme-Version");
  });

  it("an optional header on every operation is no field", () => {
    const fields = fieldsOf(spec(5, 5, version({ required: false })));
    expect(fields.filter((field) => field.header_name !== undefined)).toEqual([]);
  });

  it("lists allowed values as a select, and shows no stand-in value as an example", () => {
    const select = fieldsOf(spec(3, 3, version({ schema: { type: "string", enum: ["2023", "2024"] } })));
    expect(select.find((f) => f.header_name === "Acme-Version")?.options).toEqual([
      { value: "2023" },
      { value: "2024" },
    ]);
    const tenant = { name: "Acme-Tenant", in: "header", required: true, example: "YOUR_TENANT_ID" };
    const field = fieldsOf(spec(3, 3, tenant)).find((f) => f.header_name === "Acme-Tenant");
    expect(field?.hint).toBe("Sent as the Acme-Tenant header");
  });

  it("leaves standard headers and credentials to others", () => {
    const accept = { name: "Accept", in: "header", required: true, schema: { enum: ["application/json"] } };
    const key = { name: "X-Api-Key", in: "header", required: true };
    expect(fieldsOf(spec(3, 3, accept)).map((f) => f.header_name)).not.toContain("Accept");
    expect(fieldsOf(spec(3, 3, key)).map((f) => f.header_name)).not.toContain("X-Api-Key");
  });

  it("makes operations that require it eligible as the verify request", () => {
    expect(inferOf(spec(2, 2, version())).verify).toBe("GET /things0");
  });
});
