// `sync verify` for MCP connectors: by their tools, listed through the emulator (which opens the
// MCP server with the account's credential, as Scalekit does) under Scalekit's names, one run with
// --tool; a wrong key is `rejected`. An MCP OAuth server (discovery, DCR, PKCE) is authorized
// through the link first. Real MCP servers built with the MCP SDK, on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { runSync } from "../../scripts/sync/cli.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { findLeaks } from "../oauth/leaks.ts";
import { type McpTestServer, staticKeyMcpServer, vendorOAuthMcpServer } from "../oauth/mcp-servers.ts";
import { LinkFollowingOutput } from "../oauth/user.ts";
import { type OAuthVendor, startOAuthVendor } from "../oauth/vendor.ts";
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

const key = "mcp-key-canary-Hx7Pq2Ld";
const closers: (() => Promise<void>)[] = [];
let running: RunningEmulator;
let work: Project;
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  work?.remove();
});

async function world(chain: string, host: string, server: McpTestServer, extra: string[] = []) {
  running = await startTestEmulator({ connectTo: [`${host}=${server.origin}`, ...extra] });
  closers.push(() => running.close());
  work = project({
    "connectors/docs.ts": `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector("Docs MCP").mcp()${chain}.proxy("https://${host}/mcp");\n`,
  });
  const env = { ...envFor(running), NO_COLOR: "1" };
  const applied = await run(["apply", "--yes"], env);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  return env;
}

async function run(argv: string[], env: Record<string, string>) {
  const stdout = new LinkFollowingOutput();
  const stderr = new Collector();
  const code = await runSync(argv, {
    stdout,
    stderr,
    cwd: work.dir,
    env: { ...env },
    interactive: false,
    prompt: refusePrompts,
    tuning: quickRetry,
  });
  await stdout.journey;
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("verify an MCP connector by its tools", () => {
  it("lists a static-key server's tools with Scalekit's names, runs one, and refuses a wrong key", async () => {
    const server = await staticKeyMcpServer({ key, header: "x-api-key" });
    closers.push(() => server.close());
    const env = await world('.apiKey({ header: "X-API-Key" })', "mcp.docs.example", server);
    const listed = await run(["verify"], { ...env, CONNECTORKIT_VERIFY_DOCS_MCP_API_KEY: key });
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      /✔ Docs MCP {2}ok {2}tools → 3 tools {2}\(temporary account on connection docsmcp-\w{8}, deleted\)/,
    );
    expect(listed.stdout).toContain("c-docsmcp_echo, c-docsmcp_add, c-docsmcp_fail");
    // the server saw the key where the connector says, and nothing was sent over the HTTP proxy
    expect(server.received.some((r) => r.headers["x-api-key"] === key && r.method === "tools/list")).toBe(
      true,
    );

    const ran = await run(["verify", "--tool", "echo", "--input", '{"text":"hello tools"}'], {
      ...env,
      CONNECTORKIT_VERIFY_DOCS_MCP_API_KEY: key,
    });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("tool echo → 3 tools");
    expect(ran.stdout).toContain("c-docsmcp_echo answered:");
    expect(ran.stdout).toContain("hello tools");

    // a tool's own failure (MCP's isError) fails the check, with what the tool said
    const failing = await run(["verify", "--tool", "fail", "--input", "{}"], {
      ...env,
      CONNECTORKIT_VERIFY_DOCS_MCP_API_KEY: key,
    });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("✖ Docs MCP  error  tool fail → 3 tools");
    expect(failing.stdout).toMatch(/c-docsmcp_fail answered with an error: .*it failed/);

    const wrong = await run(["verify"], { ...env, CONNECTORKIT_VERIFY_DOCS_MCP_API_KEY: "not-the-key" });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("✖ Docs MCP  rejected");
    expect(wrong.stdout).toContain("The MCP server refused the credential");
    for (const text of [listed.stdout, listed.stderr, ran.stdout, wrong.stdout, wrong.stderr])
      expect(findLeaks(text, [key, testSecret])).toEqual([]);
    const [connection] = (await clientFor(running).listConnections()).connections;
    expect(await clientFor(running).listConnectedAccounts({ connection: connection?.name ?? "" })).toEqual(
      [],
    );
  });

  it("authorizes an OAuth MCP server (discovery, DCR, PKCE) through the link, then lists its tools", async () => {
    const vendor: OAuthVendor = await startOAuthVendor({ registration: true, requirePkce: true });
    closers.push(() => vendor.close());
    const server = await vendorOAuthMcpServer(vendor);
    closers.push(() => server.close());
    const env = await world(".oauth()", "mcp.tools.example", server);
    const result = await run(["verify", "--authorize", "--no-browser"], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✔ Docs MCP {2}ok {2}tools → 3 tools/);
    // the emulator registered its own client with the vendor (RFC 7591)
    expect([...vendor.clients.keys()]).toHaveLength(1);
    expect(findLeaks(`${result.stdout}\n${result.stderr}`, [testSecret, ...vendor.secrets()])).toEqual([]);
  });
});
