// Every one of Scalekit's nine docs examples (connectors/examples) verified end to end: apply to
// the emulator on 127.0.0.1, then `sync verify` each one against local stand-ins for its vendor
// (--connect-to): the REST ones by a request with a static credential or, for OAuth, through
// --authorize with a local OAuth vendor; the MCP ones by their tools.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { runSync } from "../../scripts/sync/cli.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { startUpstream, type Upstream } from "../emulator/upstream.ts";
import { findLeaks } from "../oauth/leaks.ts";
import { gatedMcpServer, type McpTestServer, vendorOAuthMcpServer } from "../oauth/mcp-servers.ts";
import { LinkFollowingOutput } from "../oauth/user.ts";
import { type OAuthVendor, startOAuthVendor } from "../oauth/vendor.ts";
import { envFor, quickRetry, refusePrompts, repoRoot, startTestEmulator, testSecret } from "./helpers.ts";

const key = "ex-key-Lq3Vb8Wm";
const basic = `Basic ${Buffer.from(`${key}:X`).toString("base64")}`;
const mcpBasic = `Basic ${Buffer.from(`ops:${key}`).toString("base64")}`;
const asanaSecret = "asana-secret-Jk2Pw7Qz";

let running: RunningEmulator;
let asana: OAuthVendor;
let github: OAuthVendor;
const servers: (Upstream | McpTestServer)[] = [];
let env: Record<string, string>;

const rest = (check: (headers: Record<string, unknown>) => boolean, path: string) =>
  startUpstream((request) =>
    request.url !== path
      ? { status: 404 }
      : check(request.headers)
        ? { status: 200, body: "{}" }
        : { status: 401 },
  );
const mcp = (check: (auth: string | undefined) => boolean, path = "/") =>
  gatedMcpServer((req) => (check(req.headers.authorization) ? undefined : {}), { path });

beforeAll(async () => {
  // Asana's own paths, as the example names them
  asana = await startOAuthVendor({
    requiredScopes: ["profile", "email"],
    paths: {
      authorize: "/-/oauth_authorize",
      token: "/-/oauth_token",
      userInfo: "/api/1.0/users/me",
      api: "/api/me",
    },
  });
  github = await startOAuthVendor({ registration: true, requirePkce: true });
  const attention = await rest((h) => h.authorization === key, "/v1/me");
  const freshdesk = await rest((h) => h.authorization === basic, "/api/v2/agents/me");
  const bearer = await rest((h) => h.authorization === `Bearer ${key}`, "/me");
  // "My API Key MCP" and "Public Docs MCP" share https://mcp.example.com: no credential, or the key
  const shared = await mcp((auth) => auth === undefined || auth === key);
  const internal = await mcp((auth) => auth === mcpBasic);
  const apify = await mcp((auth) => auth === `Bearer ${key}`);
  const copilot = await vendorOAuthMcpServer(github, { path: "/mcp/" });
  servers.push(attention, freshdesk, bearer, shared, internal, apify, copilot);
  running = await startTestEmulator({
    connectTo: [
      `api.attention.tech=${attention.origin}`,
      `acme.freshdesk.com=${freshdesk.origin}`,
      `api.example.com=${bearer.origin}`,
      `app.asana.com=${asana.origin}`,
      `mcp.example.com=${shared.origin}`,
      `mcp.internal.example.com=${internal.origin}`,
      `mcp.apify.com=${apify.origin}`,
      `api.githubcopilot.com=${copilot.origin}`,
    ],
  });
  env = {
    ...envFor(running),
    NO_COLOR: "1",
    CONNECTORKIT_OAUTH_MY_ASANA_CLIENT_ID: "asana-client",
    CONNECTORKIT_OAUTH_MY_ASANA_CLIENT_SECRET: asanaSecret,
  };
  const applied = await run(["apply", "--yes", "--connectors", "connectors/examples"], env);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const redirect = /register this redirect URI with My Asana's OAuth app: (\S+)/.exec(applied.stdout)?.[1];
  asana.addClient({ id: "asana-client", secret: asanaSecret, redirectUris: [redirect ?? ""] });
}, 60_000);

afterAll(async () => {
  await running?.close();
  for (const server of servers) await server.close();
  await asana?.close();
  await github?.close();
});

async function run(argv: string[], variables: Record<string, string>) {
  const stdout = new LinkFollowingOutput();
  const stderr = new Collector();
  const code = await runSync(argv, {
    stdout,
    stderr,
    cwd: repoRoot,
    env: { ...variables },
    interactive: false,
    prompt: refusePrompts,
    tuning: quickRetry,
  });
  await stdout.journey;
  const leaks = findLeaks(`${stdout.text}\n${stderr.text}`, [
    key,
    asanaSecret,
    testSecret,
    ...asana.secrets(),
    ...github.secrets(),
  ]);
  expect(leaks).toEqual([]);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("each of the nine docs examples, verified", () => {
  it.each([
    [
      "My Attention",
      ["--request", "GET /v1/me"],
      { CONNECTORKIT_VERIFY_MY_ATTENTION_API_KEY: key },
      "GET /v1/me → 200",
    ],
    [
      "My Freshdesk",
      ["--request", "GET /v2/agents/me"],
      // Freshdesk takes the API key as the username and any password ("X", its docs say)
      {
        CONNECTORKIT_VERIFY_MY_FRESHDESK_USERNAME: key,
        CONNECTORKIT_VERIFY_MY_FRESHDESK_PASSWORD: "X",
        CONNECTORKIT_VERIFY_MY_FRESHDESK_DOMAIN: "acme.freshdesk.com",
      },
      "GET /v2/agents/me → 200",
    ],
    [
      "My Bearer Token Provider",
      ["--request", "GET /me"],
      { CONNECTORKIT_VERIFY_MY_BEARER_TOKEN_PROVIDER_TOKEN: key },
      "GET /me → 200",
    ],
    [
      "My Asana",
      ["--request", "GET /me", "--authorize", "--no-browser", "--wait", "20"],
      {},
      "GET /me → 200",
    ],
    ["My API Key MCP", [], { CONNECTORKIT_VERIFY_MY_API_KEY_MCP_API_KEY: key }, "tools → 3 tools"],
    [
      "My Internal MCP",
      [],
      {
        CONNECTORKIT_VERIFY_MY_INTERNAL_MCP_USERNAME: "ops",
        CONNECTORKIT_VERIFY_MY_INTERNAL_MCP_PASSWORD: key,
      },
      "tools → 3 tools",
    ],
    ["Apify MCP", [], { CONNECTORKIT_VERIFY_APIFY_MCP_TOKEN: key }, "tools → 3 tools"],
    ["Public Docs MCP", [], {}, "tools → 3 tools"],
    ["Github MCP", ["--authorize", "--no-browser", "--wait", "20"], {}, "tools → 3 tools"],
  ] as const)("%s", async (name, args, variables, answer) => {
    const result = await run(["verify", name, "--connectors", "connectors/examples", ...args], {
      ...env,
      ...variables,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`✔ ${name}  ok  ${answer}`);
  });
});
