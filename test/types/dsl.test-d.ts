// Compile-time rules of the DSL. Each negative case carries `@ts-expect-error <reason>` on the
// exact line that must fail; each rule also has a positive case that must compile.
import { describe, expectTypeOf, it } from "vitest";
import {
  build,
  type Connector,
  connector,
  type DslTypeError,
  type OAuthConnector,
  type Payload,
  type StaticConnector,
} from "../../dsl/index.ts";

const name200 =
  "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij";
const name201 =
  "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijX";
const oauthEndpoints = {
  authorizeUri: "https://a.example.com/authorize",
  tokenUri: "https://a.example.com/token",
};

describe("display_name", () => {
  it("accepts letters, digits and spaces", () => {
    connector("My Asana 2");
    connector("A");
    connector("x".repeat(200) as "x");
    const dynamic: string = "from a variable";
    connector(dynamic);
  });

  it("rejects other characters and bad lengths", () => {
    // @ts-expect-error hyphens are rejected by the server
    connector("My-Asana");
    // @ts-expect-error dots and parentheses are rejected
    connector("Asana (v1.0)");
    // @ts-expect-error empty name
    connector("");
    // @ts-expect-error spaces only: at least one letter or digit is required
    connector("   ");
    // @ts-expect-error tabs and newlines are rejected
    connector("My\tAPI");
  });

  it("leaves length and non-ASCII letters to validate(), keeping the check cheap", () => {
    connector(name200);
    connector(name201);
    connector("Café");
  });
});

describe("verify", () => {
  it("takes METHOD /path on a finished connector", () => {
    connector("A").bearer().proxy("https://api.example.com").verify("GET /me");
    connector("A")
      .bearer()
      .proxy("https://api.example.com")
      .verify("POST /search", { accept: [400] });
    // @ts-expect-error no method
    connector("A").bearer().proxy("https://api.example.com").verify("/me");
    // @ts-expect-error the path must be absolute
    connector("A").bearer().proxy("https://api.example.com").verify("GET me");
    // @ts-expect-error an unfinished connector has no verify request
    connector("A").bearer().verify("GET /me");
    // @ts-expect-error a dot segment would leave the proxy's prefix
    connector("A").bearer().proxy("https://api.example.com").verify("DELETE /../api/v1/custom-providers/X");
    // @ts-expect-error a trailing dot segment too
    connector("A").bearer().proxy("https://api.example.com").verify("GET /me/..");
    connector("A")
      .bearer()
      .proxy("https://api.example.com")
      .verify("GET /indexes", { headers: { "X-Api-Version": "2025-01" } });
    expectTypeOf(connector("A").bearer().verifyRequest).toEqualTypeOf<undefined>();
  });
});

describe("proxy_url", () => {
  it("must be https", () => {
    connector("A").bearer().proxy("https://api.example.com");
    // @ts-expect-error plain http
    connector("A").bearer().proxy("http://api.example.com");
  });

  it("placeholders need a field (static auth: any field)", () => {
    connector("A").field("domain").basic().proxy("https://{{domain}}/api");
    connector("A").apiKey().field("region").field("domain").proxy("https://{{region}}.{{domain}}/api");
    // @ts-expect-error no field provides {{domain}}
    connector("A").bearer().proxy("https://{{domain}}/api");
    // @ts-expect-error {{region}} is missing even though {{domain}} is declared
    connector("A").bearer().field("domain").proxy("https://{{region}}.{{domain}}/api");
  });

  it("placeholders are {{name}}, two braces on each side", () => {
    // @ts-expect-error one closing brace
    connector("A").field("domain").bearer().proxy("https://{{domain}/api");
    // @ts-expect-error single braces
    connector("A").field("domain").bearer().proxy("https://{domain}/api");
    // @ts-expect-error three braces
    connector("A").field("domain").bearer().proxy("https://{{{domain}}}/api");
  });

  it("placeholders need an account field or a path-param field (OAuth)", () => {
    connector("A").oauth(oauthEndpoints).accountField("tenant").proxy("https://{{tenant}}.example.com");
    connector("A")
      .oauth(oauthEndpoints)
      .field("tenant", { isPathParam: true })
      .proxy("https://{{tenant}}.example.com");
    connector("A")
      .field("tenant", { isPathParam: true })
      .oauth(oauthEndpoints)
      .proxy("https://{{tenant}}.example.com");
    // @ts-expect-error a plain OAuth field does not fill a placeholder
    connector("A").oauth(oauthEndpoints).field("tenant").proxy("https://{{tenant}}.example.com");
  });

  it("a URL known only at run time is checked by validate() instead", () => {
    const url: string = process.env.API_URL ?? "https://api.example.com";
    connector("A").bearer().proxy(url);
  });
});

describe("one auth pattern", () => {
  it("refuses a second auth method", () => {
    // @ts-expect-error a second pattern
    connector("A").bearer().apiKey();
    // @ts-expect-error a second pattern
    connector("A").oauth(oauthEndpoints).basic();
    // @ts-expect-error .mcp() after the auth method
    connector("A").bearer().mcp();
  });
});

describe("OAuth and MCP", () => {
  it("API OAuth needs its endpoints", () => {
    connector("A").oauth(oauthEndpoints).scope("read").proxy("https://api.example.com");
    // @ts-expect-error tokenUri is required on API OAuth
    connector("A").oauth({ authorizeUri: "https://a.example.com/authorize" });
  });

  it("MCP OAuth takes no endpoints and no scopes", () => {
    connector("A").mcp().oauth().proxy("https://mcp.example.com");
    connector("A").mcp().oauth({ description: "Browser OAuth" }).proxy("https://mcp.example.com");
    // @ts-expect-error MCP OAuth uses DCR: no authorize URI
    connector("A").mcp().oauth({ authorizeUri: "https://a.example.com/authorize" });
    // @ts-expect-error MCP OAuth uses DCR: no token URI
    connector("A").mcp().oauth({ tokenUri: "https://a.example.com/token" });
    // @ts-expect-error MCP OAuth negotiates scopes through DCR
    connector("A").mcp().oauth().scope("read");
  });

  it("oauth_config belongs to OAuth only", () => {
    // @ts-expect-error authorizeUri on a BEARER pattern
    connector("A").bearer({ authorizeUri: "https://a.example.com/authorize" });
    // @ts-expect-error pkce on an API_KEY pattern
    connector("A").apiKey({ pkce: true });
  });

  it("NO_AUTH only on MCP", () => {
    connector("A").mcp().noAuth().proxy("https://mcp.example.com");
    // @ts-expect-error NO_AUTH outside MCP
    connector("A").noAuth();
  });

  it("scopes only on OAuth", () => {
    // @ts-expect-error scopes on BEARER
    connector("A").bearer().scope("read");
    // @ts-expect-error scopes on BASIC
    connector("A").basic().scope("read");
  });
});

describe("fields", () => {
  it("names are unique within a pattern", () => {
    connector("A").field("domain").field("region").bearer();
    // @ts-expect-error duplicate field
    connector("A").field("domain").field("domain");
    // @ts-expect-error duplicate of the credential field
    connector("A").bearer().field("token");
    // @ts-expect-error your own field clashes with the one .bearer() declares
    connector("A").field("token").bearer();
    // @ts-expect-error a field and an account field with one name
    connector("A").oauth(oauthEndpoints).field("tenant").accountField("tenant");
  });

  it("select needs options, and only select takes them", () => {
    connector("A").field("region", { inputType: "select", options: [{ value: "eu" }, { value: "us" }] });
    // @ts-expect-error select without options
    connector("A").field("region", { inputType: "select" });
    // @ts-expect-error select with an empty list
    connector("A").field("region", { inputType: "select", options: [] });
    // @ts-expect-error options on a text field
    connector("A").field("region", { inputType: "text", options: [{ value: "eu" }] });
  });
});

describe("credential fields", () => {
  it("cannot be removed", () => {
    connector("A").basic({ password: false }).proxy("https://api.example.com");
    // @ts-expect-error BASIC without username
    connector("A").basic({ username: false });
    // @ts-expect-error BEARER without token
    connector("A").bearer({ token: false });
    // @ts-expect-error API_KEY without api_key
    connector("A").apiKey({ key: false });
  });

  it("mutations target a credential the kind has", () => {
    connector("A").apiKey().mutate("api_key", { prefix: "Token " });
    connector("A").bearer().mutate("token", { prefix: "x" });
    connector("A").basic().mutate("username", { suffix: "/token" }).mutate("password", { default: "X" });
    // @ts-expect-error API_KEY has no token
    connector("A").apiKey().mutate("token", { prefix: "x" });
    // @ts-expect-error NO_AUTH has no credentials
    connector("A").mcp().noAuth().mutate("token", { prefix: "x" });
    // @ts-expect-error a non-credential field
    connector("A").apiKey().field("domain").mutate("domain", { prefix: "x" });
  });

  it("a credential the method left out takes a mutation with a default (Scalekit's Freshdesk example)", () => {
    connector("My Freshdesk")
      .field("domain")
      .basic({ password: false })
      .mutate("password", { default: "X" })
      .mutate("username", { suffix: "/token" })
      .proxy("https://{{domain}}/api");
    connector("A").basic({ password: false }).mutate("password", { default: "X", suffix: "!" });
    // @ts-expect-error without a default, a mutation of the absent password has nothing to act on
    connector("A").basic({ password: false }).mutate("password", { suffix: "/token" });
  });

  it("one .mutate() per credential", () => {
    connector("A")
      .basic()
      .mutate("username", { prefix: "a", suffix: "/token" })
      .mutate("password", { default: "X" });
    // @ts-expect-error a second mutation of the same credential
    connector("A").basic().mutate("username", { suffix: "/token" }).mutate("username", { prefix: "a" });
  });
});

describe("NO_AUTH", () => {
  it("collects no fields", () => {
    connector("A").mcp().noAuth().proxy("https://mcp.example.com");
    // @ts-expect-error a field before .noAuth()
    connector("A").mcp().field("x").noAuth();
    // @ts-expect-error a field after .noAuth()
    connector("A").mcp().noAuth().field("x");
  });
});

describe("calls in the wrong state say what to do", () => {
  it("refuses OAuth-only calls elsewhere and calls before the auth method", () => {
    // @ts-expect-error .scope() before .oauth()
    connector("A").scope("read");
    // @ts-expect-error .accountField() before .oauth()
    connector("A").accountField("tenant");
    // @ts-expect-error .accountField() on a static connector
    connector("A").bearer().accountField("tenant");
    // @ts-expect-error .mutate() before the auth method
    connector("A").mutate("token", { prefix: "x" });
    // @ts-expect-error OAuth has no credential to mutate
    connector("A").oauth(oauthEndpoints).mutate("token", { prefix: "x" });
    // @ts-expect-error .proxy() before the auth method
    connector("A").proxy("https://api.example.com");
  });

  it("OAuth endpoints must be https", () => {
    connector("A").oauth({ ...oauthEndpoints, userInfoUri: "https://a.example.com/me" });
    const insecure = "http://a.example.com/authorize";
    // @ts-expect-error an http authorizeUri
    connector("A").oauth({ authorizeUri: insecure, tokenUri: "https://a.example.com/t" });
    // @ts-expect-error an http userInfoUri
    connector("A").oauth({ ...oauthEndpoints, userInfoUri: "http://a.example.com/me" });
  });

  it("OAuth URL placeholders need an account field or a path-param field, as proxy_url's do", () => {
    const tenant = {
      authorizeUri: "https://{{tenant}}.example.com/authorize",
      tokenUri: "https://{{tenant}}.example.com/token",
    } as const;
    connector("A").oauth(tenant).accountField("tenant").proxy("https://api.example.com");
    connector("A").field("tenant", { isPathParam: true }).oauth(tenant).proxy("https://api.example.com");
    connector("A")
      .oauth({ ...oauthEndpoints, userInfoUri: "https://{{region}}.example.com/me" })
      .field("region", { isPathParam: true })
      .scope("read")
      .proxy("https://api.example.com");
    // @ts-expect-error no field provides {{tenant}}
    connector("A").oauth(tenant).proxy("https://api.example.com");
    // @ts-expect-error a plain OAuth field does not fill a placeholder
    connector("A").oauth(tenant).field("tenant").proxy("https://api.example.com");
    connector("A")
      .oauth({ ...oauthEndpoints, userInfoUri: "https://{{region}}.example.com/me" })
      // @ts-expect-error {{region}} in userInfoUri has no field
      .proxy("https://x.io");
    connector("A").oauth({
      // @ts-expect-error a malformed placeholder
      authorizeUri: "https://{tenant}.example.com/a",
      tokenUri: "https://a.example.com/t",
    });
    // a URL known only at run time is checked by validate() instead
    const dynamic: string = process.env.AUTHORIZE_URL ?? "https://{{tenant}}.example.com/authorize";
    connector("A")
      .oauth({ authorizeUri: dynamic, tokenUri: "https://a.example.com/t" })
      .proxy("https://x.io");
  });
});

describe("finished connectors", () => {
  const finished = connector("A").bearer().proxy("https://api.example.com");

  it("build and payload need a finished connector", () => {
    expectTypeOf(build(finished)).toEqualTypeOf<Payload>();
    expectTypeOf(finished.payload()).toEqualTypeOf<Payload>();
    expectTypeOf(finished).toExtend<Connector>();
    // @ts-expect-error no auth pattern
    build(connector("A"));
    // @ts-expect-error no proxy
    build(connector("A").bearer());
    // @ts-expect-error unfinished connectors have no payload
    connector("A").bearer().payload();
  });

  it("a finished connector is assignable where exports to sync are typed", () => {
    const exported: Connector = finished;
    expectTypeOf(exported).toExtend<Connector>();
    // @ts-expect-error an unfinished connector is not a Connector
    const unfinished: Connector = connector("A").bearer();
    expectTypeOf(unfinished).toExtend<Connector>();
  });

  it("states are named interfaces", () => {
    expectTypeOf(connector("A").bearer()).toEqualTypeOf<StaticConnector<"token", "token">>();
    expectTypeOf(connector("A").mcp().oauth().accountField("t")).toEqualTypeOf<
      OAuthConnector<true, "t", "t">
    >();
    expectTypeOf(connector("A").bearer().scope).toEqualTypeOf<
      DslTypeError<"scopes belong to OAuth connectors: use .oauth() to declare scopes">
    >();
  });
});
