// Security schemes and requirements → the connector's auth, one row per rule.
import { describe, expect, it } from "vitest";
import { headerFieldName } from "../../../scripts/codegen/assemble.ts";
import { authOf, codeScheme, codesOf, inferOf, oas3, type Spec, swagger2 } from "../spec-helpers.ts";

interface Want {
  type: string;
  header?: string;
  prefix?: string | undefined;
  authorize?: string;
  token?: string;
  /** Warning codes that must be present. */
  warnings?: string[];
}

const code = codeScheme;
const schemes = (securitySchemes: Spec, security?: Spec[]) =>
  oas3({ components: { securitySchemes }, ...(security && { security }) });

const cases: [string, { given: Spec; want: Want }][] = [
  [
    "oauth2 authorizationCode → OAUTH with its URLs",
    {
      given: schemes({ o: code("https://id.acme.io/authorize", "https://id.acme.io/token") }, [{ o: [] }]),
      want: { type: "OAUTH", authorize: "https://id.acme.io/authorize", token: "https://id.acme.io/token" },
    },
  ],
  [
    "relative OAuth URLs resolve against the server",
    {
      given: schemes({ o: code("/oauth/authorize", "/oauth/token") }, [{ o: [] }]),
      want: {
        type: "OAUTH",
        authorize: "https://api.acme.io/oauth/authorize",
        token: "https://api.acme.io/oauth/token",
      },
    },
  ],
  [
    "user-authorised OAuth before a long-lived token",
    {
      given: schemes(
        { pat: { type: "http", scheme: "bearer" }, o: code("https://a.io/auth", "https://a.io/token") },
        [{ pat: [] }, { o: [] }],
      ),
      want: { type: "OAUTH", authorize: "https://a.io/auth" },
    },
  ],
  [
    "a scheme operations use before one they never use",
    {
      given: schemes(
        { pat: { type: "http", scheme: "bearer" }, o: code("https://a.io/auth", "https://a.io/token") },
        [{ pat: [] }],
      ),
      want: { type: "BEARER" },
    },
  ],
  [
    "http bearer → BEARER",
    { given: schemes({ b: { type: "http", scheme: "bearer" } }, [{ b: [] }]), want: { type: "BEARER" } },
  ],
  [
    "http basic → BASIC",
    { given: schemes({ b: { type: "http", scheme: "basic" } }, [{ b: [] }]), want: { type: "BASIC" } },
  ],
  [
    "apiKey in Authorization with a stated prefix → API_KEY with a prefix mutation",
    {
      given: schemes(
        {
          k: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "Send `Authorization: SSWS {API Token}`",
          },
        },
        [{ k: [] }],
      ),
      want: { type: "API_KEY", prefix: "SSWS " },
    },
  ],
  [
    'apiKey in Authorization prefixed "Bearer " → BEARER',
    {
      given: schemes(
        {
          k: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "Prefix your token with 'Bearer '",
          },
        },
        [{ k: [] }],
      ),
      want: { type: "BEARER" },
    },
  ],
  [
    "apiKey in Authorization with no stated format → API_KEY and a warning",
    {
      given: schemes({ k: { type: "apiKey", in: "header", name: "Authorization" } }, [{ k: [] }]),
      want: { type: "API_KEY", warnings: ["auth-raw-authorization"] },
    },
  ],
  [
    "apiKey in another header → API_KEY with auth_header_key_override",
    {
      given: schemes({ k: { type: "apiKey", in: "header", name: "X-Api-Key" } }, [{ k: [] }]),
      want: { type: "API_KEY", header: "X-Api-Key" },
    },
  ],
  [
    "apiKey in the query → API_KEY and a warning",
    {
      given: schemes({ k: { type: "apiKey", in: "query", name: "key" } }, [{ k: [] }]),
      want: { type: "API_KEY", warnings: ["auth-key-not-in-header"] },
    },
  ],
  [
    "a header key before a query key",
    {
      given: schemes(
        {
          q: { type: "apiKey", in: "query", name: "key" },
          h: { type: "apiKey", in: "header", name: "X-Key" },
        },
        [{ q: [] }, { h: [] }],
      ),
      want: { type: "API_KEY", header: "X-Key" },
    },
  ],
  [
    "clientCredentials only → BEARER and a warning",
    {
      given: schemes(
        {
          cc: {
            type: "oauth2",
            flows: { clientCredentials: { tokenUrl: "https://a.io/token", scopes: {} } },
          },
        },
        [{ cc: [] }],
      ),
      want: { type: "BEARER", warnings: ["auth-client-credentials"] },
    },
  ],
  [
    "implicit only → OAUTH with a guessed token URL and a warning",
    {
      given: schemes(
        {
          i: {
            type: "oauth2",
            flows: { implicit: { authorizationUrl: "https://a.io/oauth/authorize", scopes: {} } },
          },
        },
        [{ i: [] }],
      ),
      want: { type: "OAUTH", token: "https://a.io/oauth/token", warnings: ["auth-guessed-token-url"] },
    },
  ],
  [
    "openIdConnect → BEARER and a warning naming the discovery URL",
    {
      given: schemes(
        {
          oidc: { type: "openIdConnect", openIdConnectUrl: "https://a.io/.well-known/openid-configuration" },
        },
        [{ oidc: [] }],
      ),
      want: { type: "BEARER", warnings: ["auth-openid-connect"] },
    },
  ],
  [
    "a bearer token from an undescribed OAuth flow ranks below basic",
    {
      given: schemes(
        {
          oauth2: {
            type: "http",
            scheme: "bearer",
            description: "An access token issued through an OAuth flow",
          },
          key: { type: "http", scheme: "basic" },
        },
        [{ oauth2: [] }, { key: [] }],
      ),
      want: { type: "BASIC" },
    },
  ],
  [
    "keys required together: the secret one is the credential, the other a header field",
    {
      given: schemes(
        {
          app: { type: "apiKey", in: "header", name: "X-App-Id" },
          key: { type: "apiKey", in: "header", name: "X-Api-Key" },
        },
        [{ app: [], key: [] }],
      ),
      want: { type: "API_KEY", header: "X-Api-Key" },
    },
  ],
  [
    "a custom HTTP scheme word → API_KEY with that prefix",
    {
      given: schemes({ t: { type: "http", scheme: "Token" } }, [{ t: [] }]),
      want: { type: "API_KEY", prefix: "Token " },
    },
  ],
  [
    "Swagger 2.0 accessCode → OAUTH",
    {
      given: swagger2({
        securityDefinitions: {
          o: {
            type: "oauth2",
            flow: "accessCode",
            authorizationUrl: "https://a.io/auth",
            tokenUrl: "https://a.io/token",
            scopes: {},
          },
        },
        security: [{ o: [] }],
      }),
      want: { type: "OAUTH", authorize: "https://a.io/auth", token: "https://a.io/token" },
    },
  ],
  [
    "Swagger 2.0 basic → BASIC",
    {
      given: swagger2({ securityDefinitions: { b: { type: "basic" } }, security: [{ b: [] }] }),
      want: { type: "BASIC" },
    },
  ],
  [
    "a requirement naming an undeclared scheme → warning",
    {
      given: schemes({ b: { type: "http", scheme: "bearer" } }, [{ b: [] }, { ghost: [] }]),
      want: { type: "BEARER", warnings: ["auth-undefined-scheme"] },
    },
  ],
  [
    "a declared scheme no operation requires → warning",
    {
      given: schemes({ b: { type: "http", scheme: "basic" } }),
      want: { type: "BASIC", warnings: ["auth-unused-scheme"] },
    },
  ],
  [
    "a key in Authorization whose format the API's description gives → that format, with a warning",
    {
      given: oas3({
        info: {
          title: "Acme",
          version: "1",
          description: "Every request sends the header `Authorization: Bearer YOUR_API_KEY`.",
        },
        components: { securitySchemes: { k: { type: "apiKey", in: "header", name: "Authorization" } } },
        security: [{ k: [] }],
      }),
      want: { type: "BEARER", warnings: ["auth-format-from-text"] },
    },
  ],
  [
    "a key whose format its header parameter's description gives → that prefix, with a warning",
    {
      given: oas3({
        components: { securitySchemes: { k: { type: "apiKey", in: "header", name: "Authorization" } } },
        security: [{ k: [] }],
        paths: {
          "/things": {
            get: {
              parameters: [
                { name: "Authorization", in: "header", description: "Token token=<API_KEY>", schema: {} },
              ],
              responses: { "200": { description: "ok" } },
            },
          },
        },
      }),
      want: { type: "API_KEY", prefix: "Token token=", warnings: ["auth-format-from-text"] },
    },
  ],
  [
    "the API's description setting the header to a value → that prefix, with a warning",
    {
      given: oas3({
        info: {
          title: "Acme",
          version: "1",
          description: "Set the `Authorization` header to `Acme-Key your-private-key` on every call.",
        },
        components: { securitySchemes: { k: { type: "apiKey", in: "header", name: "Authorization" } } },
        security: [{ k: [] }],
      }),
      want: { type: "API_KEY", prefix: "Acme-Key ", warnings: ["auth-format-from-text"] },
    },
  ],
  [
    "a code span in the API's description that does not name the header is no format",
    {
      given: oas3({
        info: { title: "Acme", version: "1", description: "Filter with `customerNumber{number}`." },
        components: { securitySchemes: { k: { type: "apiKey", in: "header", name: "Authorization" } } },
        security: [{ k: [] }],
      }),
      want: { type: "API_KEY", prefix: undefined, warnings: ["auth-raw-authorization"] },
    },
  ],
  [
    "a scheme description written in HTML: Bearer &lt;token&gt; → BEARER",
    {
      given: schemes(
        {
          k: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "Enter it as <b>Bearer &lt;token&gt;</b>",
          },
        },
        [{ k: [] }],
      ),
      want: { type: "BEARER" },
    },
  ],
  [
    "an implicit flow takes the token URL of another flow of its scheme",
    {
      given: schemes(
        {
          o: {
            type: "oauth2",
            flows: {
              implicit: { authorizationUrl: "https://id.acme.io/oauth/authorize", scopes: {} },
              password: { tokenUrl: "https://id.acme.io/oauth/grant", scopes: {} },
            },
          },
        },
        [{ o: [] }],
      ),
      want: {
        type: "OAUTH",
        authorize: "https://id.acme.io/oauth/authorize",
        token: "https://id.acme.io/oauth/grant",
        warnings: ["auth-guessed-token-url"],
      },
    },
  ],
  [
    "an implicit flow takes a token URL on its host that the document's text names",
    {
      given: oas3({
        info: {
          title: "Acme",
          version: "1",
          description: "Exchange the code at https://id.acme.io/oauth/access_token, then call the API.",
        },
        components: {
          securitySchemes: {
            o: {
              type: "oauth2",
              flows: { implicit: { authorizationUrl: "https://id.acme.io/oauth/dialog", scopes: {} } },
            },
          },
        },
        security: [{ o: [] }],
      }),
      want: {
        type: "OAUTH",
        token: "https://id.acme.io/oauth/access_token",
        warnings: ["auth-guessed-token-url"],
      },
    },
  ],
  [
    "OAuth URLs lose the parameters their requests define, and keep the rest",
    {
      given: schemes(
        {
          o: code(
            "https://id.acme.io/authorize?response_type=code&client_id={client_id}&audience=api.acme.io",
            "https://id.acme.io/token?grant_type=authorization_code",
          ),
        },
        [{ o: [] }],
      ),
      want: {
        type: "OAUTH",
        authorize: "https://id.acme.io/authorize?audience=api.acme.io",
        token: "https://id.acme.io/token",
      },
    },
  ],
  [
    "a sandbox OAuth scheme listed first → the production one",
    {
      given: schemes(
        {
          sb: code("https://sandbox.acme.io/oauth/authorize", "https://sandbox.acme.io/oauth/token"),
          live: code("https://acme.io/oauth/authorize", "https://acme.io/oauth/token"),
        },
        [{ sb: [] }, { live: [] }],
      ),
      want: { type: "OAUTH", authorize: "https://acme.io/oauth/authorize" },
    },
  ],
  [
    "an OAuth scheme named for a sandbox comes after the production one",
    {
      given: schemes(
        {
          oauth_sandbox: code("https://id.acme.io/sb/authorize", "https://id.acme.io/sb/token"),
          oauth: code("https://id.acme.io/authorize", "https://id.acme.io/token"),
        },
        [{ oauth_sandbox: [] }, { oauth: [] }],
      ),
      want: { type: "OAUTH", authorize: "https://id.acme.io/authorize" },
    },
  ],
  [
    "only sandbox OAuth endpoints → kept, with a warning",
    {
      given: schemes({ sb: code("https://sandbox.acme.io/authorize", "https://sandbox.acme.io/token") }, [
        { sb: [] },
      ]),
      want: { type: "OAUTH", warnings: ["auth-test-server"] },
    },
  ],
  [
    "an implicit flow takes an OAuth token URL the text names on another host of its site",
    {
      given: oas3({
        info: {
          title: "Acme",
          version: "1",
          description:
            "Docs: https://docs.acme.io/guides/token. Tokens come from https://api.acme.io/oauth2/token.",
        },
        components: {
          securitySchemes: {
            o: {
              type: "oauth2",
              flows: { implicit: { authorizationUrl: "https://account.acme.io/authorize", scopes: {} } },
            },
          },
        },
        security: [{ o: [] }],
      }),
      want: {
        type: "OAUTH",
        token: "https://api.acme.io/oauth2/token",
        warnings: ["auth-guessed-token-url"],
      },
    },
  ],
];

describe("auth inference", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const inference = inferOf(given);
    const { warnings, ...auth } = want;
    expect(authOf(inference)).toMatchObject(auth);
    for (const code of warnings ?? []) expect(codesOf(inference)).toContain(code);
  });

  it("lists the schemes it did not choose as alternatives", () => {
    const inference = inferOf(cases[2]?.[1].given as Spec);
    expect(inference.inferred.map((i) => i.what)).toContainEqual(
      expect.stringMatching(/^alternative auth BEARER \(pat\)/),
    );
  });

  it("keeps the flow's scopes with descriptions, marks globally required ones, adds undeclared ones", () => {
    const spec = schemes(
      { o: code("https://a.io/auth", "https://a.io/token", { read: "Read things", write: "Write things" }) },
      [{ o: ["read"] }],
    );
    (spec.paths as Spec)["/things"] = { get: { security: [{ o: ["admin"] }], responses: {} } };
    const inference = inferOf(spec);
    expect(inference.connector.auth_patterns[0]?.oauth_config?.available_scopes).toEqual([
      { scope: "read", display_name: "read", description: "Read things", required: false },
      { scope: "write", display_name: "write", description: "Write things", required: false },
      { scope: "admin", display_name: "admin", required: false },
    ]);
    // the operations' own requirements name it: recorded, not warned
    expect(inference.inferred).toContainEqual({
      what: 'scopes admin: required by operations, not declared by "o"; added',
      from: "#/paths/~1things/get/security/0",
    });
    expect(codesOf(inference).filter((c) => c.startsWith("auth-"))).toEqual([]);
    const global = inferOf(
      schemes({ o: code("https://a.io/auth", "https://a.io/token", { read: "Read" }) }, [{ o: ["read"] }]),
    );
    expect(global.connector.auth_patterns[0]?.oauth_config?.available_scopes?.[0]?.required).toBe(true);
  });

  it.each([
    ["X-App-Id", "app_id"],
    ["ApiIntegrationCode", "api_integration_code"],
    ["UserName", "user_name"],
    ["X-AgreementGrantToken", "agreement_grant_token"],
    ["XMLHttp-Key", "xml_http_key"],
    ["DD-APPLICATION-KEY", "dd_application_key"],
    ["--", "header"],
  ])("names the field for header %s %s", (header, want) => {
    expect(headerFieldName(header)).toBe(want);
  });

  it("sends a companion key as its own header field", () => {
    const inference = inferOf(cases[16]?.[1].given as Spec);
    expect(inference.connector.auth_patterns[0]?.fields).toContainEqual(
      expect.objectContaining({ field_name: "app_id", header_name: "X-App-Id" }),
    );
  });
});
