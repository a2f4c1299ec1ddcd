// `.verify()` declares the request `sync verify` sends; it must never change the payload.
import { describe, expect, it } from "vitest";
import { connector, DslError } from "../../dsl/index.ts";

const base = connector("My Tracker").apiKey({ header: "X-API-Key" }).proxy("https://api.tracker.example/v1");

describe(".verify()", () => {
  it("records method, path and accepted statuses without touching the payload", () => {
    const checked = base.verify("GET /me?limit=1", { accept: [400] });
    expect(checked.verifyRequest).toEqual({
      method: "GET",
      path: "/me?limit=1",
      accept: [400],
      headers: {},
    });
    expect(checked.payload()).toEqual(base.payload());
    expect(JSON.stringify(checked)).toBe(JSON.stringify(base));
    expect(base.verifyRequest).toBeUndefined();
  });

  it("keeps a JSON body for POST-only APIs", () => {
    expect(base.verify("POST /search", { body: { q: "" } }).verifyRequest).toEqual({
      method: "POST",
      path: "/search",
      accept: [],
      headers: {},
      body: { type: "json", value: { q: "" } },
    });
  });

  it("carries headers, and a form or raw body, one body at most", () => {
    const form = base.verify("POST /token/check", {
      form: { q: "" },
      headers: { "X-Api-Version": "2025-01" },
    });
    expect(form.verifyRequest).toMatchObject({
      headers: { "X-Api-Version": "2025-01" },
      body: { type: "form", value: { q: "" } },
    });
    const raw = base.verify("POST /soap", { raw: "<Ping/>", headers: { "Content-Type": "text/xml" } });
    expect(raw.verifyRequest?.body).toEqual({ type: "raw", value: "<Ping/>" });
    const untyped = base.verify as (request: string, options?: object) => unknown;
    expect(() => untyped.call(base, "POST /x", { body: {}, raw: "x" })).toThrow(/one body: body and raw/);
    expect(() => untyped.call(base, "GET /x", { body: {} })).toThrow(/GET request has no body/);
  });

  it("refuses headers that are the proxy's own or that could split the request", () => {
    const untyped = base.verify as (request: string, options?: object) => unknown;
    for (const name of ["Authorization", "connection_name", "identifier", "Host", "Content-Length"])
      expect(() => untyped.call(base, "GET /me", { headers: { [name]: "x" } })).toThrow(/the proxy's own/);
    expect(() => untyped.call(base, "GET /me", { headers: { "X-A": "a\r\nX-B: b" } })).toThrow(/one line/);
    expect(() => untyped.call(base, "GET /me", { headers: { "X A": "a" } })).toThrow(/not a header name/);
  });

  it("refuses dot segments, raw, percent-encoded or backslashed, so a request stays under /proxy/", () => {
    const untyped = base.verify as (request: string, options?: object) => unknown;
    for (const path of [
      "/../api/v1/custom-providers/X",
      "/%2e%2e/api/v1/custom-providers/X",
      "/%2E%2e/api",
      "/a/%252e%252e/api",
      "/a/..%2fapi",
      "/..\\api",
      "/a%5c..%5capi",
      "/./me",
      "/me/..",
      "/me#x",
    ]) {
      expect(() => untyped.call(base, `DELETE ${path}`), path).toThrow(DslError);
    }
    for (const path of ["/me", "/a..b/c", "/.well-known/x", "/me?next=../x", "/%7Euser"]) {
      expect((untyped.call(base, `GET ${path}`) as typeof base).verifyRequest?.path).toBe(path);
    }
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
