// A web page must not reach the emulator: real HTTP requests over a socket with a foreign Host
// (DNS rebinding) are refused on every route, and the control writes accept only JSON requests,
// so a cross-origin text/plain POST (which needs no preflight) cannot wipe the state.
import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../scripts/emulator/local-only.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import {
  addConnection,
  bearerSource,
  envFor,
  project,
  remoteState,
  startTestEmulator,
  sync,
} from "../sync/helpers.ts";

let running: RunningEmulator;
beforeEach(async () => {
  running = await startTestEmulator();
});
afterEach(() => running.close());

/** A raw request, so the Host header is exactly what a browser would send after DNS rebinding. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = "",
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port: running.port, method, path, headers, setHost: false },
      (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function seed(): Promise<void> {
  const work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
  try {
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env: envFor(running) })).code).toBe(0);
  } finally {
    work.remove();
  }
}

describe("the emulator over a socket", () => {
  it("refuses a rebound Host name on the control and API routes alike", async () => {
    await seed();
    const host = { host: `evil.example:${running.port}` };
    const read = await send("GET", "/_emulator/state", host);
    expect(read.status).toBe(403);
    expect(read.text).not.toContain("Alpha");
    expect(read.text).toContain('Host \\"evil.example:');
    const reset = await send(
      "POST",
      "/_emulator/reset",
      { ...host, "content-type": "application/json" },
      "{}",
    );
    expect(reset.status).toBe(403);
    const token = await send(
      "POST",
      "/oauth/token",
      { ...host, "content-type": "application/x-www-form-urlencoded" },
      "grant_type=client_credentials&client_id=local&client_secret=local-secret",
    );
    expect(token.status).toBe(403);
    expect(await remoteState(running.url)).toHaveLength(1);
  });

  it("refuses a cross-origin text/plain POST to reset and to connections", async () => {
    await seed();
    const [alpha] = await remoteState(running.url);
    const headers = {
      host: `127.0.0.1:${running.port}`,
      "content-type": "text/plain",
      origin: "https://evil.example",
    };
    const reset = await send("POST", "/_emulator/reset", headers, "{}");
    expect(reset.status).toBe(415);
    expect(reset.text).toContain("application/json");
    const connect = await send(
      "POST",
      "/_emulator/connections",
      headers,
      JSON.stringify({ identifier: alpha?.identifier }),
    );
    expect(connect.status).toBe(415);
    expect(await remoteState(running.url)).toHaveLength(1);
  });

  it("still serves localhost, 127.0.0.1 and [::1] names, and JSON control writes", async () => {
    await seed();
    for (const host of [`localhost:${running.port}`, `127.0.0.1:${running.port}`, `[::1]:${running.port}`]) {
      expect((await send("GET", "/_emulator/state", { host })).status).toBe(200);
    }
    const [alpha] = await remoteState(running.url);
    expect(await addConnection(running.url, alpha?.identifier ?? "")).toMatch(/./);
    const reset = await send(
      "POST",
      "/_emulator/reset",
      { host: `localhost:${running.port}`, "content-type": "application/json; charset=utf-8" },
      "{}",
    );
    expect(reset.status).toBe(200);
    expect(await remoteState(running.url)).toHaveLength(0);
  });
});

describe("isLoopbackHost", () => {
  it("accepts loopback names with or without a port and nothing else", () => {
    for (const host of [
      "localhost",
      "LOCALHOST:80",
      "127.0.0.1:8787",
      "127.1.2.3",
      "[::1]:9",
      "app.localhost",
      "localhost.",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      undefined,
      "",
      "evil.example",
      "127.0.0.1.evil.example",
      "localhost.evil.example",
      "0.0.0.0",
      "[::2]",
    ]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });
});
