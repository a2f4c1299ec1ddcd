// How the flow's URLs are read: a relative URL resolves against a concrete server as OpenAPI 3.1
// defines it (recorded, not warned); a templated host and http are one doubt each, whichever URLs
// they touch, in one warning that names them. PKCE, which OpenAPI cannot state, is recorded as not
// checked.
import { describe, expect, it } from "vitest";
import { codeScheme, inferOf, oas3 } from "../spec-helpers.ts";

const oauth = (authorize: string, token: string, servers: unknown[]) =>
  oas3({
    components: { securitySchemes: { o: codeScheme(authorize, token) } },
    security: [{ o: [] }],
    servers,
  });
const authWarnings = (root: ReturnType<typeof oas3>) =>
  inferOf(root).warnings.filter((w) => w.code.startsWith("auth-"));

describe("OAuth URLs", () => {
  it("resolves relative URLs against a concrete server, recording each, with no warning", () => {
    const root = oauth("/oauth/authorize", "/oauth/token", [{ url: "https://api.acme.io" }]);
    const inference = inferOf(root);
    expect(inference.connector.auth_patterns[0]?.oauth_config).toMatchObject({
      authorize_uri: "https://api.acme.io/oauth/authorize",
      token_uri: "https://api.acme.io/oauth/token",
    });
    expect(inference.inferred).toContainEqual({
      what: "token URL /oauth/token resolved against the server: https://api.acme.io/oauth/token",
      from: "#/components/securitySchemes/o/flows/authorizationCode/tokenUrl",
    });
    expect(authWarnings(root)).toEqual([]);
  });

  it("warns once that both URLs depend on the tenant's host, saying they were relative", () => {
    const warnings = authWarnings(
      oauth("/oauth/authorize", "/oauth/token", [{ url: "https://{tenant}.acme.io" }]),
    );
    expect(warnings).toEqual([
      {
        code: "auth-templated-oauth-url",
        message:
          "the authorization URL https://{{domain}}/oauth/authorize and token URL https://{{domain}}/oauth/token depend on each tenant's host (written relative to the templated server); check that Scalekit fills in the host, or write your tenant's URLs",
        pointer: "#/components/securitySchemes/o/flows/authorizationCode/authorizationUrl",
      },
    ]);
  });

  it("warns once about http, naming the URLs it touched", () => {
    const warnings = authWarnings(
      oauth("http://login.acme.io/authorize", "https://login.acme.io/token", [
        { url: "https://api.acme.io" },
      ]),
    );
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      [
        "auth-http-oauth-url",
        "the document writes the authorization URL https://login.acme.io/authorize with http; it became https, so check that it answers there",
      ],
    ]);
  });
});

describe("PKCE", () => {
  it("is not guessed: the report says it was not checked", () => {
    const inference = inferOf(
      oauth("https://a.acme.io/authorize", "https://a.acme.io/token", [{ url: "https://api.acme.io" }]),
    );
    expect(inference.connector.auth_patterns[0]?.oauth_config?.pkce_enabled).toBeUndefined();
    expect(inference.inferred).toContainEqual({
      what: "PKCE not checked: OpenAPI cannot say whether the provider requires it; if it does, add pkce: true to .oauth()",
      from: "#/components/securitySchemes/o",
    });
  });
});
