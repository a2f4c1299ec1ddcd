// The hand-rolled readers of prose and names: key prefixes, placeholder and test hosts, names.
import { describe, expect, it } from "vitest";
import {
  isCredentialName,
  isPlaceholderHost,
  isTestServer,
  regionLabel,
} from "../../../scripts/codegen/transform/host-words.ts";
import { cleanName } from "../../../scripts/codegen/transform/info.ts";
import { statedPrefix } from "../../../scripts/codegen/transform/key-prefix.ts";
import { inferOf, oas3 } from "../spec-helpers.ts";

const prefixes: [string, { given: string; want: string | undefined }][] = [
  [
    "a header example with a {placeholder}",
    { given: "Send `Authorization: SSWS {API Token}`", want: "SSWS " },
  ],
  [
    "a code span with a <placeholder>",
    { given: "The API Key with format `Token token=<API_KEY>`", want: "Token token=" },
  ],
  [
    "a code span with a your-… placeholder",
    { given: "set the header to `Acme-Key your-private-key`", want: "Acme-Key " },
  ],
  [
    "prose: prefix with a quoted word",
    { given: "Prefix your token with 'Bearer ', e.g. 'Bearer abc'", want: "Bearer " },
  ],
  ["prose: prefixed with a bare word", { given: "The token, prefixed with SSWS.", want: "SSWS " }],
  ["the Bearer scheme before a placeholder", { given: "Format: Bearer {token}", want: "Bearer " }],
  ["HTML-escaped placeholders", { given: "Send <code>Token &lt;key&gt;</code>", want: undefined }],
  ["HTML-escaped header example", { given: "Authorization: Token &lt;key&gt;", want: "Token " }],
  ["the word bearer without a placeholder", { given: "A bearer token from the console.", want: undefined }],
  ["no stated format", { given: "Your API token.", want: undefined }],
  ["an empty description", { given: "", want: undefined }],
];

const hosts: [string, { given: string; want: { placeholder: boolean; test: boolean } }][] = [
  ["a real API host", { given: "api.acme.io", want: { placeholder: false, test: false } }],
  ["a private address", { given: "192.168.1.20:8080", want: { placeholder: false, test: true } }],
  ["a test word glued to api", { given: "apitest.acme.io", want: { placeholder: false, test: true } }],
  ["a test word inside another word", { given: "latest.acme.io", want: { placeholder: false, test: false } }],
  ["a public address", { given: "203.0.113.7", want: { placeholder: false, test: false } }],
  ["your-… label", { given: "your-domain.acme.net", want: { placeholder: true, test: false } }],
  [
    "yourAccountName label",
    { given: "yourAccountName.api-us1.com", want: { placeholder: true, test: false } },
  ],
  [
    "a label of placeholder words",
    { given: "org-account.acme.com", want: { placeholder: true, test: false } },
  ],
  ["a dummy id label", { given: "abc123.acme.com", want: { placeholder: true, test: false } }],
  ["a reserved TLD", { given: "acme.local", want: { placeholder: true, test: false } }],
  ["an example domain", { given: "api.example.com", want: { placeholder: true, test: false } }],
  [
    "a two-label host is never a placeholder by its first label",
    { given: "server.io", want: { placeholder: false, test: false } },
  ],
  ["a sandbox host", { given: "api-m.sandbox.acme.com", want: { placeholder: false, test: true } }],
  ["a -test host", { given: "checkout-test.acme.com", want: { placeholder: false, test: true } }],
  ["developer is not dev", { given: "developer.acme.com", want: { placeholder: false, test: false } }],
];

const names: [string, { given: string; want: string }][] = [
  ["a plain title", { given: "Acme", want: "Acme" }],
  ["trailing API words go", { given: "Acme REST API v2", want: "Acme" }],
  ["punctuation becomes spaces", { given: "Acme|Widgets (Preview) - API", want: "Acme Widgets" }],
  ["possessives and apostrophes vanish", { given: "Acme's O'Brien API", want: "Acme OBrien" }],
  ["words about the document end the name", { given: "Acme Web API with extras", want: "Acme" }],
  ["only generic words → empty", { given: "API Reference", want: "" }],
  ["accented letters keep their base letter", { given: "Café Crème API", want: "Cafe Creme" }],
  ["letters with no ASCII base become spaces", { given: "東京 Café API", want: "Cafe" }],
  [
    "capped at 200 characters on a word boundary",
    { given: `${"word ".repeat(60)}`, want: "word ".repeat(40).trim() },
  ],
];

describe("key prefixes stated in descriptions", () => {
  it.each(prefixes)("%s", (_name, { given, want }) => {
    expect(statedPrefix(given, "Authorization")).toBe(want);
  });
});

describe("host words", () => {
  it.each(hosts)("%s", (_name, { given, want }) => {
    expect({ placeholder: isPlaceholderHost(given), test: isTestServer(given, "") }).toEqual(want);
  });

  it.each([
    ["token", true],
    ["api_key", true],
    ["accessToken", true],
    ["store", false],
    ["tokenizer", false],
  ] as const)("credential variable name %s → %s", (name, want) => {
    expect(isCredentialName(name)).toBe(want);
  });
});

describe("region labels", () => {
  it.each([
    ["fra1.acme.io", "fra1"],
    ["api.eu.acme.io", "eu"],
    ["api-us2.acme.io", "us2"],
    ["api2.acme.io", undefined],
    ["acme.eu", undefined],
    ["users.acme.io", undefined],
  ] as const)("%s → %s", (host, want) => {
    expect(regionLabel(host)).toBe(want);
  });
});

describe("display names", () => {
  it.each(names)("%s", (_name, { given, want }) => {
    expect(cleanName(given)).toBe(want);
  });

  it("falls back to the API host's name, with a warning", () => {
    const inference = inferOf(oas3({ info: { title: "API", version: "1" } }));
    expect(inference.connector.display_name).toBe("Acme");
    expect(inference.warnings.map((w) => w.code)).toContain("name-from-host");
  });

  it.each([
    ["a title naming only a part of the API", "Orders", "https://api.acme.io", true],
    ["a title naming the vendor", "Acme Orders", "https://api.acme.io", false],
    ["a vendor word the host spells with more", "Acme Sign", "https://api.acmesign.io", false],
    ["a tenant's own host says nothing of the vendor", "Orders", "https://{tenant}.acme.io", false],
  ] as const)("%s: a name-not-vendor warning is %s", (_name, title, url, warned) => {
    const inference = inferOf(oas3({ info: { title, version: "1" }, servers: [{ url }] }));
    expect(inference.connector.display_name).toBe(title);
    expect(inference.warnings.some((w) => w.code === "name-not-vendor")).toBe(warned);
  });

  it("--name wins, cleaned", () => {
    const inference = inferOf(oas3(), { name: "My-Acme" });
    expect(inference.connector.display_name).toBe("My Acme");
    expect(inference.warnings.map((w) => w.code)).toContain("name-cleaned");
  });

  it("the description is the first sentence or two, as plain text", () => {
    const description =
      "# Intro\n\nThe **Acme** API manages [widgets](https://acme.io). It is fast.\n\nMore details follow here, at length.";
    const inference = inferOf(oas3({ info: { title: "Acme", version: "1", description } }));
    expect(inference.connector.description).toBe("The Acme API manages widgets. It is fast.");
  });
});
