// An authorized OAuth account through the tool proxy (scalekit-api.md §9.3): the access token as
// a Bearer token, refreshed when it has expired and after one 401, once for calls that need it
// together; a refresh that fails makes the account EXPIRED.
import { afterEach, describe, expect, it } from "vitest";
import { accountStatus, proxyCall } from "./oauth-helpers.ts";
import { closeAll, setupOAuth } from "./oauth-setup.ts";

afterEach(closeAll);

async function authorized(ttlSeconds = 60) {
  const setup = await setupOAuth({ vendor: { accessTokenTtlSeconds: ttlSeconds } });
  const journey = await setup.authorize();
  expect(journey.status).toBe(200);
  return setup;
}

describe("the tool proxy with an OAuth account", () => {
  it("sends the access token as a Bearer token", async () => {
    const { vendor, client } = await authorized();
    const answer = await proxyCall(client, "acme-crm", "user-1", "/api/me");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ id: "user-1", name: "Test User" });
    expect(vendor.record.apiCalls.at(-1)).toEqual({
      path: "/api/me",
      token: vendor.record.accessTokens[0],
      status: 200,
    });
    expect(vendor.refreshCount).toBe(0);
  });

  it("refreshes a token whose expires_in has passed before calling, once for calls made together", async () => {
    const { vendor, client, advance } = await authorized(60);
    advance(61_000);
    const answers = await Promise.all(
      [1, 2, 3].map(() => proxyCall(client, "acme-crm", "user-1", "/api/me")),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(vendor.refreshCount).toBe(1);
    const refresh = vendor.record.tokenRequests.at(-1);
    expect(refresh).toMatchObject({ grantType: "refresh_token", clientAuth: "post", status: 200 });
    expect(refresh?.form.refresh_token).toBe(vendor.record.refreshTokens[0]);
    // no call went out with the expired token
    expect(
      vendor.record.apiCalls.filter((call) => call.path === "/api/me").map((call) => call.token),
    ).toEqual([vendor.record.accessTokens[1], vendor.record.accessTokens[1], vendor.record.accessTokens[1]]);
  });

  it("refreshes after one 401 and sends the call again", async () => {
    const { vendor, client } = await authorized();
    vendor.revokeAccessTokens();
    const answer = await proxyCall(client, "acme-crm", "user-1", "/api/me");
    expect(answer.status).toBe(200);
    expect(vendor.refreshCount).toBe(1);
    expect(vendor.record.apiCalls.slice(-2).map((call) => call.status)).toEqual([401, 200]);
    // the rotated refresh token is the one used next time
    vendor.revokeAccessTokens();
    expect((await proxyCall(client, "acme-crm", "user-1", "/api/me")).status).toBe(200);
    expect(vendor.record.tokenRequests.at(-1)?.form.refresh_token).toBe(vendor.record.refreshTokens[1]);
  });

  it("answers the upstream's 401 when the refresh fails, and the account is EXPIRED", async () => {
    const { vendor, client } = await authorized();
    vendor.revokeAccessTokens();
    vendor.revokeRefreshTokens();
    const answer = await proxyCall(client, "acme-crm", "user-1", "/api/me");
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({ error: "invalid_token" });
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("EXPIRED");
    const next = await proxyCall(client, "acme-crm", "user-1", "/api/me");
    expect(next.status).toBe(400);
    expect(JSON.parse(next.text).message).toBe(
      "the connected account is EXPIRED, not ACTIVE: authorize it first",
    );
  });

  it("refuses with TOKEN_REFRESH_FAILED when an expired token cannot be refreshed", async () => {
    const { vendor, client, advance } = await authorized(60);
    vendor.revokeRefreshTokens();
    advance(61_000);
    const answer = await proxyCall(client, "acme-crm", "user-1", "/api/me");
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text);
    expect(body.details[0].error_code).toBe("TOKEN_REFRESH_FAILED");
    expect(body.message).toBe(
      "the connected account's access token expired and could not be refreshed " +
        "(token_error: invalid_grant: unknown or revoked refresh token): authorize it again",
    );
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("EXPIRED");
    expect(vendor.record.apiCalls.filter((call) => call.path === "/api/me")).toEqual([]);
  });

  it("an authorized account authorized again keeps working with the new tokens", async () => {
    const { vendor, client, authorize } = await authorized();
    expect((await authorize()).status).toBe(200);
    expect((await proxyCall(client, "acme-crm", "user-1", "/api/me")).status).toBe(200);
    expect(vendor.record.apiCalls.at(-1)?.token).toBe(vendor.record.accessTokens[1]);
  });
});
