// `sync verify --authorize` end to end over real HTTP on 127.0.0.1: apply makes the OAuth
// connection, verify asks for an authorization link, a headless user follows it through a fake
// OAuth vendor (authorization code with PKCE, refresh tokens, client authentication checked) and
// back to verify's listener, and the request goes through the emulator's proxy with the access
// token. Each way an authorization fails ends in its own status and fix; the temporary account is
// gone afterwards, and no token or secret appears in any output, in any encoding.
import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { runSync } from "../../scripts/sync/cli.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { findLeaks } from "../oauth/leaks.ts";
import { LinkFollowingOutput } from "../oauth/user.ts";
import { type OAuthVendor, startOAuthVendor, type VendorOptions } from "../oauth/vendor.ts";
import { startScript } from "./child.ts";
import {
  clientFor,
  dslIndex,
  envFor,
  type Project,
  project,
  quickRetry,
  refusePrompts,
  startTestEmulator,
  testSecret,
} from "./helpers.ts";

const clientId = "acme-oauth-client";
const clientSecret = "acme-oauth-secret-Tq9Zx4Wm";

let vendor: OAuthVendor;
let running: RunningEmulator;
let work: Project;

async function setup(
  options: { vendor?: Partial<VendorOptions>; tokenUri?: string; authorizeUri?: string; pkce?: boolean } = {},
) {
  vendor = await startOAuthVendor(options.vendor ?? {});
  running = await startTestEmulator({
    connectTo: [`login.acme.example=${vendor.origin}`, `api.acme.example=${vendor.origin}`],
  });
  work = project({
    "connectors/acme.ts": `import { connector } from ${JSON.stringify(dslIndex)};
export default connector("Acme CRM")
  .oauth({
    authorizeUri: ${JSON.stringify(options.authorizeUri ?? "https://login.acme.example/authorize")},
    tokenUri: ${JSON.stringify(options.tokenUri ?? "https://login.acme.example/token")},
  })
  .scope("contacts.read", { required: true })
  .proxy("https://api.acme.example")
  .verify("GET /api/me")
  .connection({ name: "acme-crm", pkce: ${options.pkce ?? true} });
`,
  });
}

afterEach(async () => {
  await running?.close();
  await vendor?.close();
  work?.remove();
});

const oauthEnv = (secret = clientSecret) => ({
  ...envFor(running),
  NO_COLOR: "1",
  CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID: clientId,
  CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET: secret,
});

/** Applies, and registers the redirect URI apply printed with the vendor's OAuth app. */
async function apply(registered = clientSecret): Promise<string> {
  const out = new Collector();
  const err = new Collector();
  const code = await runSync(["apply", "--yes"], io(out, err, oauthEnv()));
  expect(code, out.text + err.text).toBe(0);
  const redirect = /register this redirect URI with Acme CRM's OAuth app: (\S+)/.exec(out.text)?.[1] ?? "";
  expect(redirect).toMatch(/\/sso\/v1\/oauth\/conn_\d+\/callback$/);
  vendor.addClient({ id: clientId, secret: registered, redirectUris: [redirect] });
  return redirect;
}

function io(stdout: Collector, stderr: Collector, env: Record<string, string>) {
  return {
    stdout,
    stderr,
    cwd: work.dir,
    env: { ...env },
    interactive: false,
    prompt: refusePrompts,
    tuning: quickRetry,
  };
}

async function verify(args: string[] = [], env = oauthEnv()) {
  const stdout = new LinkFollowingOutput();
  const stderr = new Collector();
  const code = await runSync(["verify", "--authorize", "--no-browser", ...args], io(stdout, stderr, env));
  const journey = await stdout.journey;
  const leaks = findLeaks(`${stdout.text}\n${stderr.text}`, [clientSecret, testSecret, ...vendor.secrets()]);
  expect(leaks).toEqual([]);
  return { code, stdout: stdout.text, stderr: stderr.text, journey };
}

const accountsLeft = () => clientFor(running).listConnectedAccounts({ connection: "acme-crm" });

describe("verify --authorize", () => {
  it("authorizes a temporary account through the link, calls the API with its token, and deletes it", async () => {
    await setup({ vendor: { requirePkce: true, requiredScopes: ["contacts.read"] } });
    await apply();
    const run = await verify();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // the link is printed whole, on a line of its own
    expect(run.stdout).toMatch(/\nhttp:\/\/127\.0\.0\.1:\d+\/magic\/[A-Za-z0-9_-]+\n/);
    expect(run.journey?.body).toContain("Authorized");
    expect(run.stdout).toMatch(
      /✔ Acme CRM {2}ok {2}GET \/api\/me → 200 {2}\(temporary account on connection acme-crm, deleted\)/,
    );
    expect(run.stderr).toContain("waiting for the authorization");
    // the proxy called the vendor's API with the token the vendor issued
    expect(vendor.record.apiCalls.filter((call) => call.path === "/api/me")).toEqual([
      { path: "/api/me", token: vendor.record.accessTokens[0], status: 200 },
    ]);
    expect(await accountsLeft()).toEqual([]);
  });

  it("keeps a named account, and a later run refreshes its expired token", async () => {
    await setup({ vendor: { accessTokenTtlSeconds: 1 } });
    await apply();
    const kept = await verify(["--keep", "ci-account"]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("(kept account ci-account on connection acme-crm)");
    expect((await accountsLeft()).map((a) => [a.identifier, a.status])).toEqual([["ci-account", "ACTIVE"]]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await verify(["--identifier", "ci-account"]);
    expect(later.code).toBe(0);
    expect(later.journey).toBeUndefined();
    expect(vendor.refreshCount).toBe(1);
  });

  it.each([
    [
      "a wrong client secret",
      { registered: "another-secret-Bq1" },
      /authorization ended in token_error \(invalid_client.*check CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_SECRET/s,
    ],
    [
      "a missing required scope",
      { vendor: { requiredScopes: ["contacts.read", "deals.write"] } },
      /authorization ended in invalid_scope.*check the scope names in \.scope\(\) and \.connection\(\{ scopes \}\)/s,
    ],
    [
      "PKCE required but off",
      { vendor: { requirePkce: true }, pkce: false },
      /authorization ended in invalid_request \(code_challenge required \(PKCE\)\).*set \.connection\(\{ pkce: true \}\)/s,
    ],
    [
      "a wrong tokenUri",
      { tokenUri: "https://login.acme.example/not-the-token-endpoint" },
      /authorization ended in invalid_token_response.*check \.oauth\(\{ tokenUri \}\)/s,
    ],
    [
      "a user who denies",
      { vendor: { user: "deny" as const } },
      /authorization ended in access_denied.*Authorize again and accept/s,
    ],
    [
      "a client the vendor refuses",
      { vendor: { refuseClient: true } },
      /authorization ended in unauthorized_client.*check CONNECTORKIT_OAUTH_ACME_CRM_CLIENT_ID/s,
    ],
  ])("says what failed and what to change: %s", async (_name, options, hint) => {
    const { registered, ...rest } = options as { registered?: string } & Parameters<typeof setup>[0];
    await setup(rest);
    await apply(registered);
    const run = await verify();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Acme CRM  not_authorized");
    expect(run.stdout).toMatch(hint);
    expect(await accountsLeft()).toEqual([]);
  });

  it("names authorizeUri when the vendor's page never sends the browser back", async () => {
    await setup({ authorizeUri: "https://login.acme.example/no-such-page" });
    await apply();
    const run = await verify(["--wait", "3"]);
    expect(run.code).toBe(1);
    expect(run.journey?.status).toBe(404);
    expect(run.stdout).toContain("✖ Acme CRM  not_authorized");
    expect(run.stdout).toContain("No authorization within 3 s.");
    expect(run.stdout).toContain("check authorizeUri (https://login.acme.example/no-such-page)");
    expect(await accountsLeft()).toEqual([]);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "deletes the temporary account when %s stops the wait, and says what it deleted (exit %i)",
    async (signal, code) => {
      await setup();
      await apply();
      const child = startScript("scripts/sync.ts", ["verify", "--authorize", "--no-browser"], {
        cwd: work.dir,
        env: oauthEnv(),
      });
      await child.waitFor(/\/magic\/\S+\n/);
      // the account exists while the person is asked to authorize it
      expect((await accountsLeft()).map((a) => a.status)).toEqual(["PENDING_AUTH"]);
      child.process.kill(signal);
      const done = await child.done;
      expect(done.code).toBe(code);
      expect(done.stderr).toContain("Interrupted: deleting the temporary connected account");
      expect(done.stderr).toMatch(
        /deleted the temporary connected account "connectorkit-verify-[0-9a-z]+-[0-9a-f]{8}" on connection "acme-crm"/,
      );
      expect(await accountsLeft()).toEqual([]);
      expect(findLeaks(`${done.stdout}\n${done.stderr}`, [clientSecret, testSecret])).toEqual([]);
    },
    60_000,
  );
});
