// A document converted from another format (info.x-origin) → a warning on OAuth URLs, which the
// converter may have supplied; OpenAPI and Swagger sources carry their own.
import { describe, expect, it } from "vitest";
import { inferOf, oas3, type Spec } from "../spec-helpers.ts";

const oauth = {
  components: {
    securitySchemes: {
      o: {
        type: "oauth2",
        flows: {
          authorizationCode: {
            authorizationUrl: "https://a.io/auth",
            tokenUrl: "https://a.io/token",
            scopes: {},
          },
        },
      },
    },
  },
  security: [{ o: [] }],
};
const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const origin = (format: string, list = true) => {
  const entry = { format, url: "https://api.acme.io/spec", version: "1" };
  return { title: "Acme", version: "1", "x-origin": list ? [entry] : entry };
};

const cases: [string, { given: Spec; want: string | undefined }][] = [
  [
    "OAuth from a converted discovery document",
    { given: oas3({ ...oauth, info: origin("google") }), want: "#/info/x-origin/0/format" },
  ],
  [
    "x-origin as a single object",
    { given: oas3({ ...oauth, info: origin("raml", false) }), want: "#/info/x-origin/format" },
  ],
  ["OAuth from a Swagger source", { given: oas3({ ...oauth, info: origin("swagger") }), want: undefined }],
  ["OAuth from an OpenAPI source", { given: oas3({ ...oauth, info: origin("OpenAPI") }), want: undefined }],
  ["no OAuth chosen", { given: oas3({ ...bearer, info: origin("google") }), want: undefined }],
  ["no x-origin", { given: oas3(oauth), want: undefined }],
];

describe("converted documents", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const warning = inferOf(given).warnings.find((w) => w.code === "auth-converted-document");
    expect(warning?.pointer).toBe(want);
  });
});
