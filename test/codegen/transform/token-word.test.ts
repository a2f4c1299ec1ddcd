// A key in Authorization whose format the document does not state: a scheme named with a token
// word ("GenieKey", "SSWS", "Token") is the prefix candidate the warning names, not Bearer.
import { describe, expect, it } from "vitest";
import { tokenWordPrefix } from "../../../scripts/codegen/transform/key-prefix.ts";
import { authOf, inferOf, oas3 } from "../spec-helpers.ts";

const words: [string, string, string | undefined][] = [
  ["a vendor's scheme word", "GenieKey", "GenieKey "],
  ["an upper-case scheme", "SSWS", "SSWS "],
  ["Token itself", "Token", "Token "],
  ["a hyphenated scheme", "Acme-API-Key", "Acme-API-Key "],
  ["words for any key", "API Key", undefined],
  ["an identifier for any key", "api_key", undefined],
  ["camel-cased words for any key", "ApiKeyAuth", undefined],
  ["words for any token", "accessToken", undefined],
  ["Bearer, which .bearer() says", "Bearer", undefined],
];

describe("token words", () => {
  it.each(words)("%s: %s", (_name, given, want) => {
    expect(tokenWordPrefix(given, "")).toBe(want);
  });

  it("reads the description when it is a token word and the name is not", () => {
    expect(tokenWordPrefix("api_key", "SSWS")).toBe("SSWS ");
    expect(tokenWordPrefix("api_key", "Your API key")).toBeUndefined();
  });

  const keyIn = (name: string, description = "") =>
    inferOf(
      oas3({
        components: {
          securitySchemes: { [name]: { type: "apiKey", in: "header", name: "Authorization", description } },
        },
        security: [{ [name]: [] }],
      }),
    );

  it("names the candidate and the call that applies it, and sends the key as typed meanwhile", () => {
    const inference = keyIn("GenieKey");
    expect(authOf(inference)).toMatchObject({ type: "API_KEY", prefix: undefined });
    const warning = inference.warnings.find((w) => w.code === "auth-raw-authorization");
    expect(warning?.message).toContain(
      'the scheme\'s name reads as the prefix: if the API wants "GenieKey <key>", add .mutate("api_key", { prefix: "GenieKey " })',
    );
    expect(warning?.message).not.toContain("Bearer");
  });

  it("names Bearer when the scheme's name is only words for a key", () => {
    const warning = keyIn("API Key").warnings.find((w) => w.code === "auth-raw-authorization");
    expect(warning?.message).toContain('if the API wants "Bearer <key>", use .bearer()');
  });
});
