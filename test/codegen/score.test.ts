// The bench's scoring rules: which generated URLs and auth count as the expected answer.
import { describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { type ExpectedEntry, scoreConnector, urlMatches } from "../../scripts/codegen/score.ts";

const urls: [string, { given: [string, string]; want: boolean }][] = [
  ["identical", { given: ["https://api.acme.io", "https://api.acme.io"], want: true }],
  [
    "a trailing slash and host case do not matter",
    { given: ["https://API.acme.io/", "https://api.acme.io"], want: true },
  ],
  ["a different path does", { given: ["https://api.acme.io/v1", "https://api.acme.io"], want: false }],
  [
    "a templated host matches another templated host",
    { given: ["https://{{domain}}", "https://{{subdomain}}.acme.io"], want: true },
  ],
  [
    "…with the same path only",
    { given: ["https://{{domain}}/v1", "https://{{subdomain}}.acme.io"], want: false },
  ],
  [
    "placeholders in the path match by position",
    { given: ["https://acme.io/s/{{store_hash}}", "https://acme.io/s/{{storeHash}}"], want: true },
  ],
  [
    "a templated host does not match a fixed one",
    { given: ["https://{{domain}}", "https://api.acme.io"], want: false },
  ],
  [
    "one of several alternatives",
    { given: ["https://b.acme.io/x", "https://a.acme.io/x || https://b.acme.io/x"], want: true },
  ],
];

describe("urlMatches", () => {
  it.each(urls)("%s", (_name, { given: [got, expected], want }) => {
    expect(urlMatches(got, expected)).toBe(want);
  });
});

describe("scoreConnector", () => {
  const entry: ExpectedEntry = {
    vendor: "acme",
    file: "openapi/acme.json",
    expected: {
      auth: [
        { type: "OAUTH", authorize_uri: "https://acme.io/authorize", token_uri: "https://acme.io/token" },
        { type: "API_KEY", header: "X-Key", also_valid: true },
      ],
      proxy_url: "https://api.acme.io",
      proxy_url_also_accept: ["https://api.acme.io/v1"],
    },
  };
  const warning = (code: string) => ({ code, message: "", pointer: "#" });

  it("accepts an also_valid answer and an also-accepted proxy", () => {
    const payload = connector("Acme").apiKey({ header: "x-key" }).proxy("https://api.acme.io/v1").payload();
    expect(scoreConnector(payload, [], entry)).toEqual({
      authRight: true,
      proxyRight: true,
      silentlyWrong: false,
      wrongWithoutAnyWarning: false,
    });
  });

  it("counts a wrong part without a warning on that part as silently wrong", () => {
    const payload = connector("Acme").bearer().proxy("https://api.acme.io").payload();
    expect(scoreConnector(payload, [warning("proxy-x")], entry)).toMatchObject({
      authRight: false,
      silentlyWrong: true,
      wrongWithoutAnyWarning: false,
    });
    expect(scoreConnector(payload, [warning("auth-x")], entry).silentlyWrong).toBe(false);
  });

  it("checks both OAuth URLs", () => {
    const payload = connector("Acme")
      .oauth({ authorizeUri: "https://acme.io/authorize", tokenUri: "https://acme.io/other" })
      .proxy("https://api.acme.io")
      .payload();
    expect(scoreConnector(payload, [], entry).authRight).toBe(false);
  });
});
