// Payloads the DSL cannot express are refused with the JSON path at fault.
import { afterAll, describe, expect, it } from "vitest";
import type { Payload } from "../../dsl/index.ts";
import { renderConnectorSource, UnrenderableError } from "../../scripts/codegen/render.ts";
import { buildSource, importFromDir, scratchDir } from "./helpers.ts";

const base = (): Record<string, unknown> => ({
  display_name: "My API",
  description: "",
  auth_patterns: [
    {
      type: "BASIC",
      display_name: "Basic Auth",
      description: "Authenticate with a username and password",
      fields: [
        {
          field_name: "username",
          label: "Username",
          input_type: "text",
          hint: "Your username",
          required: true,
        },
        {
          field_name: "password",
          label: "Password",
          input_type: "password",
          hint: "Your password",
          required: true,
        },
      ],
    },
  ],
  proxy_url: "https://api.example.com",
  proxy_enabled: true,
});

type Edit = (payload: Record<string, unknown>, pattern: Record<string, unknown>, fields: unknown[]) => void;

const cases: [string, { given: Edit; want: string }][] = [
  ["an unknown top-level key", { given: (p) => Object.assign(p, { extra: 1 }), want: "extra" }],
  [
    "a display_name with a hyphen",
    { given: (p) => Object.assign(p, { display_name: "My-API" }), want: "display_name" },
  ],
  [
    "a display_name over 200 characters",
    { given: (p) => Object.assign(p, { display_name: "a".repeat(201) }), want: "display_name" },
  ],
  ["no description", { given: (p) => delete p.description, want: "description" }],
  ["an http icon", { given: (p) => Object.assign(p, { icon_src: "http://x" }), want: "icon_src" }],
  [
    "two auth patterns",
    { given: (p, pattern) => Object.assign(p, { auth_patterns: [pattern, pattern] }), want: "auth_patterns" },
  ],
  ["an http proxy_url", { given: (p) => Object.assign(p, { proxy_url: "http://x" }), want: "proxy_url" }],
  ["no proxy_enabled", { given: (p) => delete p.proxy_enabled, want: "proxy_enabled" }],
  [
    "a placeholder no field provides",
    { given: (p) => Object.assign(p, { proxy_url: "https://{{host}}" }), want: "proxy_url" },
  ],
  [
    "an unknown pattern key",
    {
      given: (_, pattern) => Object.assign(pattern, { allowed_proxy_domains: [] }),
      want: "auth_patterns[0].allowed_proxy_domains",
    },
  ],
  [
    "is_mcp false",
    { given: (_, pattern) => Object.assign(pattern, { is_mcp: false }), want: "auth_patterns[0].is_mcp" },
  ],
  [
    "an unknown auth type",
    { given: (_, pattern) => Object.assign(pattern, { type: "OAUTH1" }), want: "auth_patterns[0].type" },
  ],
  [
    "a header on NO_AUTH",
    {
      given: (_p, pattern, fields) => {
        fields.length = 0;
        Object.assign(pattern, { type: "NO_AUTH", is_mcp: true, auth_header_key_override: "X-Key" });
      },
      want: "auth_patterns[0].auth_header_key_override",
    },
  ],
  [
    "password before username",
    { given: (_p, _pattern, fields) => fields.reverse(), want: "auth_patterns[0].fields" },
  ],
  ["no username", { given: (_p, _pattern, fields) => fields.shift(), want: "auth_patterns[0].fields" }],
  [
    "a field without required",
    {
      given: (_p, _pattern, fields) => delete (fields[1] as Record<string, unknown>).required,
      want: "auth_patterns[0].fields[1].required",
    },
  ],
  [
    "an unknown input type",
    {
      given: (_p, _pattern, fields) => Object.assign(fields[0] as object, { input_type: "number" }),
      want: "auth_patterns[0].fields[0].input_type",
    },
  ],
  [
    "a duplicate field",
    {
      given: (_p, _pattern, fields) => fields.push({ ...(fields[0] as object) }),
      want: "auth_patterns[0].fields",
    },
  ],
  [
    "a select without options",
    {
      given: (_p, _pattern, fields) =>
        fields.push({ field_name: "region", label: "Region", input_type: "select", required: true }),
      want: "auth_patterns[0].fields[2].options",
    },
  ],
  [
    "options on a text field",
    {
      given: (_p, _pattern, fields) =>
        fields.push({
          field_name: "region",
          label: "Region",
          input_type: "text",
          required: true,
          options: [{ value: "eu" }],
        }),
      want: "auth_patterns[0].fields[2].options",
    },
  ],
  [
    "account_fields on BASIC",
    {
      given: (_, pattern) => Object.assign(pattern, { account_fields: [] }),
      want: "auth_patterns[0].account_fields",
    },
  ],
  [
    "a mutation of a field BASIC lacks",
    {
      given: (_, pattern) => Object.assign(pattern, { auth_field_mutations: { token: { prefix: "x" } } }),
      want: "auth_patterns[0].auth_field_mutations.token",
    },
  ],
  [
    "empty auth_field_mutations",
    {
      given: (_, pattern) => Object.assign(pattern, { auth_field_mutations: {} }),
      want: "auth_patterns[0].auth_field_mutations",
    },
  ],
  [
    "oauth_config on BASIC",
    {
      given: (_, pattern) => Object.assign(pattern, { oauth_config: {} }),
      want: "auth_patterns[0].oauth_config",
    },
  ],
  [
    "NO_AUTH without MCP",
    {
      given: (_p, pattern, fields) => {
        fields.length = 0;
        Object.assign(pattern, { type: "NO_AUTH" });
      },
      want: "auth_patterns[0].type",
    },
  ],
  [
    "OAuth without token_uri",
    {
      given: (_p, pattern, fields) => {
        fields.length = 0;
        Object.assign(pattern, { type: "OAUTH", oauth_config: { authorize_uri: "https://a" } });
      },
      want: "auth_patterns[0].oauth_config.token_uri",
    },
  ],
  [
    "MCP OAuth with URLs",
    {
      given: (_p, pattern, fields) => {
        fields.length = 0;
        Object.assign(pattern, {
          type: "OAUTH",
          is_mcp: true,
          oauth_config: { pkce_enabled: true, token_uri: "https://t" },
        });
      },
      want: "auth_patterns[0].oauth_config",
    },
  ],
  [
    "an empty scope list",
    {
      given: (_p, pattern, fields) => {
        fields.length = 0;
        Object.assign(pattern, {
          type: "OAUTH",
          oauth_config: { authorize_uri: "https://a", token_uri: "https://t", available_scopes: [] },
        });
      },
      want: "auth_patterns[0].oauth_config.available_scopes",
    },
  ],
  [
    "an OAuth placeholder from a plain field",
    {
      given: (p, pattern, fields) => {
        fields.splice(0, 2, { field_name: "host", label: "Host", input_type: "text", required: true });
        Object.assign(pattern, {
          type: "OAUTH",
          oauth_config: { authorize_uri: "https://a", token_uri: "https://t" },
        });
        Object.assign(p, { proxy_url: "https://{{host}}" });
      },
      want: "proxy_url",
    },
  ],
];

describe("UnrenderableError", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const payload = base();
    const pattern = (payload.auth_patterns as Record<string, unknown>[])[0] as Record<string, unknown>;
    given(payload, pattern, pattern.fields as unknown[]);
    const attempt = () =>
      renderConnectorSource(payload as unknown as Payload, { importFrom: "x", header: [] });
    expect(attempt).toThrow(UnrenderableError);
    try {
      attempt();
    } catch (error) {
      expect((error as UnrenderableError).path).toBe(want);
      expect((error as Error).message).toContain(want);
    }
  });

  it("renders the untouched base payload", () => {
    expect(renderConnectorSource(base() as unknown as Payload, { importFrom: "x", header: [] })).toContain(
      ".basic()",
    );
  });
});

describe("long chains", () => {
  const scratch = scratchDir("render-long");
  afterAll(scratch.dispose);

  it("split into consts of at most 100 calls that still build the payload", async () => {
    const { connector } = await import("../../dsl/index.ts");
    let chain = connector("Many Scopes").oauth({
      authorizeUri: "https://a.io/auth",
      tokenUri: "https://a.io/token",
    });
    for (let i = 0; i < 230; i += 1) chain = chain.scope(`scope${i}`);
    const payload = chain.proxy("https://a.io");
    const source = renderConnectorSource(payload.payload(), {
      importFrom: importFromDir(scratch.dir),
      header: [],
    });
    expect(source).toContain("const part1 = connector(");
    expect(source).toContain("const part2 = part1");
    expect(source).toContain("export default part2");
    const calls = source.split(/;\n/).map((segment) => (segment.match(/\n\s+\./g) ?? []).length);
    expect(Math.max(...calls)).toBeLessThanOrEqual(100);
    expect(await buildSource(scratch.dir, source)).toStrictEqual(payload.payload());
  });
});
