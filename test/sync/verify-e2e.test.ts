// `sync verify` as a user runs it: the emulator as its own process with --connect-to pointing a
// vendor host at a local upstream, then `sync apply --yes` and `sync verify` as child processes
// with CONNECTORKIT_VERIFY_API_KEY. Right definition → exit 0, wrong → exit 1, Ctrl-C while the
// upstream stalls → the temporary account is deleted and the exit is 130. No account is left.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScalekitClient } from "../../scripts/client/index.ts";
import { startUpstream, type Upstream } from "../emulator/upstream.ts";
import { dslIndex, type Project, project, repoRoot } from "./helpers.ts";

const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;
const canary = "canary-Hs5Np0Wq3Kc7";

interface Child {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

function start(script: string, args: string[], cwd: string, env: Record<string, string> = {}): Child {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(base))
    if (key.startsWith("SCALEKIT_") || key.startsWith("CONNECTORKIT_")) delete base[key];
  const child = spawn(process.execPath, ["--import", tsxLoader, join(repoRoot, script), ...args], {
    cwd,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}

const finish = async (run: Child) => ({ code: await run.exited, ...run.output() });

let upstream: Upstream;
let emulator: Child;
let url: string;
let work: Project;

beforeAll(async () => {
  upstream = await startUpstream((request) => {
    if (request.url === "/slow") return { status: 200, stall: true };
    if (request.url !== "/me") return { status: 404 };
    return request.headers["x-api-key"] === canary ? { status: 200, body: "{}" } : { status: 401 };
  });
  work = project();
  emulator = start(
    "scripts/emulator.ts",
    ["--port", "0", "--connect-to", `api.verify.example=${upstream.origin}`],
    repoRoot,
  );
  url = await new Promise<string>((resolve, reject) => {
    emulator.child.stdout?.on("data", () => {
      const found = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(emulator.output().stdout)?.[1];
      if (found) resolve(found);
    });
    emulator.exited.then((code) =>
      reject(new Error(`emulator exited with ${code}: ${emulator.output().stderr}`)),
    );
  });
  expect(emulator.output().stdout).toContain(`proxy upstream api.verify.example → ${upstream.origin}`);
}, 30_000);

afterAll(async () => {
  emulator.child.kill("SIGTERM");
  await emulator.exited;
  await upstream.close();
  work.remove();
});

const env = () => ({
  SCALEKIT_ENVIRONMENT_URL: url,
  SCALEKIT_CLIENT_ID: "local",
  SCALEKIT_CLIENT_SECRET: "local-secret",
});

const accountsLeft = () =>
  createScalekitClient({
    environmentUrl: url,
    clientId: "local",
    clientSecret: "local-secret",
  }).listConnectedAccounts({
    connection: "verifyapi",
  });

const define = (file: string, chain: string) =>
  work.write(
    `${file}/verify-api.ts`,
    `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector("Verify Api")${chain}.proxy("https://api.verify.example").connection({ name: "verifyapi" });\n`,
  );

async function applyThenVerify(folder: string, extra: string[] = []) {
  const apply = await finish(
    start("scripts/sync.ts", ["apply", "--yes", "--connectors", folder], work.dir, env()),
  );
  expect(apply.stderr).toBe("");
  expect(apply.code).toBe(0);
  const verify = start(
    "scripts/sync.ts",
    ["verify", "Verify Api", "--request", "GET /me", "--connectors", folder, ...extra],
    work.dir,
    { ...env(), CONNECTORKIT_VERIFY_API_KEY: canary },
  );
  return verify;
}

describe("sync verify, end to end", () => {
  it("exits 0 for the right definition and 1 for a wrong one, leaving no connected account", async () => {
    define("right", '.apiKey({ header: "X-API-Key" })');
    const right = await finish(await applyThenVerify("right"));
    expect(right.stdout).toContain("✔ Verify Api  ok  GET /me → 200");
    expect(right.code).toBe(0);
    expect(await accountsLeft()).toEqual([]);

    define("wrong", ".apiKey()");
    const wrong = await finish(await applyThenVerify("wrong"));
    expect(wrong.stdout).toContain("✖ Verify Api  rejected  GET /me → 401");
    expect(wrong.code).toBe(1);
    expect(await accountsLeft()).toEqual([]);
    for (const text of [right.stdout, right.stderr, wrong.stdout, wrong.stderr, emulator.output().stdout])
      expect(text).not.toContain(canary);
  }, 60_000);

  it("deletes the temporary account on Ctrl-C while the upstream stalls, and exits 130", async () => {
    define("stall", '.apiKey({ header: "X-API-Key" })');
    const before = upstream.received.length;
    const verify = await applyThenVerify("stall", ["--request", "GET /slow"]);
    // wait until the proxy's call reached the upstream: the account exists then
    for (let i = 0; i < 200 && !upstream.received.slice(before).some((r) => r.url === "/slow"); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await accountsLeft()).map((a) => a.identifier)).toEqual([
      expect.stringMatching(/^connectorkit-verify-/),
    ]);
    verify.child.kill("SIGINT");
    const done = await finish(verify);
    expect(done.code).toBe(130);
    expect(done.stderr).toContain("Interrupted: deleting the temporary connected account");
    // and it says what it deleted
    expect(done.stderr).toMatch(
      /deleted the temporary connected account "connectorkit-verify-[0-9a-z]+-[0-9a-f]{8}" on connection "verifyapi"/,
    );
    expect(await accountsLeft()).toEqual([]);
  }, 60_000);
});
