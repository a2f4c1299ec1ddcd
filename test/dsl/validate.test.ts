import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { untypedConnector } from "../../dsl/_untyped.ts";
import { build, connector, formatIssues, type Payload, ValidationError, validate } from "../../dsl/index.ts";
import { freshdesk } from "./fixtures.ts";

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
  proxy_enabled: false,
});

const credentials = ["token", "api_key", "username", "password"];

const mcpNoAuth = (): Payload => ({
  display_name: "Docs MCP",
  auth_patterns: [{ type: "NO_AUTH", display_name: "No Auth", description: "", is_mcp: true, fields: [] }],
  proxy_url: "https://mcp.example.com",
  proxy_enabled: true,
});

const field = (p: Payload, index = 0) => pattern(p).fields[index] as Record<string, unknown>;

type Mutate = (payload: Record<string, unknown> & Payload) => void;
const pattern = (payload: Payload) =>
  payload.auth_patterns[0] as Record<string, unknown> & Payload["auth_patterns"][0];
const oauthConfig = (payload: Payload) => pattern(payload).oauth_config as Record<string, unknown>;

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
    "auth_patterns[0].auth_field_mutations.token.prefix",
  ],
  [
    "header override with a space",
    bearer,
    (p) => (pattern(p).auth_header_key_override = "X Api Key"),
    "auth_patterns[0].auth_header_key_override",
  ],
  [
    "a mutation of the absent password without a default",
    freshdesk,
    (p) => (pattern(p).auth_field_mutations = { password: { suffix: "x" } }),
    "auth_patterns[0].auth_field_mutations.password",
  ],
  [
    "is_mcp as a string",
    bearer,
    (p) => Object.assign(pattern(p), { is_mcp: "true" }),
    "auth_patterns[0].is_mcp",
  ],
  ["required as a string", bearer, (p) => (field(p).required = "yes"), "auth_patterns[0].fields[0].required"],
  ["label as a number", bearer, (p) => (field(p).label = 42), "auth_patterns[0].fields[0].label"],
  [
    "is_path_param as a string",
    bearer,
    (p) => (field(p).is_path_param = "yes"),
    "auth_patterns[0].fields[0].is_path_param",
  ],
  [
    "pkce_enabled as a string",
    oauth,
    (p) => Object.assign(pattern(p).oauth_config!, { pkce_enabled: "yes" }),
    "auth_patterns[0].oauth_config.pkce_enabled",
  ],
  [
    "a scope's required as a string",
    oauth,
    (p) =>
      (pattern(p).oauth_config!.available_scopes = [
        { scope: "read", display_name: "Read", required: "true" as never },
      ]),
    "auth_patterns[0].oauth_config.available_scopes[0].required",
  ],
  [
    "an option's default as a string",
    bearer,
    (p) =>
      pattern(p).fields.push({
        field_name: "region",
        label: "Region",
        input_type: "select",
        options: [{ value: "eu", default: "true" as never }],
      }),
    "auth_patterns[0].fields[1].options[0].default",
  ],
  [
    "a misspelt pattern key",
    bearer,
    (p) => Object.assign(pattern(p), { is_mpc: true }),
    "auth_patterns[0].is_mpc",
  ],
  [
    "an unknown key inside a pattern",
    bearer,
    (p) => Object.assign(pattern(p), { allowed_proxy_domains: ["a.example.com"] }),
    "auth_patterns[0].allowed_proxy_domains",
  ],
  [
    "a misspelt field key",
    bearer,
    (p) => (field(p).is_path_parm = true),
    "auth_patterns[0].fields[0].is_path_parm",
  ],
  ["an unknown top-level key", bearer, (p) => Object.assign(p, { proxy: "x" }), "proxy"],
  ["a field without a label", bearer, (p) => delete field(p).label, "auth_patterns[0].fields[0].label"],
  [
    "a field without input_type",
    bearer,
    (p) => delete field(p).input_type,
    "auth_patterns[0].fields[0].input_type",
  ],
  [
    "a pattern without display_name",
    bearer,
    (p) => delete (pattern(p) as Record<string, unknown>).display_name,
    "auth_patterns[0].display_name",
  ],
  [
    "a scope without display_name",
    oauth,
    (p) => (pattern(p).oauth_config!.available_scopes = [{ scope: "read" }]),
    "auth_patterns[0].oauth_config.available_scopes[0].display_name",
  ],
  [
    "options on a text field",
    bearer,
    (p) =>
      pattern(p).fields.push({ field_name: "r", label: "R", input_type: "text", options: [{ value: "a" }] }),
    "auth_patterns[0].fields[1].options",
  ],
  [
    "a credential as a select",
    bearer,
    (p) => Object.assign(field(p), { input_type: "select", options: [{ value: "a" }] }),
    "auth_patterns[0].fields[0].input_type",
  ],
  [
    "account_fields on a static pattern",
    bearer,
    (p) => (pattern(p).account_fields = [{ field_name: "t", label: "T", input_type: "text" }]),
    "auth_patterns[0].account_fields",
  ],
  [
    "BASIC's password apart from its username",
    freshdesk,
    (p) => pattern(p).fields.unshift({ field_name: "password", label: "P", input_type: "password" }),
    "auth_patterns[0].fields",
  ],
  [
    "MCP OAuth with allow_use_scalekit_credentials",
    oauth,
    (p) =>
      Object.assign(pattern(p), {
        is_mcp: true,
        oauth_config: { pkce_enabled: true, allow_use_scalekit_credentials: true },
      }),
    "auth_patterns[0].oauth_config.allow_use_scalekit_credentials",
  ],
  [
    "NO_AUTH MCP with fields",
    mcpNoAuth,
    (p) => pattern(p).fields.push({ field_name: "x", label: "X", input_type: "text" }),
    "auth_patterns[0].fields",
  ],
  [
    "NO_AUTH MCP with a header override",
    mcpNoAuth,
    (p) => (pattern(p).auth_header_key_override = "X-Key"),
    "auth_patterns[0].auth_header_key_override",
  ],
  ["proxy_enabled missing", bearer, (p) => delete (p as Partial<Payload>).proxy_enabled, "proxy_enabled"],
  ["proxy_enabled null", bearer, (p) => Object.assign(p, { proxy_enabled: null }), "proxy_enabled"],
  [
    "a placeholder with one closing brace",
    freshdesk,
    (p) => (p.proxy_url = "https://{{domain}/api"),
    "proxy_url",
  ],
  ["a placeholder with single braces", freshdesk, (p) => (p.proxy_url = "https://{domain}/api"), "proxy_url"],
  [
    "a proxy_url that does not parse",
    bearer,
    (p) => (p.proxy_url = "https://api example.com/v1"),
    "proxy_url",
  ],
  [
    "a proxy_url with a port out of range",
    bearer,
    (p) => (p.proxy_url = "https://api.example.com:70000"),
    "proxy_url",
  ],
  [
    "an OAuth URL that does not parse",
    oauth,
    (p) => Object.assign(oauthConfig(p), { token_uri: "https://a.example.com:x/token" }),
    "auth_patterns[0].oauth_config.token_uri",
  ],
  [
    "an OAuth URL placeholder no field provides",
    oauth,
    (p) => Object.assign(oauthConfig(p), { authorize_uri: "https://{{tenant}}.example.com/authorize" }),
    "auth_patterns[0].oauth_config.authorize_uri",
  ],
  [
    "an OAuth URL placeholder from a plain field",
    oauth,
    (p) => {
      Object.assign(oauthConfig(p), { user_info_uri: "https://{{tenant}}.example.com/me" });
      pattern(p).fields = [{ field_name: "tenant", label: "T", input_type: "text" }];
    },
    "auth_patterns[0].oauth_config.user_info_uri",
  ],
  [
    "a malformed OAuth URL placeholder",
    oauth,
    (p) => Object.assign(oauthConfig(p), { token_uri: "https://{{tenant}.example.com/token" }),
    "auth_patterns[0].oauth_config.token_uri",
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
      "OAuth URL placeholders from an account field and a path param",
      {
        ...oauth(),
        auth_patterns: [
          {
            ...pattern(oauth()),
            fields: [{ field_name: "region", label: "R", input_type: "text" as const, is_path_param: true }],
            account_fields: [{ field_name: "tenant", label: "T", input_type: "text" as const }],
            oauth_config: {
              authorize_uri: "https://{{tenant}}.example.com/authorize",
              token_uri: "https://{{region}}.example.com/token",
            },
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
    ["Scalekit's Freshdesk example: a default for the password the pattern leaves out", freshdesk()],
    [
      "the minimal wire form of a credential field (no hint, no required)",
      {
        ...bearer(),
        auth_patterns: [
          {
            ...pattern(bearer()),
            fields: [{ field_name: "token", label: "Token", input_type: "password" as const }],
          },
        ],
      },
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
            // NO_AUTH collects no fields
            if (kind !== "mcpNoAuth") for (const field of fields) c = c.field(field);
            c = kind === "mcpOAuth" ? c.oauth() : kind === "mcpNoAuth" ? c.noAuth() : c[kind]();
          }
          const placeholders = kind.startsWith("mcp") ? "" : fields.map((f) => `{{${f}}}`).join("/");
          expect(validate(c.proxy(`https://api.example.com/${placeholders}`).payload())).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("fixes name what to write", () => {
  const fixes = (payload: unknown) => validate(payload).map((issue) => issue.fix);

  it("OAuth URL placeholders: the field to add, as for proxy_url", () => {
    const payload = oauth();
    Object.assign(oauthConfig(payload), { authorize_uri: "https://{{tenant}}.example.com/authorize" });
    expect(validate(payload)).toStrictEqual([
      {
        path: "auth_patterns[0].oauth_config.authorize_uri",
        message: "authorize_uri uses {{tenant}} but no field of auth_patterns[0] provides it",
        fix: 'add an account field "tenant" (or a field "tenant" with is_path_param: true)',
      },
    ]);
  });

  it("a URL that does not parse: what is wrong with it, placeholders filled in", () => {
    expect(validate({ ...freshdesk(), proxy_url: "https://{{domain}}:port/api" })).toStrictEqual([
      {
        path: "proxy_url",
        message:
          'proxy_url "https://{{domain}}:port/api" is not a URL with its placeholders filled in (its port "port" is not a number up to 65535)',
        fix: "write an absolute https URL such as https://api.example.com/v1",
      },
    ]);
  });

  it("malformed placeholders: the placeholder meant", () => {
    expect(fixes({ ...freshdesk(), proxy_url: "https://{{domain}/api" })).toEqual([
      "write {{domain}}, two braces on each side",
    ]);
    expect(fixes({ ...freshdesk(), proxy_url: "https://{domain}/api" })).toEqual([
      "write {{domain}}, two braces on each side",
    ]);
    expect(fixes({ ...freshdesk(), proxy_url: "https://{{ domain }}/api" })).toEqual([
      "write {{domain}}, without spaces inside the braces",
    ]);
  });

  it("wrong JSON types: how to write the value", () => {
    const payload = bearer();
    Object.assign(pattern(payload), { is_mcp: "true" });
    expect(validate(payload)).toEqual([
      {
        path: "auth_patterns[0].is_mcp",
        message: 'is_mcp must be a JSON boolean, not "true"',
        fix: "write true or false, without quotes",
      },
    ]);
  });

  it("display_name: accented letters lose their accents instead of being dropped", () => {
    expect(fixes({ ...bearer(), display_name: "Café Connect" })).toEqual(['use "Cafe Connect"']);
    expect(fixes({ ...bearer(), display_name: "Ångström-Über API" })).toEqual(['use "Angstrom Uber API"']);
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
