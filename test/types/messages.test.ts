// The compiler's error for each broken rule must carry the DslTypeError sentence, so a user
// reads why and how to fix it. Compiles every snippet in one program with the real compiler.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnose } from "./compile.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const head = `import { build, type Connector, connector } from "${root}dsl/index.ts";\nconst ep = { authorizeUri: "https://a.example.com/a", tokenUri: "https://a.example.com/t" };\n`;

const cases: [string, string, string][] = [
  ["bad display_name", `connector("My-API");`, "display_name takes only letters, digits and spaces"],
  [
    "http proxy",
    `connector("A").bearer().proxy("http://x.example.com");`,
    "proxy_url must start with https://",
  ],
  [
    "unknown placeholder",
    `connector("A").bearer().proxy("https://{{domain}}/api");`,
    "proxy_url uses {{domain}} but no field provides it: declare it with .field(name, …)",
  ],
  [
    "OAuth placeholder",
    `connector("A").oauth(ep).field("t").proxy("https://{{t}}.x.com");`,
    "proxy_url uses {{t}} but no field provides it: declare it with .accountField(name, …) or .field(name, { isPathParam: true })",
  ],
  [
    "OAuth URL placeholder",
    `connector("A").oauth({ ...ep, tokenUri: "https://{{tenant}}.x.com/t" }).proxy("https://x.com");`,
    "an OAuth URL uses {{tenant}} but no field provides it: declare it with .accountField(name, …) or .field(name, { isPathParam: true })",
  ],
  [
    "malformed OAuth URL placeholder",
    `connector("A").oauth({ ...ep, authorizeUri: "https://{{tenant}.x.com/a" });`,
    "authorizeUri has a malformed placeholder: write each one as {{name}}, two braces on each side",
  ],
  ["second pattern", `connector("A").bearer().apiKey();`, "a custom connector has exactly one auth pattern"],
  [
    "MCP OAuth URIs",
    `connector("A").mcp().oauth({ tokenUri: "https://x" });`,
    "MCP OAuth uses Dynamic Client Registration: remove tokenUri",
  ],
  [
    "MCP scopes",
    `connector("A").mcp().oauth().scope("x");`,
    "MCP OAuth negotiates scopes through Dynamic Client Registration",
  ],
  [
    "oauth_config on BEARER",
    `connector("A").bearer({ tokenUri: "https://x" });`,
    "tokenUri is OAuth configuration: only .oauth() takes it",
  ],
  ["NO_AUTH outside MCP", `connector("A").noAuth();`, "NO_AUTH is only for MCP servers: call .mcp() first"],
  ["scopes on API_KEY", `connector("A").apiKey().scope("x");`, "scopes belong to OAuth connectors"],
  [
    "duplicate field",
    `connector("A").field("d").field("d");`,
    "field 'd' is already declared in this auth pattern",
  ],
  [
    "select without options",
    `connector("A").field("r", { inputType: "select" });`,
    "a select field needs at least one option",
  ],
  ["BASIC without username", `connector("A").basic({ username: false });`, "BASIC needs a username field"],
  ["BEARER without token", `connector("A").bearer({ token: false });`, "BEARER needs a token field"],
  ["API_KEY without api_key", `connector("A").apiKey({ key: false });`, "API_KEY needs an api_key field"],
  [
    "mutation target",
    `connector("A").apiKey().mutate("token", {});`,
    "'token' is not a credential field of this auth kind: mutations apply to api_key",
  ],
  [
    "mutation on NO_AUTH",
    `connector("A").mcp().noAuth().mutate("token", {});`,
    "'token' is not a credential field of this auth kind: mutations apply to no field",
  ],
  ["unfinished build", `build(connector("A").bearer());`, "this connector is unfinished"],
  [
    "unfinished used as Connector",
    `export const c: Connector = connector("A").bearer();`,
    "this connector is unfinished: give it an auth pattern and a .proxy(url)",
  ],
  [
    "scope before oauth",
    `connector("A").scope("read");`,
    "scopes come after the auth method: call .oauth({ authorizeUri, tokenUri }) before .scope()",
  ],
  [
    "accountField before oauth",
    `connector("A").accountField("tenant");`,
    "account fields belong to OAuth connectors: call .oauth(…) before .accountField()",
  ],
  [
    "accountField on a static connector",
    `connector("A").bearer().accountField("tenant");`,
    "account fields belong to OAuth connectors: use .field(name) with this auth method",
  ],
  [
    "mutate before the auth method",
    `connector("A").mutate("token", {});`,
    "a mutation changes a credential field: call .basic(), .bearer() or .apiKey() before .mutate()",
  ],
  [
    "mutate on OAuth",
    `connector("A").oauth(ep).mutate("token", {});`,
    "OAuth has no credential field to mutate",
  ],
  [
    "proxy before the auth method",
    `connector("A").proxy("https://x.example.com");`,
    "choose an auth method before .proxy(url)",
  ],
  [
    "http authorizeUri",
    `connector("A").oauth({ authorizeUri: "http://a.example.com/a", tokenUri: "https://a.example.com/t" });`,
    "authorizeUri must be an https:// URL",
  ],
  [
    "http tokenUri",
    `connector("A").oauth({ authorizeUri: "https://a.example.com/a", tokenUri: "http://a.example.com/t" });`,
    "tokenUri must be an https:// URL",
  ],
  [
    "verify before proxy",
    `connector("A").bearer().verify("GET /me");`,
    ".verify() comes after .proxy(url): finish the connector first",
  ],
  [
    "field before noAuth",
    `connector("A").mcp().field("x").noAuth();`,
    "a NO_AUTH connector collects no fields: remove .field(), or pick an auth method that uses them",
  ],
  [
    "field after noAuth",
    `connector("A").mcp().noAuth().field("x");`,
    "a NO_AUTH connector collects no fields",
  ],
  [
    "malformed placeholder",
    `connector("A").field("domain").bearer().proxy("https://{{domain}/api");`,
    "proxy_url has a malformed placeholder: write each one as {{name}}, two braces on each side",
  ],
  [
    "single-brace placeholder",
    `connector("A").field("domain").bearer().proxy("https://{domain}/api");`,
    "proxy_url has a malformed placeholder",
  ],
  [
    "second mutation of a credential",
    `connector("A").basic().mutate("username", { suffix: "/t" }).mutate("username", { prefix: "p" });`,
    "'username' is already mutated: give its prefix, suffix and default in one .mutate()",
  ],
  [
    "mutation of the absent password without a default",
    `connector("A").basic({ password: false }).mutate("password", { suffix: "/t" });`,
    "'password' is not among the fields, so its mutation needs a default: the value sent in its place",
  ],
  [
    "verify request",
    `connector("A").bearer().proxy("https://x.example.com").verify("/me");`,
    "verify takes 'METHOD /path', e.g. 'GET /users/me'",
  ],
];

describe("compile-time error messages", () => {
  const sources = new Map(
    cases.map(([, code], index) => [`${root}test/types/__case${index}.ts`, head + code]),
  );
  sources.set(
    `${root}test/types/__valid.ts`,
    `${head}connector("A").field("d").basic({ password: false }).mutate("password", { default: "X" }).mutate("username", { suffix: "/token" }).proxy("https://{{d}}/api");`,
  );
  const messages = diagnose(sources);

  it("a valid chain compiles cleanly in the same program", () => {
    expect(messages.get(`${root}test/types/__valid.ts`)).toBeUndefined();
  });

  it.each(cases.map((entry, index) => [...entry, index] as const))(
    "%s says why",
    (_name, _code, expected, index) => {
      expect(messages.get(`${root}test/types/__case${index}.ts`)).toContain(expected);
    },
  );
});
