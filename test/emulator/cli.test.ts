// scripts/emulator.ts as a user runs it: the ready line, credentials notice, flag errors, signals.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clientFor, payload } from "./helpers.ts";

const root = new URL("../../", import.meta.url);

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves with the URL from the ready line, or rejects if the process exits first. */
function ready({ child, output, exited }: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output())?.[1];
      if (url !== undefined) resolve(url);
    };
    child.stdout?.on("data", check);
    exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output()}`)));
  });
}

describe("scripts/emulator.ts", () => {
  it("prints the ready line with the real port, uses the default credentials, stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
    try {
      const statePath = join(dir, "state.json");
      const server = run(["--port", "0", "--state", statePath]);
      const url = await ready(server);
      expect(url).not.toMatch(/:0$/);
      expect(server.output()).toContain('using client id "local" and secret "local-secret"');
      const client = clientFor((request) => fetch(request), url);
      const created = await client.call("POST", "/api/v1/custom-providers", { body: payload() });
      expect(created.status).toBe(201);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(JSON.parse(readFileSync(statePath, "utf8")).providers).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never prints a secret given on the command line, and stops on SIGINT", async () => {
    const secret = "cli-secret-do-not-print";
    const server = run(["--port", "0", "--client-id", "ci", "--client-secret", secret]);
    const url = await ready(server);
    const client = clientFor((request) => fetch(request), url, { id: "ci", secret });
    expect((await client.call("GET", "/api/v1/providers")).status).toBe(200);
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('client id "ci"');
    expect(server.output()).not.toContain(secret);
  });

  it.concurrent.each([
    [["--port", "abc"], "--port"],
    [["--port", "70000"], "--port"],
    [["--latency", "-5"], "--latency"],
    [["--page-size-cap", "0"], "--page-size-cap"],
    [["--faults", "5xx=2"], "between 0 and 1"],
    [["--faults", "boom=0.1"], 'unknown fault kind "boom"'],
    [["--client-id", "only"], "--client-id and --client-secret go together"],
    [["--no-such-flag"], "unknown option"],
    [
      ["--connect-to", "api.acme.example"],
      "is not HOST=URL: write e.g. api.acme.example=http://127.0.0.1:9000",
    ],
    [["--connect-to", "api.acme.example=http://127.0.0.1:9/v1"], "must be an http(s) origin with no path"],
  ])("exits 2 with a clear message for %j", async (args, message) => {
    const cli = run(args);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain(message);
  });
});
