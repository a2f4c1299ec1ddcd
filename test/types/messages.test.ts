// The compiler's error for each broken rule must carry the DslTypeError sentence, so a user
// reads why and how to fix it. Compiles every snippet in one program with the real compiler.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnose } from "./compile.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const head = `import { build, connector } from "${root}dsl/index.ts";\nconst ep = { authorizeUri: "https://a.example.com/a", tokenUri: "https://a.example.com/t" };\n`;

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
    `${head}connector("A").field("d").basic().proxy("https://{{d}}/api");`,
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
