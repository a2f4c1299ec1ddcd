// `.verify()` declares the request `sync verify` sends; it must never change the payload.
import { describe, expect, it } from "vitest";
import { connector, DslError } from "../../dsl/index.ts";

const base = connector("My Tracker").apiKey({ header: "X-API-Key" }).proxy("https://api.tracker.example/v1");

describe(".verify()", () => {
  it("records method, path and accepted statuses without touching the payload", () => {
    const checked = base.verify("GET /me?limit=1", { accept: [400] });
    expect(checked.verifyRequest).toEqual({ method: "GET", path: "/me?limit=1", accept: [400] });
    expect(checked.payload()).toEqual(base.payload());
    expect(JSON.stringify(checked)).toBe(JSON.stringify(base));
    expect(base.verifyRequest).toBeUndefined();
  });

  it("keeps a JSON body for POST-only APIs", () => {
    expect(base.verify("POST /search", { body: { q: "" } }).verifyRequest).toEqual({
      method: "POST",
      path: "/search",
      accept: [],
      body: { q: "" },
    });
  });

  it("refuses what is not METHOD /path, or a status that is not HTTP, naming the fix", () => {
    const untyped = base.verify as (request: string, options?: object) => unknown;
    expect((untyped.call(base, "patch /me") as typeof base).verifyRequest?.method).toBe("PATCH");
    expect(() => untyped.call(base, "/me")).toThrow(/write e.g. "GET \/users\/me"/);
    expect(() => untyped.call(base, "FETCH /me")).toThrow(DslError);
    expect(() => untyped.call(base, "GET /me", { accept: [99] })).toThrow(/not an HTTP status/);
  });

  it("comes after .proxy()", () => {
    const unfinished = connector("A").bearer() as unknown as { verify(request: string): unknown };
    expect(() => unfinished.verify("GET /me")).toThrow(/after \.proxy\(url\)/);
  });
});
