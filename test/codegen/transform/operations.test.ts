// The operations scan: header parameters are recorded with the pointer of the parameter as it is
// declared — on the path item or on the operation, or where its $ref leads.
import { describe, expect, it } from "vitest";
import { scanOperations } from "../../../scripts/codegen/transform/operations.ts";
import { docOf, inferOf, oas3, type Spec } from "../spec-helpers.ts";

const header = (name: string, extra: Spec = {}) => ({ name, in: "header", ...extra });
const query = (name: string) => ({ name, in: "query" });

const cases: [string, { given: Spec; want: { pointer: string | undefined; required?: number } }][] = [
  [
    "a header on the path item, after operation parameters",
    {
      given: {
        "/x": {
          parameters: [header("X-Api-Key")],
          get: { parameters: [query("a"), query("b")], responses: {} },
        },
      },
      want: { pointer: "#/paths/~1x/parameters/0" },
    },
  ],
  [
    "a header on the operation, after path-item parameters",
    {
      given: {
        "/x": {
          parameters: [query("a"), query("b")],
          get: { parameters: [query("c"), query("d"), header("X-Api-Key")], responses: {} },
        },
      },
      want: { pointer: "#/paths/~1x/get/parameters/2" },
    },
  ],
  [
    "a path-item header reached through a $ref: where the $ref leads",
    {
      given: {
        "/x": {
          parameters: [query("a"), { $ref: "#/components/parameters/Key" }],
          get: { responses: {} },
        },
      },
      want: { pointer: "#/components/parameters/Key" },
    },
  ],
  [
    "the operation's header overrides the path item's of the same name",
    {
      given: {
        "/x": {
          parameters: [header("x-api-key")],
          get: { parameters: [header("X-Api-Key", { required: true })], responses: {} },
        },
      },
      want: { pointer: "#/paths/~1x/get/parameters/0", required: 1 },
    },
  ],
  [
    "a path that is a $ref: pointers inside its target",
    {
      given: { "/x": { $ref: "#/components/pathItems/X" } },
      want: { pointer: "#/components/pathItems/X/parameters/0" },
    },
  ],
];

const components = {
  parameters: { Key: header("X-Api-Key") },
  pathItems: { X: { parameters: [header("X-Api-Key")], get: { responses: {} } } },
};

describe("header parameter pointers", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const scan = scanOperations(docOf(oas3({ paths: given, components })));
    const use = scan.headers.get("x-api-key");
    expect(use?.pointer).toBe(want.pointer);
    if (want.required !== undefined) expect(use?.required).toBe(want.required);
  });

  it("the warning about a path-level header points at it", () => {
    const given = cases[0]?.[1].given as Spec;
    const warning = inferOf(oas3({ paths: given })).warnings.find((w) => w.code === "auth-no-security");
    expect(warning?.pointer).toBe("#/paths/~1x/parameters/0");
  });
});

describe("security requirement counts", () => {
  it("alternatives that differ only in scopes count an operation once", () => {
    const both = { a: ["read"], b: ["read"] };
    const paths = {
      "/x": { get: { security: [both, { a: ["write"], b: ["write"] }], responses: {} } },
      "/y": { get: { security: [both], responses: {} } },
    };
    const scan = scanOperations(docOf(oas3({ paths })));
    expect(scan.operations).toBe(2);
    expect(scan.requirements.get("a + b")?.count).toBe(2);
    expect(scan.schemeUse.get("a")).toBe(2);
  });
});
