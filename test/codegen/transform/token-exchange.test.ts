// Operations that exchange an authorization code for tokens, against the declared token URL: a
// warning when they disagree, naming both URLs and pointing at the operation.
import { describe, expect, it } from "vitest";
import { sameEndpoint } from "../../../scripts/codegen/transform/token-exchange.ts";
import { inferOf, oas3, type Spec, swagger2 } from "../spec-helpers.ts";

const query = (...names: string[]) => names.map((name) => ({ name, in: "query", type: "string" }));
const object = (...names: string[]) => ({
  type: "object",
  properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
});
const formBody = (...names: string[]) => ({
  content: { "application/x-www-form-urlencoded": { schema: object(...names) } },
});
const codeFlow = (tokenUrl?: string) => ({
  type: "oauth2",
  flows: {
    authorizationCode: {
      authorizationUrl: "https://acme.io/oauth/authorize",
      ...(tokenUrl !== undefined && { tokenUrl }),
      scopes: {},
    },
  },
});
/** An OAuth API (3.0, server https://api.acme.io) with one more operation at `path`. */
const oauthWith = (tokenUrl: string | undefined, path: string, item: Spec): Spec =>
  oas3({
    components: { securitySchemes: { o: codeFlow(tokenUrl) } },
    security: [{ o: [] }],
    paths: { "/things": { get: { responses: {} } }, [path]: item },
  });

interface Want {
  warned: boolean;
  pointer?: string;
  url?: string;
}

const cases: [string, { given: Spec; want: Want }][] = [
  [
    "Swagger 2.0: a newer GET exchange than the declared token URL",
    {
      given: swagger2({
        basePath: "/api",
        securityDefinitions: {
          o: {
            type: "oauth2",
            flow: "accessCode",
            authorizationUrl: "https://api.acme.io/oauth/authorize",
            tokenUrl: "https://api.acme.io/api/oauth.access",
            scopes: {},
          },
        },
        security: [{ o: [] }],
        paths: {
          "/things": { get: { responses: {} } },
          "/oauth.access": { get: { parameters: query("client_id", "code"), responses: {} } },
          "/oauth.v2.access": {
            get: { parameters: query("client_id", "client_secret", "code"), responses: {} },
          },
        },
      }),
      want: {
        warned: true,
        pointer: "#/paths/~1oauth.v2.access/get",
        url: "https://api.acme.io/api/oauth.v2.access",
      },
    },
  ],
  [
    "a form body with code and grant_type at another path",
    {
      given: oauthWith("https://api.acme.io/oauth/token", "/oauth2/token", {
        post: { requestBody: formBody("grant_type", "code", "redirect_uri"), responses: {} },
      }),
      want: {
        warned: true,
        pointer: "#/paths/~1oauth2~1token/post",
        url: "https://api.acme.io/oauth2/token",
      },
    },
  ],
  [
    "a $ref'd body, an exchange at the declared (relative) token URL",
    {
      given: oas3({
        components: {
          securitySchemes: { o: codeFlow("/oauth/token") },
          requestBodies: { Token: formBody("grant_type", "code", "client_id") },
        },
        security: [{ o: [] }],
        paths: {
          "/oauth/token": {
            post: { requestBody: { $ref: "#/components/requestBodies/Token" }, responses: {} },
          },
        },
      }),
      want: { warned: false },
    },
  ],
  [
    "http, a trailing slash and host case do not make a difference",
    {
      given: oauthWith("http://API.acme.io/oauth/token/", "/oauth/token", {
        post: { requestBody: formBody("code", "client_secret"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "an exchange under servers of its own, at the declared URL",
    {
      given: oauthWith("https://auth.acme.io/v1/token", "/token", {
        servers: [{ url: "https://{host}/v1", variables: { host: { default: "auth.acme.io" } } }],
        post: { requestBody: formBody("code", "client_id"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "an exchange under servers of its own, elsewhere",
    {
      given: oauthWith("https://api.acme.io/oauth/token", "/token", {
        post: {
          servers: [{ url: "https://login.acme.io/v2" }],
          requestBody: formBody("code", "client_id"),
          responses: {},
        },
      }),
      want: { warned: true, url: "https://login.acme.io/v2/token" },
    },
  ],
  [
    "a templated path segment matches the declared URL",
    {
      given: oauthWith("https://api.acme.io/oauth2/default/v1/token", "/oauth2/{authServerId}/v1/token", {
        post: { requestBody: formBody("grant_type", "code"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "client credentials without a code are another grant",
    {
      given: oauthWith("https://api.acme.io/oauth/token", "/partner/token", {
        post: {
          requestBody: formBody("client_id", "client_secret", "grant_type"),
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: object("access_token") } } },
          },
        },
      }),
      want: { warned: false },
    },
  ],
  [
    "a code that is not an authorization code",
    {
      given: oauthWith("https://api.acme.io/oauth/token", "/coupons", {
        post: { requestBody: formBody("code", "amount"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "a guessed token URL is not compared",
    {
      given: oauthWith(undefined, "/oauth2/token", {
        post: { requestBody: formBody("grant_type", "code"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "static auth: no token URL to compare",
    {
      given: oas3({
        components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
        security: [{ b: [] }],
        paths: {
          "/oauth2/token": { post: { requestBody: formBody("grant_type", "code"), responses: {} } },
        },
      }),
      want: { warned: false },
    },
  ],
];

describe("an exchange operation that disagrees with the token URL", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const warnings = inferOf(given).warnings.filter((w) => w.code === "auth-token-url-disagrees");
    expect(warnings.length > 0).toBe(want.warned);
    if (want.pointer !== undefined) expect(warnings.map((w) => w.pointer)).toEqual([want.pointer]);
    if (want.url !== undefined) expect(warnings[0]?.message).toContain(want.url);
  });

  it("a guessed token URL is guessed, not declared", () => {
    const given = cases.find(([name]) => name.startsWith("a guessed"))?.[1].given as Spec;
    expect(inferOf(given).warnings.map((w) => w.code)).toContain("auth-guessed-token-url");
  });

  it("names both URLs, where the token URL is declared, and what to check", () => {
    const given = cases[1]?.[1].given as Spec;
    const message = inferOf(given).warnings.find((w) => w.code === "auth-token-url-disagrees")?.message;
    expect(message).toContain("https://api.acme.io/oauth/token");
    expect(message).toContain("#/components/securitySchemes/o/flows/authorizationCode/tokenUrl");
    expect(message).toContain("POST /oauth2/token takes a code with grant_type");
    expect(message).toMatch(/check .* which token URL is current/);
  });

  it("warns once for every operation that exchanges codes elsewhere, naming each", () => {
    const given = structuredClone(cases[1]?.[1].given as Spec);
    const paths = given.paths as Record<string, Spec>;
    paths["/oauth2/v2/token"] = structuredClone(paths["/oauth2/token"] as Spec);
    const warnings = inferOf(given).warnings.filter((w) => w.code === "auth-token-url-disagrees");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      /POST \/oauth2\/token takes a code .*; POST \/oauth2\/v2\/token takes a code/,
    );
  });
});

describe("same endpoint", () => {
  it.each([
    ["https://a.io/x", "https://a.io/x/", true],
    ["http://A.io/x?y=1", "https://a.io/x", true],
    ["https://{{domain}}/oauth/token", "https://acme.io/oauth/token", true],
    ["https://a.io/x", "https://a.io/X", false],
    ["https://a.io/x", "https://a.io/x/y", false],
    ["https://a.io/x", "https://b.io/x", false],
  ] as const)("%s ~ %s → %s", (a, b, want) => {
    expect(sameEndpoint(a, b)).toBe(want);
  });
});
