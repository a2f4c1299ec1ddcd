// Doubts about the whole document reach every part they cast doubt on: a warning about one part
// (no security, a test or regional server, no server, a title naming a part of the API) brings
// one about the other, and an unofficial document (its catalogue record shows it came from
// somewhere other than the vendor's sites) warns both.
import { describe, expect, it } from "vitest";
import { codesOf, inferOf, oas3, type Spec } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const info = (extra: Spec) => ({ title: "Acme", version: "1", ...extra });
const origin = (url: string) =>
  info({ "x-providerName": "acme.io", "x-origin": [{ format: "openapi", url }] });

const cases: [string, { given: Spec; want: string[]; not?: string[] }][] = [
  [
    "no security declared → proxy_url is in doubt too",
    { given: oas3({ info: info({}) }), want: ["auth-no-security", "proxy-no-security"] },
  ],
  [
    "only a sandbox server → the auth settings are in doubt too",
    {
      given: oas3({ ...bearer, servers: [{ url: "https://sandbox.acme.io" }] }),
      want: ["proxy-test-server", "auth-test-server"],
    },
  ],
  [
    "a regional host → the auth settings are in doubt too",
    {
      given: oas3({ ...bearer, servers: [{ url: "https://api.eu.acme.io" }] }),
      want: ["proxy-regional-host", "auth-test-server"],
    },
  ],
  [
    "no server → the auth cannot be checked against the host",
    { given: oas3({ ...bearer, servers: [] }), want: ["proxy-no-server", "auth-no-server"] },
  ],
  [
    "a title naming a part of the API → both parts",
    {
      given: oas3({ ...bearer, info: info({ title: "Orders" }) }),
      want: ["name-not-vendor", "auth-partial-document", "proxy-partial-document"],
    },
  ],
  [
    "a document from someone else's site → both parts",
    {
      given: oas3({ ...bearer, info: origin("https://someone.stoplight.io/api/v1/projects/x/openapi.json") }),
      want: ["auth-unofficial-document", "proxy-unofficial-document"],
    },
  ],
  [
    "a document that marks itself unofficial → both parts",
    {
      given: oas3({ ...bearer, info: info({ "x-unofficialSpec": true }) }),
      want: ["auth-unofficial-document", "proxy-unofficial-document"],
    },
  ],
  [
    "a title that says unofficial → both parts",
    {
      given: oas3({ ...bearer, info: info({ title: "Acme API (unofficial)" }) }),
      want: ["auth-unofficial-document", "proxy-unofficial-document"],
    },
  ],
  [
    "a document from the vendor's own site → no doubt",
    {
      given: oas3({ ...bearer, info: origin("https://developer.acme.io/openapi.json") }),
      want: [],
      not: ["auth-unofficial-document", "proxy-unofficial-document"],
    },
  ],
  [
    "a document from the vendor's account on a code host → no doubt",
    {
      given: oas3({
        ...bearer,
        info: origin("https://raw.githubusercontent.com/acme/openapi/main/spec.yaml"),
      }),
      want: [],
      not: ["auth-unofficial-document", "proxy-unofficial-document"],
    },
  ],
  [
    "a declared, used scheme on a production server → no doubt",
    {
      given: oas3(bearer),
      want: [],
      not: ["auth-test-server", "auth-no-server", "proxy-no-security", "auth-partial-document"],
    },
  ],
];

describe("document doubts", () => {
  it.each(cases)("%s", (_name, { given, want, not = [] }) => {
    const codes = codesOf(inferOf(given));
    for (const code of want) expect(codes).toContain(code);
    for (const code of not) expect(codes).not.toContain(code);
  });
});

describe("evidence grades", () => {
  const grades = (root: Spec) =>
    inferOf(root)
      .inferred.filter((entry) => entry.what.startsWith("evidence for "))
      .map((entry) => entry.what);

  it("a declared, used scheme on a production server is strong evidence for every part", () => {
    const strong = "strong (declared by the document; nothing casts doubt on it)";
    expect(grades(oas3(bearer))).toEqual([
      `evidence for auth type BEARER: ${strong}`,
      `evidence for header Authorization: ${strong}`,
      `evidence for host api.acme.io: ${strong}`,
      `evidence for base path /: ${strong}`,
    ]);
    expect(inferOf(oas3(bearer)).inferred.find((e) => e.what.startsWith("evidence for host"))?.from).toBe(
      "#/servers/0",
    );
  });

  it("anything less is weak on the parts a warning casts doubt on, listing the warnings", () => {
    const sandbox = grades(oas3({ ...bearer, servers: [{ url: "https://sandbox.acme.io/v1" }] }));
    expect(sandbox).toContain("evidence for auth type BEARER: weak (auth-test-server)");
    expect(sandbox).toContain("evidence for host sandbox.acme.io: weak (proxy-test-server)");
    expect(sandbox).toContain(
      "evidence for base path /v1: strong (declared by the document; nothing casts doubt on it)",
    );
  });

  it("grades OAuth URLs and templates where the connector has them", () => {
    const root = oas3({
      components: {
        securitySchemes: {
          o: {
            type: "oauth2",
            flows: { authorizationCode: { authorizationUrl: "/authorize", tokenUrl: "/token", scopes: {} } },
          },
        },
      },
      security: [{ o: [] }],
      servers: [{ url: "https://{tenant}.acme.io" }],
    });
    const weak = grades(root).filter((grade) => grade.includes(": weak"));
    expect(weak.find((grade) => grade.startsWith("evidence for OAuth URLs"))).toContain(
      "auth-relative-oauth-url",
    );
    expect(grades(root).some((grade) => grade.startsWith("evidence for template https://{{domain}}"))).toBe(
      true,
    );
  });
});
