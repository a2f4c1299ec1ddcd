// Operations that issue the API's own tokens → a warning when the connector stores a static token.
import { describe, expect, it } from "vitest";
import { codeScheme, codesOf, inferOf, oas3, type Spec, swagger2 } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const object = (...names: string[]) => ({
  type: "object",
  properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
});
const issuing = (token: string) => ({
  "200": { description: "ok", content: { "application/json": { schema: object(token, "expires_in") } } },
});
/** A bearer-token API with one more operation at `path`. */
const withOperation = (path: string, operation: Spec, parts: Spec = bearer): Spec =>
  oas3({
    ...parts,
    paths: { "/things": { get: { responses: {} } }, [path]: operation },
  });
const formBody = (...names: string[]) => ({
  content: { "application/x-www-form-urlencoded": { schema: object(...names) } },
});

interface Want {
  warned: boolean;
  pointer?: string;
}

const cases: [string, { given: Spec; want: Want }][] = [
  [
    "a form body with client ID and secret on a token path",
    {
      given: withOperation("/oauth/token", {
        post: { requestBody: formBody("client_id", "client_secret"), responses: issuing("access_token") },
      }),
      want: { warned: true, pointer: "#/paths/~1oauth~1token/post" },
    },
  ],
  [
    "a JSON body through $refs and allOf on an auth path",
    {
      given: oas3({
        ...bearer,
        components: {
          ...bearer.components,
          schemas: {
            Id: object("client_id"),
            Credentials: { allOf: [{ $ref: "#/components/schemas/Id" }, object("client_secret")] },
          },
          requestBodies: {
            Auth: {
              content: { "application/json": { schema: { $ref: "#/components/schemas/Credentials" } } },
            },
          },
        },
        paths: {
          "/v1/auth": { post: { requestBody: { $ref: "#/components/requestBodies/Auth" }, responses: {} } },
        },
      }),
      want: { warned: true, pointer: "#/paths/~1v1~1auth/post" },
    },
  ],
  [
    "a grant_type on a path without auth words, answering with a token",
    {
      given: withOperation("/exchange", {
        post: { requestBody: formBody("grant_type", "code"), responses: issuing("token") },
      }),
      want: { warned: true },
    },
  ],
  [
    "an access token answered on a token path, request not described",
    {
      given: withOperation("/v2/oauth2/token", { post: { responses: issuing("access_token") } }),
      want: { warned: true },
    },
  ],
  [
    "a token answered without client credentials (an object that has a token)",
    {
      given: withOperation("/runners/registration-token", { post: { responses: issuing("token") } }),
      want: { warned: false },
    },
  ],
  [
    "client credentials stored for a third party, no auth path, no token answered",
    {
      given: withOperation("/integrations/azure", {
        post: { requestBody: formBody("client_id", "client_secret", "tenant"), responses: {} },
      }),
      want: { warned: false },
    },
  ],
  [
    "a GET is never a token endpoint",
    {
      given: withOperation("/oauth/token", {
        get: {
          parameters: [
            { name: "client_id", in: "query" },
            { name: "client_secret", in: "query" },
          ],
          responses: {},
        },
      }),
      want: { warned: false },
    },
  ],
  [
    "Swagger 2.0 form parameters",
    {
      given: swagger2({
        securityDefinitions: { key: { type: "apiKey", in: "header", name: "Authorization" } },
        security: [{ key: [] }],
        paths: {
          "/things": { get: { responses: {} } },
          "/login": {
            post: {
              parameters: [
                { name: "client_id", in: "formData", type: "string" },
                { name: "client_secret", in: "formData", type: "string" },
              ],
              responses: {},
            },
          },
        },
      }),
      want: { warned: true, pointer: "#/paths/~1login/post" },
    },
  ],
  [
    "a Swagger 2.0 body parameter whose schema is a $ref",
    {
      given: swagger2({
        securityDefinitions: { key: { type: "apiKey", in: "header", name: "Authorization" } },
        security: [{ key: [] }],
        definitions: { TokenRequest: object("grant_type", "client_id") },
        paths: {
          "/things": { get: { responses: {} } },
          "/token": {
            post: {
              parameters: [{ name: "body", in: "body", schema: { $ref: "#/definitions/TokenRequest" } }],
              responses: {},
            },
          },
        },
      }),
      want: { warned: true },
    },
  ],
  [
    "an API key in a header of its own is not the issued token",
    {
      given: withOperation(
        "/oauth/token",
        { post: { requestBody: formBody("client_id", "client_secret"), responses: issuing("access_token") } },
        {
          components: { securitySchemes: { k: { type: "apiKey", in: "header", name: "X-Api-Key" } } },
          security: [{ k: [] }],
        },
      ),
      want: { warned: false },
    },
  ],
  [
    "user-authorised OAuth needs no warning",
    {
      given: withOperation(
        "/oauth/token",
        { post: { requestBody: formBody("client_id", "client_secret"), responses: issuing("access_token") } },
        {
          components: {
            securitySchemes: {
              o: codeScheme("/oauth/authorize", "/oauth/token"),
            },
          },
          security: [{ o: [] }],
        },
      ),
      want: { warned: false },
    },
  ],
];

describe("token endpoints of the API itself", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const warning = inferOf(given).warnings.find((w) => w.code === "auth-token-endpoint");
    expect(warning !== undefined).toBe(want.warned);
    if (want.pointer !== undefined) expect(warning?.pointer).toBe(want.pointer);
  });

  it("says where the token comes from and why it matters", () => {
    const given = cases[0]?.[1].given as Spec;
    const message = inferOf(given).warnings.find((w) => w.code === "auth-token-endpoint")?.message;
    expect(message).toContain("POST /oauth/token");
    expect(message).toContain("client credentials");
    expect(message).toMatch(/mint and rotate/);
    expect(codesOf(inferOf(given))).not.toContain("auth-no-security");
  });
});
