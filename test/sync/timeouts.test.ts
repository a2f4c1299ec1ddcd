// A server that accepts the connection and never answers must not hang sync: every attempt has a
// deadline that fires (answer body included), and the run has an overall one. Real sockets on
// 127.0.0.1 and a real `sync plan` child process; short deadlines come from the documented
// CONNECTORKIT_* variables, and the test's own timeout is what catches a hang.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runScript } from "./child.ts";
import { bearerSource, type Project, project } from "./helpers.ts";

let work: Project;
const servers: (Server | HttpServer)[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  work?.remove();
});

async function listen(server: Server | HttpServer): Promise<string> {
  servers.push(server);
  server.on("connection", (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function plan(url: string, timeouts: Record<string, string>) {
  work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
  return runScript("scripts/sync.ts", ["plan"], {
    cwd: work.dir,
    env: {
      SCALEKIT_ENVIRONMENT_URL: url,
      SCALEKIT_CLIENT_ID: "ck-test-client",
      SCALEKIT_CLIENT_SECRET: "ck-test-secret-7Qz9xW",
      ...timeouts,
    },
  });
}

describe("sync against a server that never answers", () => {
  it("fails each attempt at CONNECTORKIT_ATTEMPT_TIMEOUT_MS and exits 1 with a clear error", async () => {
    const url = await listen(createServer(() => {}));
    const run = await plan(url, { CONNECTORKIT_ATTEMPT_TIMEOUT_MS: "150" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Fetching an access token failed");
    expect(run.stderr).toContain("no answer in time (no answer within 150 ms) after 5 attempts");
    expect(run.stderr).toContain("check the environment URL and the network");
    // no silence meanwhile: each retry says what it waits for
    const host = new URL(url).host;
    for (const next of [2, 3, 4, 5])
      expect(run.stderr).toContain(
        `… POST ${host}/oauth/token: no answer within 150 ms; trying again (${next} of 5)`,
      );
  });

  it("reports a TLS failure at once instead of trying again", async () => {
    // a plain-http server behind an https URL: the handshake fails the same way every time
    let connections = 0;
    const server = createHttpServer((_request, response) => response.end("{}"));
    server.on("connection", () => connections++);
    const url = (await listen(server)).replace("http:", "https:");
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await runScript("scripts/sync.ts", ["plan"], {
      cwd: work.dir,
      env: {
        SCALEKIT_ENVIRONMENT_URL: url.replace("127.0.0.1", "localhost"),
        SCALEKIT_CLIENT_ID: "ck-test-client",
        SCALEKIT_CLIENT_SECRET: "ck-test-secret-7Qz9xW",
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("connection failed (TLS: ");
    expect(run.stderr).not.toContain("trying again");
    expect(connections).toBe(1);
  });

  it("stops at the overall CONNECTORKIT_DEADLINE_MS even when one attempt may take longer", async () => {
    const url = await listen(createServer(() => {}));
    const run = await plan(url, {
      CONNECTORKIT_ATTEMPT_TIMEOUT_MS: "600000",
      CONNECTORKIT_DEADLINE_MS: "300",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the run's overall deadline of 300 ms passed (CONNECTORKIT_DEADLINE_MS)");
  });

  it("times out an answer whose headers arrive but whose body never ends", async () => {
    const url = await listen(
      createHttpServer((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"access_token":');
      }),
    );
    const run = await plan(url, { CONNECTORKIT_ATTEMPT_TIMEOUT_MS: "150" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no answer within 150 ms");
  });

  it("rejects a timeout that is not a whole number of milliseconds", async () => {
    const url = await listen(createServer(() => {}));
    const run = await plan(url, { CONNECTORKIT_DEADLINE_MS: "1m" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CONNECTORKIT_DEADLINE_MS must be a whole number of milliseconds, not "1m"');
  });
});
