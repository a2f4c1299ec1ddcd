// The verify request the generator proposes: a GET that needs the chosen credential and no other
// input, not marked deprecated, beta or premium, an identity endpoint first, else the cheapest
// list, its path relative to proxy_url; when none fits, the report counts why.
import { describe, expect, it } from "vitest";
import { inferOf, oas3, type Spec } from "../spec-helpers.ts";

const ok = { responses: { "200": { description: "ok" } } };
const schemes = {
  securitySchemes: {
    key: { type: "apiKey", in: "header", name: "X-Key" },
    other: { type: "http", scheme: "basic" },
  },
};
const spec = (paths: Spec, parts: Spec = {}) =>
  oas3({ components: schemes, security: [{ key: [] }], paths, ...parts });
const verifyOf = (root: Spec, options = {}) => inferOf(root, options).verify;

const cases: [string, { paths: Spec; parts?: Spec; want: string | undefined }][] = [
  [
    "an identity endpoint before a list",
    { paths: { "/things": { get: ok }, "/users/me": { get: ok } }, want: "GET /users/me" },
  ],
  [
    "a bare noun counts only as the whole path: /v2/account, not /meta/types/user",
    {
      paths: { "/meta/types/user": { get: ok }, "/v2/account": { get: ok }, "/things": { get: ok } },
      want: "GET /v2/account",
    },
  ],
  [
    "an identity endpoint judged by its text",
    {
      paths: {
        "/things": { get: ok },
        "/session": { get: { ...ok, summary: "Get the authenticated user" } },
      },
      want: "GET /session",
    },
  ],
  [
    "else the cheapest list, one item when it pages",
    {
      paths: {
        "/things/archived": { get: ok },
        "/things": {
          get: { ...ok, parameters: [{ name: "per_page", in: "query", schema: { type: "integer" } }] },
        },
      },
      want: "GET /things?per_page=1",
    },
  ],
  [
    "not one with a required parameter or a path parameter",
    {
      paths: {
        "/me": { get: { ...ok, parameters: [{ name: "fields", in: "query", required: true }] } },
        "/things/{id}": { get: ok },
        "/widgets": { get: ok },
      },
      want: "GET /widgets",
    },
  ],
  [
    "not one that also allows anonymous calls, another scheme, a deprecated one or a health check",
    {
      paths: {
        "/me": { get: { ...ok, security: [{ key: [] }, {}] } },
        "/account": { get: { ...ok, security: [{ other: [] }] } },
        "/user": { get: { ...ok, deprecated: true } },
        "/health": { get: ok },
        "/things": { get: ok },
      },
      want: "GET /things",
    },
  ],
  [
    "a header the connector sends itself does not count as input",
    {
      paths: { "/me": { get: { ...ok, parameters: [{ name: "x-key", in: "header", required: true }] } } },
      want: "GET /me",
    },
  ],
  [
    "not one the document marks beta, preview, premium or experimental, by an extension or in its text",
    {
      paths: {
        "/me": { get: { ...ok, "x-beta": true } },
        "/user": { get: { ...ok, "x-release-status": "BETA" } },
        "/account": { get: { ...ok, "x-api-annotation": { status: "Preview" } } },
        "/profile": { get: { ...ok, description: "This is an experimental method." } },
        "/whoami": { get: { ...ok, summary: "Who am I (Premium plans)" } },
        "/things": { get: { ...ok, "x-beta": false } },
      },
      want: "GET /things",
    },
  ],
  ["nothing when no GET qualifies", { paths: { "/things": { post: ok } }, want: undefined }],
];

describe("the proposed verify request", () => {
  it.each(cases)("%s", (_name, { paths, parts, want }) => {
    expect(verifyOf(spec(paths, parts))).toBe(want);
  });

  it("carries a required header the connector does not send, at the value the document gives", () => {
    const header = (extra: Spec) => ({ name: "Acme-Version", in: "header", required: true, ...extra });
    const me = (extra: Spec) => ({
      "/me": { get: { ...ok, parameters: [header(extra)] } },
      "/things": { get: ok },
    });
    const withDefault = inferOf(spec(me({ schema: { type: "string", default: "2024-01-01" } })));
    expect([withDefault.verify, withDefault.verifyHeaders]).toEqual([
      "GET /me",
      { "Acme-Version": "2024-01-01" },
    ]);
    expect(withDefault.inferred.find((e) => e.what.startsWith("verify request"))?.what).toContain(
      "with the required header Acme-Version at the document's value",
    );
    // one allowed value is the value; a stand-in or no value at all is input the request lacks
    expect(inferOf(spec(me({ schema: { enum: ["v2"] } }))).verifyHeaders).toEqual({ "Acme-Version": "v2" });
    expect(inferOf(spec(me({ example: "YOUR_VERSION" }))).verify).toBe("GET /things");
    expect(inferOf(spec(me({})))).toMatchObject({ verify: "GET /things" });
    expect(inferOf(spec(me({}))).verifyHeaders).toBeUndefined();
  });

  it("does not count the credential's own header as input, nor carry it", () => {
    const bearer = oas3({
      components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
      security: [{ b: [] }],
      paths: {
        "/me": { get: { ...ok, parameters: [{ name: "Authorization", in: "header", required: true }] } },
      },
    });
    expect([inferOf(bearer).verify, inferOf(bearer).verifyHeaders]).toEqual(["GET /me", undefined]);
  });

  it("is relative to proxy_url: a base the server gives is not repeated", () => {
    const paths = { "/me": { get: ok } };
    const v2 = { servers: [{ url: "https://api.acme.io/v2" }] };
    expect(verifyOf(spec(paths, v2))).toBe("GET /me");
    // --proxy-url without the server's /v2 keeps it in the request, and with it does not repeat it
    expect(verifyOf(spec(paths, v2), { proxyUrl: "https://api.acme.io" })).toBe("GET /v2/me");
    expect(verifyOf(spec(paths, v2), { proxyUrl: "https://api.acme.io/v2" })).toBe("GET /me");
    // operation paths that carry the version themselves, with proxy_url holding it
    const versioned = { "/v2/me": { get: ok } };
    expect(verifyOf(spec(versioned), { proxyUrl: "https://api.acme.io/v2" })).toBe("GET /me");
  });

  it("is recorded among the inferences with the operation's pointer", () => {
    const inference = inferOf(spec({ "/users/me": { get: ok } }));
    expect(inference.inferred).toContainEqual({
      what: "verify request GET /users/me: an identity or account endpoint that needs the credential and no other input",
      from: "#/paths/~1users~1me/get",
    });
  });

  it("says in the inferences when there is none, and why, counting each reason", () => {
    const none = (paths: Spec) =>
      inferOf(spec(paths)).inferred.find((e) => e.what.startsWith("no verify request"));
    expect(none({ "/things": { post: ok } })).toEqual({
      what: "no verify request: no GET operation needs only the chosen credential (the document has no GET operation); declare one with .verify(), or pass sync verify --request",
      from: "#/paths",
    });
    const why = none({
      "/things/{id}": { get: ok },
      "/widgets/{id}": { get: ok },
      "/search": { get: { ...ok, parameters: [{ name: "q", in: "query", required: true }] } },
      "/beta": { get: { ...ok, "x-beta": true } },
      "/open": { get: { ...ok, security: [{}] } },
    })?.what;
    expect(why).toContain(
      "(of 5 GET operations, 2 need a path parameter, 1 requires other input, 1 is marked beta, 1 is open to anonymous callers or takes another credential)",
    );
  });

  it("where no operation states security, any GET without input serves the assumed auth", () => {
    const root = oas3({
      components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } } },
      paths: { "/me": { get: ok } },
    });
    expect(verifyOf(root)).toBe("GET /me");
  });
});
