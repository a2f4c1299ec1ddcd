// Scalekit's side of OAuth in the emulator (scalekit-api.md §10.3), end to end over real HTTP on
// 127.0.0.1: a link from magic_link, a headless user through the fake vendor and back, the code
// exchange, then ACTIVE (or user_verify_url and user/verify). The failures are oauth-failures.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { followLink } from "../oauth/user.ts";
import { accountStatus, attempts, magicLink } from "./oauth-helpers.ts";
import { clientId, closeAll, type SetupOptions, setupOAuth, verifyUrl } from "./oauth-setup.ts";

afterEach(closeAll);
const oauthSetup = (options: SetupOptions = {}) => setupOAuth(options);

describe("authorization links", () => {
  it("take the user to the vendor and back: the code is exchanged and the account is ACTIVE", async () => {
    const { vendor, client, running, connection } = await oauthSetup();
    const made = await magicLink(client, { connector: "acme-crm", identifier: "user-1" });
    expect(made.status).toBe(200);
    expect(made.body.link).toMatch(new RegExp(`^${running.emulator.url}/magic/[A-Za-z0-9_-]{32}$`));
    const expiry = Date.parse(made.body.expiry) - Date.now();
    expect(expiry).toBeGreaterThan(9 * 60_000);
    expect(expiry).toBeLessThanOrEqual(10 * 60_000);
    expect(made.body.expiry).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const journey = await followLink(made.body.link);
    expect(journey.status).toBe(200);
    expect(journey.body).toContain("Connected");
    expect(journey.visits.map((visit) => new URL(visit.url).pathname)).toEqual([
      expect.stringMatching(/^\/magic\//),
      "/authorize",
      `/sso/v1/oauth/${connection.id}/callback`,
    ]);
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("ACTIVE");

    const [asked] = vendor.record.authorizeRequests;
    expect(asked).toMatchObject({
      response_type: "code",
      client_id: clientId,
      redirect_uri: connection.redirectUri,
      scope: "contacts.read offline",
      code_challenge_method: "S256",
    });
    expect(asked?.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked?.state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // client_secret_post by default, with the verifier and the same redirect_uri
    const [exchange] = vendor.record.tokenRequests;
    expect(exchange).toMatchObject({ grantType: "authorization_code", clientAuth: "post", status: 200 });
    expect(exchange?.form).toMatchObject({ client_id: clientId, redirect_uri: connection.redirectUri });
    expect(exchange?.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // user_info_uri is called once, with the new token
    expect(vendor.record.apiCalls).toEqual([
      { path: "/userinfo", token: vendor.record.accessTokens[0], status: 200 },
    ]);
    expect((await attempts(client)).at(-1)).toMatchObject({ stage: "active", user_info: "ok (HTTP 200)" });

    // one use only
    const again = await followLink(made.body.link);
    expect(again.status).toBe(400);
    expect(again.body).toContain("already used");
  });

  it("with user_verify_url, wait for user/verify, which needs the same identifier", async () => {
    const { client, authorize } = await oauthSetup();
    const journey = await authorize({ user_verify_url: verifyUrl, state: "app-state-1" });
    expect(journey.stopped).toBe(true);
    const query = new URL(journey.url).searchParams;
    expect(query.get("state")).toBe("app-state-1");
    const id = query.get("auth_request_id") ?? "";
    expect(id).not.toBe("");
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
    const verified = await client.call("POST", "/api/v1/connected_accounts/user/verify", {
      body: { auth_request_id: id, identifier: "user-1" },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ post_user_verify_redirect_url: "" });
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("ACTIVE");
    const reused = await client.call("POST", "/api/v1/connected_accounts/user/verify", {
      body: { auth_request_id: id, identifier: "user-1" },
    });
    expect(reused.status).toBe(404);

    // another identifier is refused, and uses the request up
    const second = await authorize({ user_verify_url: verifyUrl });
    const other = new URL(second.url).searchParams.get("auth_request_id");
    const mismatch = await client.call("POST", "/api/v1/connected_accounts/user/verify", {
      body: { auth_request_id: other, identifier: "someone-else" },
    });
    expect(mismatch.status).toBe(403);
    const late = await client.call("POST", "/api/v1/connected_accounts/user/verify", {
      body: { auth_request_id: other, identifier: "user-1" },
    });
    expect(late.status).toBe(404);
  });

  it("authenticate with HTTP Basic when the connection says client_secret_basic", async () => {
    const { vendor, client, authorize } = await oauthSetup({
      vendor: { clientAuth: "client_secret_basic" },
      settings: { token_endpoint_auth_method: "client_secret_basic" },
    });
    expect((await authorize()).status).toBe(200);
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("ACTIVE");
    const [exchange] = vendor.record.tokenRequests;
    expect(exchange?.clientAuth).toBe("basic");
    expect(exchange?.form.client_secret).toBeUndefined();
  });

  it("refuse what cannot be authorized, with the reason", async () => {
    const { client, running } = await oauthSetup();
    const link = (body: Record<string, unknown>) => magicLink(client, body);
    expect((await link({ connector: "nosuch", identifier: "user-1" })).status).toBe(404);
    const noAccount = await link({ connector: "acme-crm", identifier: "nobody" });
    expect(noAccount.status).toBe(404);
    expect(noAccount.body.message).toBe("connected account not found");
    const badUrl = await link({ connector: "acme-crm", identifier: "user-1", user_verify_url: "/relative" });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.message).toBe("user_verify_url must be an absolute http(s) URL");
    const [connection] = (await client.call<{ connections: { id: string }[] }>("GET", "/api/v1/connections"))
      .body.connections;
    await client.call("PATCH", `/api/v1/connections/${connection?.id}:disable`);
    const disabled = await link({ connector: "acme-crm", identifier: "user-1" });
    expect(disabled.status).toBe(400);
    expect(disabled.body.details[0]?.error_code).toBe("FAILED_PRECONDITION");
    expect(disabled.body.message).toContain("is disabled");
    await client.call("PATCH", `/api/v1/connections/${connection?.id}:enable`);
    await client.call("PATCH", `/api/v1/connections/${connection?.id}`, {
      body: { oauth_config: { client_id: clientId, scopes: [] } },
    });
    const noSecret = await link({ connector: "acme-crm", identifier: "user-1" });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.message).toContain("has no client_id and client_secret");
    expect(running.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it("expire after 10 minutes, and say so", async () => {
    const { client, advance } = await oauthSetup();
    const made = await magicLink(client, { connector: "acme-crm", identifier: "user-1" });
    advance(10 * 60_000 + 1);
    const journey = await followLink(made.body.link);
    expect(journey.status).toBe(400);
    expect(journey.body).toContain("has expired");
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
  });

  it("record a failed user info call without failing the authorization", async () => {
    const { client, authorize } = await oauthSetup({
      config: { user_info_uri: "https://login.acme.example/no-such-userinfo" },
    });
    expect((await authorize()).status).toBe(200);
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("ACTIVE");
    expect((await attempts(client)).at(-1)?.user_info).toBe(
      "failed: HTTP 404 from login.acme.example/no-such-userinfo",
    );
  });
});
