// A document converted from another format (info.x-origin) → a warning on auth (the converter may
// have supplied the OAuth URLs) and on proxy_url (it chose the servers); OpenAPI and Swagger
// sources carry their own.
import { describe, expect, it } from "vitest";
import { inferOf, oas3, oauthSpec, type Spec } from "../spec-helpers.ts";

const bearer = {
  components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
  security: [{ b: [] }],
};
const withInfo = (info: Spec) => oauthSpec("https://a.io/auth", "https://a.io/token", { info });
const origin = (format: string, list = true) => {
  const entry = { format, url: "https://api.acme.io/spec", version: "1" };
  return { title: "Acme", version: "1", "x-origin": list ? [entry] : entry };
};

const cases: [string, { given: Spec; want: string | undefined }][] = [
  [
    "OAuth from a converted discovery document",
    { given: withInfo(origin("google")), want: "#/info/x-origin/0/format" },
  ],
  ["x-origin as a single object", { given: withInfo(origin("raml", false)), want: "#/info/x-origin/format" }],
  ["OAuth from a Swagger source", { given: withInfo(origin("swagger")), want: undefined }],
  ["OAuth from an OpenAPI source", { given: withInfo(origin("OpenAPI")), want: undefined }],
  [
    "another auth chosen is in doubt too",
    { given: oas3({ ...bearer, info: origin("google") }), want: "#/info/x-origin/0/format" },
  ],
  ["no x-origin", { given: oauthSpec("https://a.io/auth", "https://a.io/token"), want: undefined }],
];

describe("converted documents", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const { warnings } = inferOf(given);
    expect(warnings.find((w) => w.code === "auth-converted-document")?.pointer).toBe(want);
    expect(warnings.find((w) => w.code === "proxy-converted-document")?.pointer).toBe(want);
  });
});
