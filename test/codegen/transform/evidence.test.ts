// Specs that declare no security: auth from what the document says, always with a warning.
import { describe, expect, it } from "vitest";
import { authOf, codesOf, inferOf, oas3, type Spec } from "../spec-helpers.ts";

const withHeader = (name: string, description = "", required = true): Spec =>
  oas3({
    paths: {
      "/a": { get: { parameters: [{ name, in: "header", required, description }], responses: {} } },
      "/b": {
        get: {
          parameters: [
            { name, in: "header", required, description },
            { name: "X-Account", in: "header", required: true },
          ],
          responses: {},
        },
      },
    },
  });

const about = (description: string): Spec => oas3({ info: { title: "Acme", version: "1", description } });

const cases: [
  string,
  { given: Spec; want: { type: string; header?: string | undefined; prefix?: string } },
][] = [
  [
    "an Authorization header described as Bearer → BEARER",
    { given: withHeader("Authorization", "Bearer <token>"), want: { type: "BEARER" } },
  ],
  [
    "a key header most operations take → API_KEY in that header",
    { given: withHeader("X-Api-Key"), want: { type: "API_KEY", header: "X-Api-Key" } },
  ],
  [
    "descriptions about personal access tokens → BEARER",
    {
      given: oas3({
        paths: {
          "/a": { get: { description: "Personal access tokens need the repo scope.", responses: {} } },
        },
      }),
      want: { type: "BEARER" },
    },
  ],
  [
    "descriptions about API keys → API_KEY",
    {
      given: oas3({
        info: { title: "Acme", version: "1", description: "Pass your API key with every call." },
      }),
      want: { type: "API_KEY" },
    },
  ],
  [
    "an Authorization header whose description is its value → that prefix",
    {
      given: withHeader("Authorization", "Token token={key}"),
      want: { type: "API_KEY", prefix: "Token token=" },
    },
  ],
  [
    "descriptions showing a key header with its value → API_KEY in that header",
    {
      given: about("Send `X-Api-Key: <your key>` with each request."),
      want: { type: "API_KEY", header: "X-Api-Key" },
    },
  ],
  [
    "descriptions naming a quoted key header → API_KEY in that header",
    {
      given: about("Pass your API key in the `X-Acme-Token` header."),
      want: { type: "API_KEY", header: "X-Acme-Token" },
    },
  ],
  [
    "descriptions showing Authorization with a prefix → that prefix",
    {
      given: about("Every call needs `Authorization: Token <api key>`."),
      want: { type: "API_KEY", prefix: "Token " },
    },
  ],
  [
    "descriptions showing Authorization: Basic → BASIC",
    { given: about("Send Authorization: Basic <base64 of key:>"), want: { type: "BASIC" } },
  ],
  [
    "a field of a JSON example is not a header",
    {
      given: about('Returns {"token": "<string>"}. Use your api key.'),
      want: { type: "API_KEY", header: undefined },
    },
  ],
  ["nothing at all → BEARER, as a guess", { given: oas3(), want: { type: "BEARER" } }],
];

describe("auth from evidence when no scheme is declared", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const inference = inferOf(given);
    expect(authOf(inference)).toMatchObject(want);
    expect(codesOf(inference)).toContain("auth-no-security");
  });

  it("adds a required header shared with the key as a header field", () => {
    const spec = withHeader("X-Api-Key");
    (spec.paths as Record<string, Spec>)["/a"] = {
      get: {
        parameters: [
          { name: "X-Api-Key", in: "header", required: true },
          { name: "Api-Username", in: "header", required: true },
        ],
        responses: {},
      },
    };
    (spec.paths as Record<string, Spec>)["/b"] = (spec.paths as Record<string, Spec>)["/a"] as Spec;
    const fields = inferOf(spec).connector.auth_patterns[0]?.fields;
    expect(fields).toContainEqual(
      expect.objectContaining({ field_name: "api_username", header_name: "Api-Username" }),
    );
  });

  it("reads OAuth endpoints named in the descriptions", () => {
    const spec = oas3({
      info: {
        title: "Acme",
        version: "1",
        description:
          "Authorize at https://login.acme.io/oauth/authorize and exchange the code at https://login.acme.io/oauth/token.",
      },
    });
    expect(authOf(inferOf(spec))).toMatchObject({
      type: "OAUTH",
      authorize: "https://login.acme.io/oauth/authorize",
      token: "https://login.acme.io/oauth/token",
    });
  });

  it("warns when the API issues its own tokens and the connector takes a static bearer token", () => {
    const spec = oas3({
      components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
      security: [{ b: [] }],
      paths: {
        "/auth": {
          post: {
            parameters: [
              { name: "client_id", in: "query" },
              { name: "client_secret", in: "query" },
            ],
            responses: {},
          },
        },
      },
    });
    expect(codesOf(inferOf(spec))).toContain("auth-token-endpoint");
  });
});
