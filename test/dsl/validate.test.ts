import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { untypedConnector } from "../../dsl/_untyped.ts";
import { build, connector, formatIssues, type Payload, ValidationError, validate } from "../../dsl/index.ts";

const bearer = (): Payload => ({
  display_name: "My API",
  description: "d",
  auth_patterns: [
    {
      type: "BEARER",
      display_name: "Bearer Token",
      description: "x",
      fields: [{ field_name: "token", label: "Token", input_type: "password", required: true }],
    },
  ],
  proxy_url: "https://api.example.com",
  proxy_enabled: true,
});

const oauth = (): Payload => ({
  display_name: "My OAuth",
  auth_patterns: [
    {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "x",
      fields: [],
      oauth_config: {
        authorize_uri: "https://a.example.com/authorize",
        token_uri: "https://a.example.com/token",
      },
    },
  ],
  proxy_url: "https://api.example.com",
});

const credentials = ["token", "api_key", "username", "password"];

type Mutate = (payload: Record<string, unknown> & Payload) => void;
const pattern = (payload: Payload) =>
  payload.auth_patterns[0] as Record<string, unknown> & Payload["auth_patterns"][0];

// [rule, start, change, the JSON path the issue must name]
const broken: [string, () => Payload, Mutate, string][] = [
  ["display_name missing", bearer, (p) => delete (p as Partial<Payload>).display_name, "display_name"],
  ["display_name with a hyphen", bearer, (p) => (p.display_name = "My-API"), "display_name"],
  ["display_name of spaces", bearer, (p) => (p.display_name = "   "), "display_name"],
  ["display_name with a non-ASCII letter", bearer, (p) => (p.display_name = "Café"), "display_name"],
  ["display_name over 200", bearer, (p) => (p.display_name = "a".repeat(201)), "display_name"],
  ["auth_patterns missing", bearer, (p) => delete (p as Partial<Payload>).auth_patterns, "auth_patterns"],
  ["two auth patterns", bearer, (p) => p.auth_patterns.push(pattern(bearer())), "auth_patterns"],
  ["no auth pattern", bearer, (p) => (p.auth_patterns = []), "auth_patterns"],
  ["proxy_url http", bearer, (p) => (p.proxy_url = "http://api.example.com"), "proxy_url"],
  ["proxy_url empty", bearer, (p) => (p.proxy_url = ""), "proxy_url"],
  ["proxy_url too long", bearer, (p) => (p.proxy_url = `https://a.com/${"x".repeat(2048)}`), "proxy_url"],
  ["icon_src http", bearer, (p) => (p.icon_src = "http://cdn.example.com/i.svg"), "icon_src"],
  [
    "metadata over 20 pairs",
    bearer,
    (p) => (p.metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "v"]))),
    "metadata",
  ],
  ["metadata key too short", bearer, (p) => (p.metadata = { ab: "v" }), "metadata.ab"],
  [
    "metadata key too long",
    bearer,
    (p) => (p.metadata = { ["k".repeat(26)]: "v" }),
    `metadata.${"k".repeat(26)}`,
  ],
  ["metadata value empty", bearer, (p) => (p.metadata = { team: "" }), "metadata.team"],
  ["metadata value too long", bearer, (p) => (p.metadata = { team: "v".repeat(257) }), "metadata.team"],
  ["unknown auth type", bearer, (p) => (pattern(p).type = "SAML" as "BEARER"), "auth_patterns[0].type"],
  [
    "NO_AUTH outside MCP",
    bearer,
    (p) => Object.assign(pattern(p), { type: "NO_AUTH", fields: [] }),
    "auth_patterns[0].type",
  ],
  ["BEARER without token", bearer, (p) => (pattern(p).fields = []), "auth_patterns[0].fields"],
  [
    "BASIC without username",
    bearer,
    (p) =>
      Object.assign(pattern(p), {
        type: "BASIC",
        fields: [{ field_name: "password", label: "P", input_type: "password" }],
      }),
    "auth_patterns[0].fields",
  ],
  ["API_KEY without api_key", bearer, (p) => (pattern(p).type = "API_KEY"), "auth_patterns[0].fields"],
  [
    "duplicate field",
    bearer,
    (p) => pattern(p).fields.push({ field_name: "token", label: "T", input_type: "text" }),
    "auth_patterns[0].fields[1].field_name",
  ],
  [
    "duplicate across fields and account_fields",
    oauth,
    (p) =>
      Object.assign(pattern(p), {
        fields: [{ field_name: "t", label: "T", input_type: "text" }],
        account_fields: [{ field_name: "t", label: "T", input_type: "text" }],
      }),
    "auth_patterns[0].account_fields[0].field_name",
  ],
  [
    "select without options",
    bearer,
    (p) => pattern(p).fields.push({ field_name: "r", label: "R", input_type: "select" }),
    "auth_patterns[0].fields[1].options",
  ],
  [
    "unknown input_type",
    bearer,
    (p) => pattern(p).fields.push({ field_name: "r", label: "R", input_type: "date" as "text" }),
    "auth_patterns[0].fields[1].input_type",
  ],
  [
    "field without a name",
    bearer,
    (p) => pattern(p).fields.push({ label: "R", input_type: "text" } as never),
    "auth_patterns[0].fields[1].field_name",
  ],
  [
    "oauth_config on BEARER",
    bearer,
    (p) => (pattern(p).oauth_config = { token_uri: "https://x" }),
    "auth_patterns[0].oauth_config",
  ],
  [
    "OAuth without token_uri",
    oauth,
    (p) => delete pattern(p).oauth_config?.token_uri,
    "auth_patterns[0].oauth_config.token_uri",
  ],
  [
    "OAuth with http authorize_uri",
    oauth,
    (p) => (pattern(p).oauth_config!.authorize_uri = "http://a.example.com/a"),
    "auth_patterns[0].oauth_config.authorize_uri",
  ],
  [
    "duplicate scope",
    oauth,
    (p) => (pattern(p).oauth_config!.available_scopes = [{ scope: "read" }, { scope: "read" }]),
    "auth_patterns[0].oauth_config.available_scopes[1].scope",
  ],
  [
    "MCP OAuth with URIs",
    oauth,
    (p) => Object.assign(pattern(p), { is_mcp: true }),
    "auth_patterns[0].oauth_config.authorize_uri",
  ],
  [
    "MCP OAuth with scopes",
    oauth,
    (p) =>
      Object.assign(pattern(p), {
        is_mcp: true,
        oauth_config: { pkce_enabled: true, available_scopes: [{ scope: "a" }] },
      }),
    "auth_patterns[0].oauth_config.available_scopes",
  ],
  [
    "MCP OAuth without PKCE",
    oauth,
    (p) => Object.assign(pattern(p), { is_mcp: true, oauth_config: {} }),
    "auth_patterns[0].oauth_config.pkce_enabled",
  ],
  [
    "mutation on a missing credential",
    bearer,
    (p) => (pattern(p).auth_field_mutations = { api_key: { prefix: "x" } }),
    "auth_patterns[0].auth_field_mutations.api_key",
  ],
  [
    "mutation with a number",
    bearer,
    (p) => (pattern(p).auth_field_mutations = { token: { prefix: 1 as never } }),
    "auth_patterns[0].auth_field_mutations.token",
  ],
  [
    "header override with a space",
    bearer,
    (p) => (pattern(p).auth_header_key_override = "X Api Key"),
    "auth_patterns[0].auth_header_key_override",
  ],
  [
    "static placeholder without a field",
    bearer,
    (p) => (p.proxy_url = "https://{{domain}}/api"),
    "proxy_url",
  ],
  [
    "OAuth placeholder from a plain field",
    oauth,
    (p) => {
      p.proxy_url = "https://{{tenant}}.example.com";
      pattern(p).fields = [{ field_name: "tenant", label: "T", input_type: "text" }];
    },
    "proxy_url",
  ],
];

describe("validate() finds each broken rule, with its path and a fix", () => {
  it.each(broken)("%s", (_rule, start, change, path) => {
    const payload = start();
    expect(validate(payload)).toEqual([]);
    change(payload as Record<string, unknown> & Payload);
    const issues = validate(payload);
    expect(issues.map((issue) => issue.path)).toContain(path);
    for (const issue of issues) expect(issue.fix.length).toBeGreaterThan(0);
  });
});

describe("validate() accepts what the server accepts", () => {
  it.each([
    ["a templated static URL", { ...bearer(), proxy_url: "https://{{token}}.example.com" }],
    [
      "an OAuth account field placeholder",
      {
        ...oauth(),
        proxy_url: "https://{{t}}.x.com",
        auth_patterns: [
          {
            ...pattern(oauth()),
            account_fields: [{ field_name: "t", label: "T", input_type: "text" as const }],
          },
        ],
      },
    ],
    [
      "JSON nulls the API serves",
      {
        ...bearer(),
        icon_src: null,
        metadata: null,
        auth_patterns: [{ ...pattern(bearer()), account_fields: null, oauth_config: null }],
      },
    ],
    [
      "unknown keys inside a pattern",
      { ...bearer(), auth_patterns: [{ ...pattern(bearer()), allowed_proxy_domains: ["a.example.com"] }] },
    ],
    [
      "an empty icon and header override",
      { ...bearer(), icon_src: "", auth_patterns: [{ ...pattern(bearer()), auth_header_key_override: "" }] },
    ],
    [
      "metadata at its limits",
      {
        ...bearer(),
        metadata: Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [
            `k${String(i).padStart(2, "0")}${"x".repeat(21)}`,
            "v".repeat(256),
          ]),
        ),
      },
    ],
  ])("%s", (_name, payload) => {
    expect(validate(payload)).toEqual([]);
  });

  it("every connector the DSL can build from valid inputs", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/).filter((w) => !credentials.includes(w));
    const text = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,30}$/),
        fc.constantFrom("oauth", "basic", "bearer", "apiKey", "mcpOAuth", "mcpNoAuth"),
        fc.uniqueArray(word, { maxLength: 4 }),
        fc.uniqueArray(fc.tuple(word, text), { maxLength: 4, selector: ([scope]) => scope }),
        text,
        (name, kind, fields, scopes, description) => {
          let c = untypedConnector(name).description(description);
          if (kind.startsWith("mcp")) c = c.mcp();
          if (kind === "oauth") {
            c = c.oauth({ authorizeUri: "https://a.example.com/a", tokenUri: "https://a.example.com/t" });
            for (const field of fields) c = c.accountField(field);
            for (const [scope, about] of scopes) c = c.scope(scope, { description: about });
          } else {
            for (const field of fields) c = c.field(field);
            c = kind === "mcpOAuth" ? c.oauth() : kind === "mcpNoAuth" ? c.noAuth() : c[kind]();
          }
          const placeholders = kind === "mcpOAuth" ? "" : fields.map((f) => `{{${f}}}`).join("/");
          expect(validate(c.proxy(`https://api.example.com/${placeholders}`).payload())).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("build()", () => {
  it("throws one ValidationError listing every problem", () => {
    const c = connector("A")
      .bearer()
      .proxy("https://{{domain}}/x" as "https://x");
    expect(() => build(c)).toThrow(ValidationError);
    try {
      build(c);
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(["proxy_url"]);
      expect((error as Error).message).toContain('add a field "domain"');
    }
  });

  it("formats issues with path and fix", () => {
    const text = formatIssues(validate({ ...bearer(), display_name: "My-API" }), "connectors/a.ts");
    expect(text).toBe(
      '✖ connectors/a.ts: display_name: display_name "My-API" may contain only letters, digits and spaces\n  → use "My API"',
    );
  });
});
