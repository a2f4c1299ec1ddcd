// `generate --mcp` as a user runs it: the real CLI process against real MCP servers on 127.0.0.1.
// Each server yields the right connector file and report, or the right error.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { gated, type Listening, mcp, sdkOAuthServer, serve } from "./servers.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const proxyUrl = "https://mcp.example.com/mcp";
let running: Listening | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function generate(url: string, extra: string[] = []) {
  const out = await mkdtemp(join(tmpdir(), "connectorkit-mcp-cli-"));
  dirs.push(out);
  const args = [join(root, "scripts/generate.ts"), "--mcp", url, "--out", out, "--json", ...extra];
  try {
    const { stdout } = await promisify(execFile)(join(root, "node_modules/.bin/tsx"), args, { cwd: root });
    return { code: 0, report: JSON.parse(stdout), out };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, report: JSON.parse(failed.stdout), out };
  }
}

/** The file the CLI wrote must build exactly the connector its report names. */
async function built(out: string): Promise<unknown> {
  const [file] = await readdir(out);
  const module = await import(pathToFileURL(join(out, file!)).href);
  return module.default.payload();
}

const challenge = (value: string) =>
  gated(
    (req) =>
      req.headers.authorization ? undefined : { status: 401, headers: { "www-authenticate": value } },
    mcp(),
  );

describe("generate --mcp", () => {
  it("an open server → NO_AUTH, with the anonymous-access warning", async () => {
    running = await serve(() => ({
      "/mcp": mcp({ info: { name: "docs", title: "Public Docs", version: "1" } }),
    }));
    const { code, report, out } = await generate(`${running.origin}/mcp`, ["--proxy-url", proxyUrl]);
    expect(code).toBe(0);
    const [result] = report.results;
    expect(result.spec).toBe(`${running.origin}/mcp`);
    expect(result.connector.display_name).toBe("Public Docs MCP");
    expect(result.connector.auth_patterns[0]).toMatchObject({ type: "NO_AUTH", is_mcp: true });
    expect(result.warnings.map((w: { code: string }) => w.code)).toContain("auth-anonymous-access");
    expect(await built(out)).toStrictEqual(result.connector);
  });

  it("a Bearer challenge → BEARER", async () => {
    running = await serve(() => ({ "/mcp": challenge('Bearer realm="mcp"') }));
    const { code, report, out } = await generate(`${running.origin}/mcp`, [
      "--proxy-url",
      proxyUrl,
      "--name",
      "Tasks",
    ]);
    expect(code).toBe(0);
    expect(report.results[0].connector).toMatchObject({
      display_name: "Tasks",
      proxy_url: proxyUrl,
      auth_patterns: [{ type: "BEARER", is_mcp: true, fields: [{ field_name: "token" }] }],
    });
    expect(await built(out)).toStrictEqual(report.results[0].connector);
  });

  it("an API-key challenge → API_KEY with the header override", async () => {
    running = await serve(() => ({ "/mcp": challenge('ApiKey header="X-API-Key"') }));
    const { code, report } = await generate(`${running.origin}/mcp`, [
      "--proxy-url",
      proxyUrl,
      "--name",
      "Keyed",
    ]);
    expect(code).toBe(0);
    expect(report.results[0].connector.auth_patterns[0]).toMatchObject({
      type: "API_KEY",
      auth_header_key_override: "X-API-Key",
    });
  });

  it("OAuth metadata with DCR and S256 → OAUTH MCP", async () => {
    running = await sdkOAuthServer();
    const { code, report } = await generate(`${running.origin}/mcp`, [
      "--proxy-url",
      proxyUrl,
      "--name",
      "Acme Tasks",
    ]);
    expect(code).toBe(0);
    expect(report.results[0].connector.auth_patterns).toStrictEqual([
      {
        type: "OAUTH",
        display_name: "OAuth 2.1/DCR",
        description: "Authenticate with OAuth 2.1 and Dynamic Client Registration",
        is_mcp: true,
        fields: [],
        oauth_config: { pkce_enabled: true },
      },
    ]);
  });

  it("a stateful server is refused with a message that says how to fix it", async () => {
    running = await serve(() => ({ "/mcp": mcp({ stateful: true }) }));
    const { code, report, out } = await generate(`${running.origin}/mcp`, ["--proxy-url", proxyUrl]);
    expect(code).toBe(1);
    expect(report.results).toEqual([]);
    expect(report.errors[0].message).toMatch(/stateless/i);
    // the fix is said once, apart from what happened
    expect(report.errors[0].message).not.toContain("sessionIdGenerator");
    expect(report.errors[0].fix.match(/sessionIdGenerator/g)).toHaveLength(1);
    expect(await readdir(out)).toEqual([]);
  });

  it("a loopback http server without --proxy-url is an error naming --proxy-url", async () => {
    running = await serve(() => ({ "/mcp": mcp() }));
    const { code, report } = await generate(`${running.origin}/mcp`);
    expect(code).toBe(1);
    expect(report.errors[0].fix).toContain("--proxy-url");
  });
});
