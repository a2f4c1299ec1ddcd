// generate's terminal output shows what a document or server controls as plain text: escape
// sequences, bidirectional overrides and zero-width characters in its names, URLs, pointers and
// messages are printed as \uXXXX, so they cannot rewrite the terminal or reorder the line.
import { describe, expect, it } from "vitest";
import type { Payload } from "../../dsl/payload.ts";
import { printReport } from "../../scripts/codegen/print.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: what a terminal must not receive raw
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;

const connector = (proxyUrl: string): Payload => ({
  display_name: "Acme",
  description: "",
  auth_patterns: [
    {
      type: "API_KEY",
      display_name: "API Key",
      description: "",
      auth_header_key_override: "X-Key",
      fields: [{ field_name: "api_key", label: "Key", input_type: "password", required: true }],
    },
  ],
  proxy_url: proxyUrl,
  proxy_enabled: true,
});

describe("generate's summary", () => {
  it("escapes control and format characters from the document, keeping its own line breaks", () => {
    let printed = "";
    printReport(
      {
        results: [
          {
            spec: "specs/acme.yaml",
            file: "generated/connectors/acme.ts",
            connector: connector("https://api.acme.io/\u202egpj.exe"),
            verify: "GET /me\u001b[2J",
            warnings: [
              {
                code: "proxy-host-not-api",
                message: "the server is \u001b]0;pwned\u0007acme.io",
                pointer: "#/servers/0\u200b",
              },
            ],
            inferred: [{ what: "alternative auth BEARER\u2066 (hidden)", from: "#" }],
            status: "written",
          },
        ],
        errors: [
          {
            spec: "specs/evil\u001b[1A.yaml",
            message: "the connector is not valid:\n✖ display_name \u009b31m\n  → use another",
            parts: { message: "", fix: "" },
          },
        ],
      },
      // picocolors' own colour codes, should colour be on, are not the document's
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the colour codes removed
      { write: (text: string) => (printed += text.replace(/\u001b\[\d+m/g, "")) },
      0.1,
    );
    expect(printed).not.toMatch(raw);
    expect(printed).toContain("https://api.acme.io/\\u202egpj.exe");
    expect(printed).toContain("the server is \\u001b]0;pwned\\u0007acme.io");
    expect(printed).toContain("at #/servers/0\\u200b");
    expect(printed).toContain('.verify("GET /me\\u001b[2J")');
    expect(printed).toContain("alternatives: BEARER\\u2066 (hidden)");
    expect(printed).toContain(
      "specs/evil\\u001b[1A.yaml: the connector is not valid:\n    ✖ display_name \\u009b31m\n",
    );
  });
});
