// Generated source shows vendor text as it is: no bidirectional override can reorder how the code
// reads (Trojan Source), and no zero-width, format or control character can hide text, in string
// literals or in comments. In a literal the escape is the same string; in a comment it is visible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentLines, json } from "../../scripts/codegen/literal.ts";
import { renderConnectorSource } from "../../scripts/codegen/render.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not appear
const hidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;
const tricky = fc.string({
  unit: fc.constantFrom(
    "a",
    " ",
    "\t",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200f",
    "\ufeff",
    "\u00ad",
    "\u061c",
    "\u0007",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u2028",
    "\u2029",
    "\n",
    "\r",
    "\u{e0041}",
    "*/",
    "é",
  ),
  maxLength: 40,
});

describe("generated literals", () => {
  it("are the same string, with nothing hidden in the source", () => {
    fc.assert(
      fc.property(tricky, (text) => {
        const source = json(text);
        expect(JSON.parse(source)).toBe(text);
        expect(source).not.toMatch(hidden);
        expect(source).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
    );
  });
});

describe("generated comments", () => {
  it("are // lines showing each hidden character as \\uXXXX", () => {
    fc.assert(
      fc.property(tricky, (text) => {
        for (const line of commentLines(text)) {
          expect(line.startsWith("//")).toBe(true);
          expect(line).not.toMatch(hidden);
          expect(line).not.toMatch(/[\n\r\u2028\u2029]|\*\//);
        }
      }),
    );
    expect(commentLines("isAdmin \u202e } \u2066 if (isAdmin)")).toStrictEqual([
      "// isAdmin \\u202e } \\u2066 if (isAdmin)",
    ]);
  });

  it("and a rendered connector carries none in its code either", () => {
    const description = "Lists users\u202e; deleteAll()\u2066 safely";
    const source = renderConnectorSource(
      {
        display_name: "Acme",
        description,
        auth_patterns: [
          {
            type: "BEARER",
            display_name: "Bearer\u200b Token",
            description: "",
            fields: [{ field_name: "token", label: "Token", input_type: "password", required: true }],
          },
        ],
        proxy_url: "https://api.acme.io",
        proxy_enabled: true,
      },
      { importFrom: "connectorkit", header: ["From a spec titled Acme\u202e"], notes: [`- ${description}`] },
    );
    expect(source).not.toMatch(hidden);
    expect(source).toContain('.description("Lists users\\u202e; deleteAll()\\u2066 safely")');
    expect(source).toContain("// - Lists users\\u202e; deleteAll()\\u2066 safely");
  });
});
