// Paths that all start with the same base the server URL leaves out → a note of that base.
import { describe, expect, it } from "vitest";
import { basePrefix, sharedPrefix } from "../../../scripts/codegen/transform/path-prefix.ts";
import { inferOf, oas3, type Spec } from "../spec-helpers.ts";

const shared: [string, { given: string[]; want: string[] }][] = [
  ["two segments every path starts with", { given: ["/api/0/a/", "/api/0/b/{id}/"], want: ["api", "0"] }],
  ["each path keeps a segment after the prefix", { given: ["/api/a", "/api/a/b"], want: ["api"] }],
  ["a templated segment ends the prefix", { given: ["/{org}/a/x", "/{org}/a/y"], want: [] }],
  ["different first segments", { given: ["/a/x", "/b/x"], want: [] }],
  ["one path", { given: ["/api/v2/things"], want: ["api", "v2"] }],
  ["no paths", { given: [], want: [] }],
];

const bases: [string, { given: string[]; want: string[] }][] = [
  ["a name and a version", { given: ["api", "0"], want: ["api", "0"] }],
  ["up to the first version only", { given: ["v2", "checkout"], want: [] }],
  ["a resource after the version is left out", { given: ["crm", "v3", "objects"], want: ["crm", "v3"] }],
  ["a bare version is the usual split", { given: ["v1"], want: [] }],
  ["a date version", { given: ["2010-04-01"], want: [] }],
  ["a name without a version", { given: ["rest"], want: ["rest"] }],
  ["one letter is no base", { given: ["a"], want: [] }],
];

const paths = (...list: string[]) =>
  Object.fromEntries(list.map((path) => [path, { get: { responses: {} } }]));

const cases: [string, { given: Spec; want: string | undefined }][] = [
  [
    "a host-only server and every path under /api/0",
    {
      given: oas3({ servers: [{ url: "https://acme.io" }], paths: paths("/api/0/a/", "/api/0/b/") }),
      want: "/api/0",
    },
  ],
  [
    "a server that names a path made the split itself",
    {
      given: oas3({ servers: [{ url: "https://acme.io/v1" }], paths: paths("/company/a", "/company/b") }),
      want: undefined,
    },
  ],
  ["every path under a bare version", { given: oas3({ paths: paths("/v1/a", "/v1/b") }), want: undefined }],
  ["paths that share nothing", { given: oas3({ paths: paths("/api/a", "/rest/b") }), want: undefined }],
  ["a single path", { given: oas3({ paths: paths("/api/0/a") }), want: undefined }],
];

describe("the prefix every path shares", () => {
  it.each(shared)("%s", (_name, { given, want }) => expect(sharedPrefix(given)).toEqual(want));
  it.each(bases)("base: %s", (_name, { given, want }) => expect(basePrefix(given)).toEqual(want));

  // proxy_url plus each path is the document's URL either way: a note, not a doubt
  it.each(cases)("%s", (_name, { given, want }) => {
    const inference = inferOf(given);
    const note = inference.inferred.find((entry) => entry.what.startsWith("base path "));
    if (want === undefined) expect(note).toBeUndefined();
    else {
      expect(note?.what).toContain(`base path ${want}: every operation path starts with it`);
      expect(note?.from).toBe("#/paths");
      expect(inference.warnings.filter((w) => w.pointer === "#/paths")).toEqual([]);
    }
  });

  it("leaves --proxy-url alone", () => {
    const spec = oas3({ servers: [{ url: "https://acme.io" }], paths: paths("/api/0/a", "/api/0/b") });
    const inferred = inferOf(spec, { proxyUrl: "https://acme.io" }).inferred;
    expect(inferred.some((entry) => entry.what.startsWith("base path "))).toBe(false);
  });
});
