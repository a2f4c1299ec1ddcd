// Each way an authorization can fail, through the emulator and the fake vendor over real HTTP:
// the error code the app's user_verify_url (or the page) gets, and the account left PENDING_AUTH.
import { afterEach, describe, expect, it } from "vitest";
import { followLink } from "../oauth/user.ts";
import { accountStatus, attempts, magicLink } from "./oauth-helpers.ts";
import { closeAll, type SetupOptions, setupOAuth, verifyUrl } from "./oauth-setup.ts";
import { closedOrigin, startUpstream } from "./upstream.ts";

afterEach(closeAll);
const oauthSetup = (options: SetupOptions = {}) => setupOAuth(options);

const errorOf = (url: string) => {
  const query = new URL(url).searchParams;
  return {
    error: query.get("error"),
    description: query.get("error_description"),
    state: query.get("state"),
  };
};

describe("a failed authorization lands as its error code; the account stays PENDING_AUTH", () => {
  it.each([
    [
      "the vendor refuses the client",
      { vendor: { refuseClient: true } },
      "unauthorized_client",
      /may not use/,
    ],
    ["the user denies", { vendor: { user: "deny" as const } }, "access_denied", /denied/],
    [
      "a required scope is not asked for",
      { vendor: { requiredScopes: ["contacts.write"] } },
      "invalid_scope",
      /contacts\.write/,
    ],
    [
      "the vendor requires PKCE and the connection has it off",
      { vendor: { requirePkce: true }, settings: { pkce_enabled: false } },
      "invalid_request",
      /code_challenge required/,
    ],
    [
      "the client secret is wrong",
      { settings: { client_secret: "not-the-secret" } },
      "token_error",
      /^invalid_client: client authentication failed$/,
    ],
    [
      "the vendor wants HTTP Basic and gets the secret in the body",
      { vendor: { clientAuth: "client_secret_basic" as const } },
      "token_error",
      /^invalid_client: /,
    ],
    [
      "token_uri is a wrong path",
      { config: { token_uri: "https://login.acme.example/oauth/token" } },
      "invalid_token_response",
      /^HTTP 404 from login\.acme\.example\/oauth\/token: not an OAuth token response$/,
    ],
    [
      "authorize_uri is not a URL",
      { config: { authorize_uri: "login.acme.example/authorize" } },
      "invalid_connector",
      /^the connector's oauth_config\.authorize_uri "login\.acme\.example\/authorize" is not an http\(s\) URL$/,
    ],
  ])("%s", async (_, options, code, description) => {
    const { client, authorize } = await oauthSetup(options);
    const journey = await authorize({ user_verify_url: verifyUrl, state: "s-1" });
    expect(journey.stopped).toBe(true);
    const said = errorOf(journey.url);
    expect(said.error).toBe(code);
    expect(said.description).toMatch(description);
    expect(said.state).toBe("s-1");
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
    expect((await attempts(client)).at(-1)).toMatchObject({ stage: "failed", error: code });
  });

  it("an unreachable token_uri is token_endpoint_unreachable; without user_verify_url, a page says so", async () => {
    const dead = await closedOrigin();
    const { client, authorize } = await oauthSetup({
      config: { token_uri: "https://dead.acme.example/token" },
      connectTo: [`dead.acme.example=${dead}`],
    });
    const journey = await authorize();
    expect(journey.status).toBe(400);
    expect(journey.body).toContain("Authorization failed");
    expect(journey.body).toContain(
      "<code>token_endpoint_unreachable</code>: token endpoint dead.acme.example: ECONNREFUSED",
    );
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
  });

  it("a token endpoint that stalls or answers without end is given up on, within the limits", async () => {
    const stalled = await startUpstream(() => ({ status: 200, stall: true }));
    const huge = await startUpstream(() => ({
      status: 200,
      body: `{"access_token":"${"x".repeat(70_000)}"}`,
    }));
    for (const [host, origin, code, description] of [
      [
        "stall",
        stalled.origin,
        "token_endpoint_unreachable",
        "token endpoint stall.acme.example did not answer within 300 ms",
      ],
      [
        "huge",
        huge.origin,
        "invalid_token_response",
        "token endpoint huge.acme.example answered more than 65536 bytes",
      ],
    ] as const) {
      const { authorize } = await oauthSetup({
        config: { token_uri: `https://${host}.acme.example/token` },
        connectTo: [`${host}.acme.example=${origin}`],
        proxyTimeoutMs: 300,
      });
      const said = errorOf((await authorize({ user_verify_url: verifyUrl })).url);
      expect(said).toMatchObject({ error: code, description });
    }
    await Promise.all([stalled.close(), huge.close()]);
  });

  it("a redirect URI the vendor does not know: the vendor shows its page and never sends the user back", async () => {
    const { client, authorize } = await oauthSetup({ registered: "https://elsewhere.example/callback" });
    const journey = await authorize({ user_verify_url: verifyUrl });
    expect(journey.stopped).toBe(false);
    expect(new URL(journey.url).pathname).toBe("/authorize");
    expect(journey.status).toBe(400);
    expect(journey.body).toContain("Invalid redirect URI");
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
    expect((await attempts(client)).at(-1)?.stage).toBe("sent_to_vendor");
  });

  it("a wrong authorize_uri: the user cannot reach it", async () => {
    const dead = await closedOrigin();
    const { client, authorize } = await oauthSetup({
      config: { authorize_uri: "https://dead.acme.example/authorize" },
      connectTo: [`dead.acme.example=${dead}`],
    });
    const journey = await authorize();
    expect(journey.unreachable).toBe("ECONNREFUSED");
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
  });

  it("a callback whose state the emulator did not send is invalid_state", async () => {
    const { client, connection, running, vendor } = await oauthSetup();
    const made = await magicLink(client, { connector: "acme-crm", identifier: "user-1" });
    // the user reaches the vendor, and a forged callback arrives instead of the vendor's
    const toVendor = await followLink(made.body.link, { stopAt: vendor.origin });
    expect(toVendor.stopped).toBe(true);
    const forged = await followLink(
      `${running.emulator.url}/sso/v1/oauth/${connection.id}/callback?code=stolen&state=forged`,
    );
    expect(forged.status).toBe(400);
    expect(forged.body).toContain("<code>invalid_state</code>");
    expect(vendor.record.tokenRequests).toEqual([]);
    expect(await accountStatus(client, "acme-crm", "user-1")).toBe("PENDING_AUTH");
  });
});
