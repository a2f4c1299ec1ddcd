// No token or secret in anything the emulator produces during and after an authorization: its
// pages, its redirects, its API answers, its request log and control views, its state file; in
// any encoding. Text a vendor sends back (an error_description echoing the secret) is scrubbed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findLeaks } from "../oauth/leaks.ts";
import type { Journey } from "../oauth/user.ts";
import { emulatorViews, proxyCall } from "./oauth-helpers.ts";
import { clientSecret, closeAll, setupOAuth } from "./oauth-setup.ts";
import { startUpstream } from "./upstream.ts";

const dirs: string[] = [];
afterEach(async () => {
  await closeAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What the emulator itself produced in a journey: its pages, and the URLs it sent the browser to. */
function emulatorOutput(journey: Journey, origin: string): string {
  const produced = journey.visits.flatMap((visit, i) => {
    const next = journey.visits[i + 1];
    return visit.url.startsWith(origin) && next ? [next.url] : [];
  });
  const page = journey.url.startsWith(origin) ? journey.body : "";
  return [...produced, page].join("\n");
}

describe("secrets during an authorization", () => {
  it("appear in no page, redirect, answer, log, view or state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ck-oauth-"));
    dirs.push(dir);
    const statePath = join(dir, "state.json");
    const setup = await setupOAuth({ statePath, vendor: { accessTokenTtlSeconds: 60 } });
    const { client, vendor, running, advance } = setup;
    const origin = running.emulator.url;
    const outputs: string[] = [];
    const plain = await setup.authorize();
    expect(plain.status).toBe(200);
    outputs.push(emulatorOutput(plain, origin));
    const verified = await setup.authorize({ user_verify_url: "https://app.test/verify", state: "st" });
    outputs.push(emulatorOutput(verified, origin));
    const id = new URL(verified.url).searchParams.get("auth_request_id");
    const verify = await client.call("POST", "/api/v1/connected_accounts/user/verify", {
      body: { auth_request_id: id, identifier: "user-1" },
    });
    expect(verify.status).toBe(200);
    outputs.push(JSON.stringify(verify.body));
    // a refresh, then a failed one
    advance(61_000);
    outputs.push((await proxyCall(client, "acme-crm", "user-1", "/api/me")).text);
    vendor.revokeAccessTokens();
    vendor.revokeRefreshTokens();
    outputs.push((await proxyCall(client, "acme-crm", "user-1", "/api/me")).text);
    // a failure page
    vendor.settings.clientAuth = "client_secret_basic";
    const failed = await setup.authorize();
    expect(failed.body).toContain("invalid_client");
    outputs.push(emulatorOutput(failed, origin));
    for (const path of ["/api/v1/connected_accounts?connector=acme-crm", "/api/v1/connections"])
      outputs.push(JSON.stringify((await client.call("GET", path)).body));
    outputs.push(await emulatorViews(client));
    await running.emulator.emulator.close();
    outputs.push(readFileSync(statePath, "utf8"));

    const verifiers = vendor.record.tokenRequests.flatMap((request) =>
      request.form.code_verifier === undefined ? [] : [request.form.code_verifier],
    );
    // the one-time links are secrets too: none is in the request log
    const links = [plain, verified, failed].map((journey) => journey.visits[0]?.url.split("/").at(-1) ?? "");
    const secrets = [clientSecret, ...vendor.secrets(), ...verifiers, ...links];
    expect(vendor.record.accessTokens.length).toBeGreaterThanOrEqual(3);
    expect(links.every((link) => link.length === 32)).toBe(true);
    expect(findLeaks(outputs.join("\n"), secrets)).toEqual([]);
  });

  it("are cut out of a vendor's error text, in any encoding", async () => {
    const echo = await startUpstream((request) => {
      const code = new URLSearchParams(request.body).get("code") ?? "";
      const b64 = Buffer.from(clientSecret).toString("base64");
      return {
        status: 401,
        body: JSON.stringify({
          error: "invalid_client",
          error_description: `got secret ${clientSecret} (${b64}, ${encodeURIComponent(clientSecret)}) for code ${code}`,
        }),
      };
    });
    const setup = await setupOAuth({
      config: { token_uri: "https://echo.acme.example/token" },
      connectTo: [`echo.acme.example=${echo.origin}`],
    });
    const journey = await setup.authorize({ user_verify_url: "https://app.test/verify" });
    const description = new URL(journey.url).searchParams.get("error_description") ?? "";
    expect(description).toBe(
      "invalid_client: got secret [redacted] ([redacted], [redacted]) for code [redacted]",
    );
    const page = await setup.authorize();
    expect(page.body).toContain("got secret [redacted]");
    const secrets = [clientSecret, ...setup.vendor.secrets()];
    expect(findLeaks(journey.url + page.body + (await emulatorViews(setup.client)), secrets)).toEqual([]);
    await echo.close();
  });
});
