// The retry policy as pure functions: what is retried, how long the backoff is, Retry-After.
import { describe, expect, it } from "vitest";
import { parseErrorBody, redact } from "../../scripts/client/errors.ts";
import { backoffMs, defaultRetryPolicy, isRetryable, retryAfterMs } from "../../scripts/client/retry.ts";

describe("isRetryable", () => {
  it.each([
    [true, undefined, true],
    [false, undefined, false],
    [true, 429, true],
    [false, 429, true],
    [true, 503, true],
    [false, 503, false],
    [true, 500, true],
    [false, 500, false],
    [true, 400, false],
    [true, 404, false],
    [true, 409, false],
  ])("idempotent=%s status=%s → %s", (idempotent, status, expected) => {
    expect(isRetryable(idempotent, status)).toBe(expected);
  });
});

describe("backoffMs", () => {
  it("doubles per retry within [step/2, step] and stops growing at the cap", () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((retry) => backoffMs(policy, retry, () => 0))).toStrictEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([0, 1, 2, 3, 4].map((retry) => backoffMs(policy, retry, () => 1))).toStrictEqual([
      100, 200, 400, 800, 1000,
    ]);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, ignores garbage", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs("Tue, 24 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("Tue, 24 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-1", now)).toBeUndefined();
  });
});

describe("error bodies", () => {
  it("reads gRPC-gateway and OAuth bodies, and tolerates null or text", () => {
    expect(
      parseErrorBody(
        {
          code: 3,
          message: "Validation error",
          details: [
            {
              validation_error_info: {
                field_violations: [{ field: "proxy_url", description: "bad", constraint: "pattern" }],
              },
            },
          ],
        },
        "x",
      ),
    ).toStrictEqual({
      grpcCode: 3,
      message: "Validation error",
      violations: [{ field: "proxy_url", description: "bad", constraint: "pattern" }],
    });
    expect(parseErrorBody({ error: "invalid_client" }, "x")).toStrictEqual({
      message: "invalid_client",
      violations: [],
    });
    expect(parseErrorBody(null, "Bad Gateway")).toStrictEqual({ message: "Bad Gateway", violations: [] });
    expect(parseErrorBody("<html>oops</html>", "x").message).toBe("<html>oops</html>");
  });

  it("redacts every secret occurrence", () => {
    expect(redact("token abc and abc again; secret s3", ["abc", "s3", ""])).toBe(
      "token *** and *** again; secret ***",
    );
  });
});
