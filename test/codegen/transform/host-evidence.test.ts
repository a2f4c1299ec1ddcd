// A concrete server host that is weak evidence of where the API lives is kept and warned: one
// numbered instance of several, or the vendor's web domain with nothing marking an API. And an
// OAuth authorization URL under the API's own base path is warned.
import { describe, expect, it } from "vitest";
import { codesOf, inferOf, oas3, oauthSpec, swagger2 } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const server = (url: string) => oas3({ ...bearer, servers: [{ url }] });

const hosts: [string, { url: string; want: string[]; not: string[] }][] = [
  [
    "a numbered instance",
    { url: "https://webservices5.acme.net/rest", want: ["proxy-numbered-host"], not: ["proxy-host-not-api"] },
  ],
  [
    "a region code is a regional host, not a numbered one",
    { url: "https://eu2.acme.io", want: [], not: ["proxy-numbered-host"] },
  ],
  ["the bare web domain", { url: "https://acme.com/1", want: ["proxy-host-not-api"], not: [] }],
  ["the www web domain", { url: "https://www.acme.com", want: ["proxy-host-not-api"], not: [] }],
  [
    "the web domain with /api in the path",
    { url: "https://acme.com/api/v2", want: [], not: ["proxy-host-not-api"] },
  ],
  [
    "an api host",
    { url: "https://api.acme.com/v1", want: [], not: ["proxy-host-not-api", "proxy-numbered-host"] },
  ],
  ["a host naming an API", { url: "https://www.acmeapis.com", want: [], not: ["proxy-host-not-api"] }],
];

describe("server host evidence", () => {
  it.each(hosts)("%s", (_name, { url, want, not }) => {
    const codes = codesOf(inferOf(server(url)));
    for (const code of want) expect(codes).toContain(code);
    for (const code of not) expect(codes).not.toContain(code);
  });

  it("a Swagger 2.0 host is judged the same way", () => {
    expect(codesOf(inferOf(swagger2({ ...bearer, host: "acme.com", basePath: "/1" })))).toContain(
      "proxy-host-not-api",
    );
  });
});

describe("authorization URL under the API's base", () => {
  const paths = {
    "/2/users": { get: { responses: {} } },
    "/2/tweets": { get: { responses: {} } },
  };
  it("warns when it lies under the base every operation path shares", () => {
    const spec = oauthSpec("https://api.acme.io/2/oauth2/authorize", "https://api.acme.io/2/oauth2/token", {
      paths,
    });
    expect(codesOf(inferOf(spec))).toContain("auth-authorize-in-api");
  });

  it("warns when it lies under the server's own path", () => {
    const spec = oauthSpec("https://acme.io/api/v3/oauth/authorize", "https://acme.io/api/v3/oauth/token", {
      servers: [{ url: "https://acme.io/api/v3" }],
    });
    expect(codesOf(inferOf(spec))).toContain("auth-authorize-in-api");
  });

  it("does not warn for a sign-in host, or an API that is only a host", () => {
    expect(
      codesOf(
        inferOf(oauthSpec("https://login.acme.io/authorize", "https://login.acme.io/token", { paths })),
      ),
    ).not.toContain("auth-authorize-in-api");
    const bare = oauthSpec("https://api.acme.io/oauth/authorize", "https://api.acme.io/oauth/token", {
      paths: { "/users": { get: { responses: {} } }, "/tweets": { get: { responses: {} } } },
    });
    expect(codesOf(inferOf(bare))).not.toContain("auth-authorize-in-api");
  });
});
