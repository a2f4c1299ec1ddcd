// The WWW-Authenticate grammar (RFC 9110 §11.6.1) and the event-stream reading (WHATWG HTML §9.2.6)
// that discovery depends on, case by case.
import { describe, expect, it } from "vitest";
import { eventData } from "../../scripts/mcp/sse.ts";
import { parseChallenges } from "../../scripts/mcp/www-authenticate.ts";

const plain = (header: string) =>
  parseChallenges(header).map((c) => ({ ...c, params: Object.fromEntries(c.params) }));

describe("parseChallenges", () => {
  it.each([
    ["", []],
    ["Bearer", [{ scheme: "bearer", params: {} }]],
    [
      'Bearer realm="mcp", resource_metadata="https://h/.well-known/oauth-protected-resource/mcp"',
      [
        {
          scheme: "bearer",
          params: { realm: "mcp", resource_metadata: "https://h/.well-known/oauth-protected-resource/mcp" },
        },
      ],
    ],
    [
      'Bearer error="invalid_token", error_description="a, \\"quoted\\" comma", Basic realm="x"',
      [
        { scheme: "bearer", params: { error: "invalid_token", error_description: 'a, "quoted" comma' } },
        { scheme: "basic", params: { realm: "x" } },
      ],
    ],
    ["ApiKey HEADER = X-API-Key", [{ scheme: "apikey", params: { header: "X-API-Key" } }]],
    [
      "Negotiate abc+/def==, Basic",
      [
        { scheme: "negotiate", params: {}, token68: "abc+/def==" },
        { scheme: "basic", params: {} },
      ],
    ],
    [", ,Basic realm=a, realm=b", [{ scheme: "basic", params: { realm: "a" } }]],
  ])("%j", (header, challenges) => {
    expect(plain(header)).toStrictEqual(challenges);
  });
});

describe("eventData", () => {
  it.each([
    ['event: message\ndata: {"id":1}\n\n', ['{"id":1}']],
    ["data:a\r\ndata: b\r\n\r\n: comment\n\ndata: c\n", ["a\nb"]],
    ["id: 7\nretry: 10\n\ndata\n\n", [""]],
  ])("%j", (text, data) => {
    expect(eventData(text)).toStrictEqual(data);
  });
});
