// Doubts about the whole document reach another part only where they change what to check there:
// a document silent about auth puts proxy_url in doubt; a test, regional or missing server puts
// OAuth URLs in doubt (a key is sent the same way anywhere); a title naming a part puts in doubt a
// credential the part's document leaves unexplained, or a base path of the part's own. An
// unofficial document (its catalogue record shows it came from elsewhere) warns both.
import { describe, expect, it } from "vitest";
import { codesOf, inferOf, oas3, type Spec } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const info = (extra: Spec) => ({ title: "Acme", version: "1", ...extra });
const origin = (url: string) =>
  info({ "x-providerName": "acme.io", "x-origin": [{ format: "openapi", url }] });

const oauth = {
  components: {
    securitySchemes: {
      o: {
        type: "oauth2",
        flows: {
          authorizationCode: {
            authorizationUrl: "https://login.acme.io/authorize",
            tokenUrl: "https://login.acme.io/token",
            scopes: {},
          },
        },
      },
    },
  },
  security: [{ o: [] }],
};
const described = {
  components: {
    securitySchemes: { b: { type: "http", scheme: "bearer", description: "A token from Settings → API" } },
  },
  security: [{ b: [] }],
};

const cases: [string, { given: Spec; want: string[]; not?: string[] }][] = [
  [
    "no security and not a word about auth → proxy_url is in doubt too",
    { given: oas3({ info: info({}) }), want: ["auth-no-security", "proxy-no-security"] },
  ],
  [
    "no security but auth words in the text → the auth only",
    {
      given: oas3({ info: info({ description: "Send your API key in every request." }) }),
      want: ["auth-no-security"],
      not: ["proxy-no-security"],
    },
  ],
  [
    "only a sandbox server, OAuth → its URLs are in doubt too",
    {
      given: oas3({ ...oauth, servers: [{ url: "https://sandbox.acme.io" }] }),
      want: ["proxy-test-server", "auth-test-server"],
    },
  ],
  [
    "only a sandbox server, a bearer token → it is sent the same way on any host",
    {
      given: oas3({ ...bearer, servers: [{ url: "https://sandbox.acme.io" }] }),
      want: ["proxy-test-server"],
      not: ["auth-test-server"],
    },
  ],
  [
    "a regional host, OAuth → its URLs are in doubt too",
    {
      given: oas3({ ...oauth, servers: [{ url: "https://api.eu.acme.io" }] }),
      want: ["proxy-regional-host", "auth-test-server"],
    },
  ],
  [
    "a regional host, a bearer token → the proxy only",
    {
      given: oas3({ ...bearer, servers: [{ url: "https://api.eu.acme.io" }] }),
      want: ["proxy-regional-host"],
      not: ["auth-test-server"],
    },
  ],
  [
    "no server, OAuth → its URLs cannot be checked against the host",
    { given: oas3({ ...oauth, servers: [] }), want: ["proxy-no-server", "auth-no-server"] },
  ],
  [
    "no server, a bearer token → the proxy only",
    { given: oas3({ ...bearer, servers: [] }), want: ["proxy-no-server"], not: ["auth-no-server"] },
  ],
  [
    "a title naming a part, with a token its scheme leaves unexplained → the auth too",
    {
      given: oas3({ ...bearer, info: info({ title: "Orders" }) }),
      want: ["name-not-vendor", "auth-partial-document"],
      not: ["proxy-partial-document"],
    },
  ],
  [
    "a title naming a part, with a described token → the name only",
    {
      given: oas3({ ...described, info: info({ title: "Orders" }) }),
      want: ["name-not-vendor"],
      not: ["auth-partial-document", "proxy-partial-document"],
    },
  ],
  [
    "a title naming a part, and proxy_url carrying a base path of its own → the proxy too",
    {
      given: oas3({
        ...described,
        info: info({ title: "Orders" }),
        servers: [{ url: "https://api.acme.io/orders/v2" }],
      }),
      want: ["name-not-vendor", "proxy-partial-document"],
      not: ["auth-partial-document"],
    },
  ],
  [
    "a title naming a part, and proxy_url carrying only a tenant and a version → the name only",
    {
      given: oas3({
        ...described,
        info: info({ title: "Orders" }),
        servers: [{ url: "https://api.acme.io/stores/{store}/v3", variables: { store: { default: "x1" } } }],
      }),
      want: ["name-not-vendor"],
      not: ["proxy-partial-document"],
    },
  ],
  [
    "a title naming the vendor as its contact's site does → no doubt",
    {
      given: oas3({
        ...bearer,
        info: info({ title: "Ory APIs", contact: { email: "office@ory.sh" } }),
        servers: [{ url: "https://{project}.projects.oryapis.com" }],
      }),
      want: [],
      not: ["name-not-vendor", "auth-partial-document"],
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
    const sandbox = grades(oas3({ ...oauth, servers: [{ url: "https://sandbox.acme.io/v1" }] }));
    expect(sandbox).toContain(
      "evidence for auth type OAUTH: strong (declared by the document; nothing casts doubt on it)",
    );
    expect(sandbox).toContain(
      "evidence for OAuth URLs https://login.acme.io/authorize, https://login.acme.io/token: weak (auth-test-server)",
    );
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
      "auth-templated-oauth-url",
    );
    expect(grades(root).some((grade) => grade.startsWith("evidence for template https://{{domain}}"))).toBe(
      true,
    );
  });
});
