// What the builder writes for the calls whose payload is not obvious, and what it refuses at run
// time when the types are bypassed (plain JavaScript, casts, the untyped view).
import { describe, expect, it } from "vitest";
import { untypedConnector } from "../../dsl/_untyped.ts";
import { connector, DslError, validate } from "../../dsl/index.ts";

describe("mutations", () => {
  it("Scalekit's Freshdesk example: a default for the password .basic({ password: false }) leaves out", () => {
    const payload = connector("Freshdesk")
      .field("domain", { label: "Freshdesk Domain" })
      .basic({ username: { label: "API Key", inputType: "password" }, password: false })
      .mutate("password", { default: "X" })
      .mutate("username", { suffix: "/token" })
      .proxy("https://{{domain}}/api/v2")
      .payload();
    expect(payload.auth_patterns[0]?.fields.map((field) => field.field_name)).toEqual(["domain", "username"]);
    expect(payload.auth_patterns[0]?.auth_field_mutations).toEqual({
      password: { default: "X" },
      username: { suffix: "/token" },
    });
    expect(validate(payload)).toEqual([]);
  });

  it("refuses a second .mutate() of the same credential instead of replacing the first", () => {
    const basic = untypedConnector("A").basic().mutate("username", { suffix: "/token" });
    expect(() => basic.mutate("username", { prefix: "x" })).toThrow(
      new DslError(
        'connector "A": "username" is already mutated; give its prefix, suffix and default in one .mutate()',
      ),
    );
  });
});

describe("credential labels and hints", () => {
  const fieldsOf = (c: { payload(): { auth_patterns: { fields: unknown[] }[] } }) =>
    c.payload().auth_patterns[0]?.fields;

  it("a label of your own drops the default hint, which described the default label", () => {
    expect(
      fieldsOf(
        connector("A")
          .basic({ password: { label: "API secret" } })
          .proxy("https://a.io"),
      ),
    ).toEqual([
      {
        field_name: "username",
        label: "Username",
        input_type: "text",
        hint: "Your username",
        required: true,
      },
      { field_name: "password", label: "API secret", input_type: "password", required: true },
    ]);
  });

  it("keeps the hint given with the label, and the default hint with the default label", () => {
    expect(
      fieldsOf(
        connector("A")
          .bearer({ token: { label: "PAT", hint: "Settings → Tokens" } })
          .proxy("https://a.io"),
      ),
    ).toEqual([
      {
        field_name: "token",
        label: "PAT",
        input_type: "password",
        hint: "Settings → Tokens",
        required: true,
      },
    ]);
    expect(
      fieldsOf(
        connector("A")
          .apiKey({ key: { required: false } })
          .proxy("https://a.io"),
      ),
    ).toEqual([
      {
        field_name: "api_key",
        label: "API Key",
        input_type: "password",
        hint: "Your API key",
        required: false,
      },
    ]);
  });
});

describe("NO_AUTH", () => {
  it("refuses fields before or after .noAuth()", () => {
    expect(() => untypedConnector("A").mcp().field("x").noAuth()).toThrow(
      'connector "A": a NO_AUTH connector collects no fields; remove the .field() calls',
    );
    expect(() => untypedConnector("A").mcp().noAuth().field("x")).toThrow(
      'connector "A": a NO_AUTH connector collects no fields; remove .field("x")',
    );
  });
});
