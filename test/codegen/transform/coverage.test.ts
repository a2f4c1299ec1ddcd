// A scheme that secures a sliver of the operations does not beat one that secures most of them,
// whatever its kind; the report says each candidate's coverage.
import { describe, expect, it } from "vitest";
import { authOf, codeScheme, inferOf, oas3, type Spec } from "../spec-helpers.ts";

/** `count` GET operations, the first `oauthOn` of them requiring OAuth, the rest the bearer scheme. */
function spec(count: number, oauthOn: number): Spec {
  const paths: Spec = {};
  for (let i = 0; i < count; i += 1) {
    const security = i < oauthOn ? [{ o: ["read"] }] : [{ pat: [] }];
    paths[`/things${i}`] = { get: { security, responses: { "200": { description: "ok" } } } };
  }
  return oas3({
    components: {
      securitySchemes: {
        pat: { type: "http", scheme: "bearer" },
        o: codeScheme("https://demo.auth.acme.io/authorize", "https://demo.auth.acme.io/token"),
      },
    },
    paths,
  });
}

const whats = (root: Spec) => inferOf(root).inferred.map((entry) => entry.what);

describe("weighing schemes by the operations they secure", () => {
  it("a bearer token on most operations beats OAuth on a sliver, and says why", () => {
    const root = spec(60, 3);
    expect(authOf(inferOf(root)).type).toBe("BEARER");
    expect(whats(root)).toContain("auth BEARER (pat), accepted by 57 of 60 operations");
    expect(whats(root)).toContain(
      "alternative auth OAUTH (o, authorizationCode), accepted by 3 of 60 operations (passed over: it secures a sliver of them)",
    );
  });

  it("OAuth on a minority that is more than a sliver still comes first", () => {
    const root = spec(60, 12);
    expect(authOf(inferOf(root)).type).toBe("OAUTH");
    expect(whats(root)).toContain("alternative auth BEARER (pat), accepted by 48 of 60 operations");
  });

  it("a scheme alone on few operations is no sliver: nothing secures more", () => {
    const root = oas3({
      components: { securitySchemes: { o: codeScheme("https://a.io/auth", "https://a.io/token") } },
      paths: {
        "/a": { get: { security: [{ o: [] }], responses: {} } },
        ...Object.fromEntries(
          Array.from({ length: 30 }, (_, i) => [`/open${i}`, { get: { responses: {} } }]),
        ),
      },
    });
    expect(authOf(inferOf(root)).type).toBe("OAUTH");
  });
});
