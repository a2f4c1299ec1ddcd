// Connector definitions made for another integration platform → a warning on the auth, and on the
// proxy unless its host is the vendor's own (it carries the vendor's name and names no gateway).
import { describe, expect, it } from "vitest";
import { inferOf, oas3, type Spec, swagger2 } from "../spec-helpers.ts";

const apiKey = {
  securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-Api-Key" } },
  security: [{ key: [] }],
};
/** A host that does not carry the vendor's name, as a publisher's gateway would be. */
const elsewhere = { host: "connect.hub-works.io" };
const oauth = {
  securityDefinitions: {
    o: {
      type: "oauth2",
      flow: "accessCode",
      authorizationUrl: "https://a.io/auth",
      tokenUrl: "https://a.io/token",
    },
  },
  security: [{ o: [] }],
};

interface Want {
  /** The pointer both warnings give, or undefined for no warning at all. */
  proxy?: string;
  auth?: string;
}

const cases: [string, { given: Spec; want: Want }][] = [
  [
    "connector metadata at the root, with a key → both warnings",
    {
      given: swagger2({ ...apiKey, ...elsewhere, "x-ms-connector-metadata": [{ propertyName: "Website" }] }),
      want: { proxy: "#/x-ms-connector-metadata", auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "connector capabilities at the root, with basic auth → both warnings",
    {
      given: swagger2({
        securityDefinitions: { b: { type: "basic" } },
        ...elsewhere,
        "x-ms-capabilities": { testConnection: {} },
      }),
      want: { proxy: "#/x-ms-capabilities", auth: "#/x-ms-capabilities" },
    },
  ],
  [
    "an API annotation in the info",
    {
      given: swagger2({
        ...apiKey,
        ...elsewhere,
        info: { title: "Acme", version: "1", "x-ms-api-annotation": { status: "Preview" } },
      }),
      want: { proxy: "#/info/x-ms-api-annotation", auth: "#/info/x-ms-api-annotation" },
    },
  ],
  [
    "an operation that is a platform trigger",
    {
      given: swagger2({
        ...apiKey,
        ...elsewhere,
        paths: { "/hooks": { post: { "x-ms-trigger": "single", responses: {} } } },
      }),
      want: { proxy: "#/paths/~1hooks/post/x-ms-trigger", auth: "#/paths/~1hooks/post/x-ms-trigger" },
    },
  ],
  [
    "OAuth chosen → both warnings: its OAuth URLs may be the platform's registration",
    {
      given: swagger2({ ...oauth, ...elsewhere, "x-ms-connector-metadata": [] }),
      want: { proxy: "#/x-ms-connector-metadata", auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "on the vendor's own host (it carries the title's name) → the auth warning only",
    {
      given: swagger2({ ...apiKey, "x-ms-connector-metadata": [] }),
      want: { auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "on a host carrying the website the definition records → the auth warning only",
    {
      given: swagger2({
        ...apiKey,
        host: "api.acmecloud.net",
        info: { title: "Orders", version: "1" },
        "x-ms-connector-metadata": [{ propertyName: "Website", propertyValue: "https://www.acmecloud.net/" }],
      }),
      want: { auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "on a host that carries the vendor's name left of someone else's site → both warnings",
    {
      given: swagger2({ ...apiKey, host: "acme.hosting-cloud.net", "x-ms-connector-metadata": [] }),
      want: { proxy: "#/x-ms-connector-metadata", auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "on the vendor's host, under a path that names a platform's flow → both warnings",
    {
      given: swagger2({ ...apiKey, basePath: "/ms-flow/v1", "x-ms-connector-metadata": [] }),
      want: { proxy: "#/x-ms-connector-metadata", auth: "#/x-ms-connector-metadata" },
    },
  ],
  [
    "x-ms-summary alone also appears in vendors' own documents → no warning",
    {
      given: swagger2({
        ...apiKey,
        paths: {
          "/things": {
            get: { parameters: [{ name: "q", in: "query", "x-ms-summary": "Query" }], responses: {} },
          },
        },
      }),
      want: {},
    },
  ],
  [
    "an OpenAPI 3 document without extensions → no warning",
    {
      given: oas3({
        components: { securitySchemes: { b: { type: "http", scheme: "basic" } } },
        security: [{ b: [] }],
      }),
      want: {},
    },
  ],
];

describe("connector definitions for another platform", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const warnings = inferOf(given).warnings;
    expect(warnings.find((w) => w.code === "proxy-connector-definition")?.pointer).toBe(want.proxy);
    expect(warnings.find((w) => w.code === "auth-connector-definition")?.pointer).toBe(want.auth);
  });

  it("names the extension, the chosen auth and what to check", () => {
    const inference = inferOf(cases[0]?.[1].given as Spec);
    const message = inference.warnings.find((w) => w.code === "auth-connector-definition")?.message ?? "";
    expect(message).toContain("x-ms-connector-metadata");
    expect(message).toContain("API_KEY");
    expect(message).toMatch(/OAuth.*vendor's auth docs/);
    const proxy = inference.warnings.find((w) => w.code === "proxy-connector-definition")?.message;
    expect(proxy).toContain("connect.hub-works.io does not carry the vendor's name");
  });

  it("says why the host is the vendor's own where it does not warn", () => {
    const inference = inferOf(swagger2({ ...apiKey, "x-ms-connector-metadata": [] }));
    expect(inference.inferred).toContainEqual({
      what: "x-ms-connector-metadata marks a connector definition for another platform; its host api.acme.io is the vendor's own",
      from: "#/x-ms-connector-metadata",
    });
  });
});
