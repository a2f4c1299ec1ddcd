// The bench's scoring rules: which generated URLs and auth count as the expected answer.
import { describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import {
  type ExpectedEntry,
  halves,
  isHard,
  proxyUrlMatches,
  scoreConnector,
  tally,
  urlMatches,
} from "../../scripts/codegen/score.ts";

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

const proxies: [string, { given: [string, string]; want: boolean }][] = [
  [
    "a base and the same base with a version",
    { given: ["https://api.acme.io", "https://api.acme.io/v2"], want: true },
  ],
  ["…either way round", { given: ["https://api.acme.io/v2/", "https://API.acme.io"], want: true }],
  [
    "a part of a segment is not a prefix",
    { given: ["https://api.acme.io/v", "https://api.acme.io/v2"], want: false },
  ],
  [
    "different paths under one host",
    { given: ["https://api.acme.io/v1", "https://api.acme.io/v2"], want: false },
  ],
  ["another host", { given: ["https://api.acme.io/v2", "https://acme.io/v2"], want: false }],
  [
    "two templated hosts with prefix paths",
    { given: ["https://{{domain}}", "https://{{subdomain}}.acme.io/api"], want: true },
  ],
  [
    "a templated host against a fixed one",
    { given: ["https://{{domain}}/api", "https://api.acme.io/api"], want: false },
  ],
  [
    "an alternative",
    { given: ["https://b.acme.io/x/y", "https://a.acme.io || https://b.acme.io/x"], want: true },
  ],
];

describe("proxyUrlMatches", () => {
  it.each(proxies)("%s", (_name, { given: [got, expected], want }) => {
    expect(proxyUrlMatches(got, expected)).toBe(want);
  });
});

describe("halves and tallies", () => {
  it("splits vendors into two fixed halves of equal size, whatever their order", () => {
    const vendors = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
    const split = halves(vendors);
    expect([...split.values()].filter((half) => half === "A")).toHaveLength(3);
    expect(halves([...vendors].reverse())).toEqual(split);
  });

  it("counts non-HARD vendors apart, and a failed generation as wrong but not silent", () => {
    const entry = (vendor: string, notes: string): ExpectedEntry => ({
      vendor,
      file: `openapi/${vendor}.json`,
      notes,
      expected: { auth: [], proxy_url: "https://x.io" },
    });
    const hard = entry("a", "HARD: the host is not in the document");
    expect(isHard(hard)).toBe(true);
    expect(isHard(entry("b", "a note that mentions HARD later"))).toBe(false);
    const sure = { authSure: true, proxySure: true };
    expect(
      tally([
        { entry: hard, score: { authRight: true, proxyRight: true, silentlyWrong: false, ...sure } },
        {
          entry: entry("b", ""),
          score: { authRight: true, proxyRight: true, silentlyWrong: false, ...sure },
        },
        {
          entry: entry("c", ""),
          score: { authRight: false, proxyRight: true, silentlyWrong: true, ...sure },
        },
        { entry: entry("d", ""), score: undefined },
      ]),
    ).toMatchObject({ n: 4, both: 2, derivable: 3, bothDerivable: 1, silent: 1 });
  });

  it("counts parts: right, sure (unwarned) and both, for sure-precision and sure-recall", () => {
    const entry: ExpectedEntry = { vendor: "a", file: "a.json", expected: { auth: [], proxy_url: "x" } };
    const rows = [
      // right and sure on both parts
      { authRight: true, proxyRight: true, silentlyWrong: false, authSure: true, proxySure: true },
      // right auth with a warning on it; wrong proxy_url with none (silently wrong)
      { authRight: true, proxyRight: false, silentlyWrong: true, authSure: false, proxySure: true },
      // wrong and warned on both
      { authRight: false, proxyRight: false, silentlyWrong: false, authSure: false, proxySure: false },
    ].map((score) => ({ entry, score }));
    // a failed generation has no parts to count
    expect(tally([...rows, { entry, score: undefined }])).toMatchObject({
      rightParts: 3,
      sureParts: 3,
      sureRight: 2,
    });
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
      authSure: true,
      proxySure: true,
    });
  });

  it("counts a wrong part without a warning on that part as silently wrong", () => {
    const payload = connector("Acme").bearer().proxy("https://api.acme.io").payload();
    expect(scoreConnector(payload, [warning("proxy-x")], entry)).toMatchObject({
      authRight: false,
      silentlyWrong: true,
    });
    expect(scoreConnector(payload, [warning("auth-x")], entry).silentlyWrong).toBe(false);
  });

  it("calls a part sure when no warning names it, whatever the other part's warnings", () => {
    const payload = connector("Acme").bearer().proxy("https://api.acme.io").payload();
    expect(scoreConnector(payload, [warning("proxy-x"), warning("name-x")], entry)).toMatchObject({
      authSure: true,
      proxySure: false,
    });
  });

  it("checks both OAuth URLs", () => {
    const payload = connector("Acme")
      .oauth({ authorizeUri: "https://acme.io/authorize", tokenUri: "https://acme.io/other" })
      .proxy("https://api.acme.io")
      .payload();
    expect(scoreConnector(payload, [], entry).authRight).toBe(false);
  });
});
