// The client against hostile or misconfigured servers on 127.0.0.1: one that echoes the form body
// it received (the secret must not come back in any encoding), one that redirects a POST, and an
// https environment that redirects to plain http (never followed: the token would leave https).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { credentialForms, redact } from "../../scripts/client/errors.ts";
import { runScript } from "../sync/child.ts";
import { bearerSource, type Project, project, sync } from "../sync/helpers.ts";

const canary = "sk+CANARY/x y=1&z";
const servers: Server[] = [];
let work: Project | undefined;

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  work?.remove();
  work = undefined;
});

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const reading =
  (handler: Handler) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => handler(request, body, response));
  };

/** A Scalekit environment whose token endpoint works and whose API answers with `api`. */
const issuing =
  (api: (request: IncomingMessage, response: ServerResponse) => void) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    if (request.url !== "/oauth/token") {
      api(request, response);
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ access_token: "t0k3n-abcdef", expires_in: 3600 }));
  };

async function listen(server: Server, scheme = "http"): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const envFor = (url: string) => ({
  SCALEKIT_ENVIRONMENT_URL: url,
  SCALEKIT_CLIENT_ID: "ck-id",
  SCALEKIT_CLIENT_SECRET: canary,
});

describe("secrets sent to a server that echoes them", () => {
  it("redacts the form-encoded client secret a token endpoint echoes back", async () => {
    const url = await listen(
      createHttpServer(
        reading((_request, body, response) => {
          response.writeHead(401, { "content-type": "application/json" });
          response.end(
            JSON.stringify({ error: "invalid_client", error_description: `bad request: ${body}` }),
          );
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "invalid_client (bad request: grant_type=client_credentials&client_id=ck-id&client_secret=***)",
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain("CANARY");
  });

  it("redacts an echoed plain-text body before cutting it short", async () => {
    const url = await listen(
      createHttpServer(
        reading((_request, body, response) => {
          response.writeHead(400, { "content-type": "text/plain" });
          // the echo puts "sk%2BCANA" (the secret's start, form-encoded) just before the 200-character cut
          const before = "grant_type=client_credentials&client_id=ck-id&client_secret=".length + 1;
          response.end(`${"x".repeat(191 - before)} ${body}`);
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("client_secret=***");
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/sk%2B|CANA/);
  });

  it("covers raw, URL-encoded, JSON-escaped and base64 spellings, Basic pairs included", () => {
    const basic = Buffer.from(`ck-id:${canary}`).toString("base64");
    const text = [
      canary,
      encodeURIComponent(canary),
      encodeURIComponent(canary).toLowerCase(),
      new URLSearchParams({ s: canary }).toString(),
      JSON.stringify({ s: canary }),
      `Authorization: Basic ${basic}`,
      Buffer.from(canary).toString("base64"),
    ].join("\n");
    const clean = redact(text, credentialForms(canary, "ck-id"));
    expect(clean).not.toContain("CANARY");
    expect(clean).not.toContain(basic.slice(0, 20));
    expect(clean).not.toContain(Buffer.from(canary).toString("base64").slice(0, 16));
  });
});

describe("redirects", () => {
  it("refuses to follow a redirected POST and names where it pointed", async () => {
    const url = await listen(
      createHttpServer(
        reading((request, _body, response) => {
          if (request.url === "/oauth/token") {
            response.writeHead(307, { location: "/v2/oauth/token" });
            response.end();
            return;
          }
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ access_token: "t", expires_in: 3600 }));
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `307 redirect from ${url}/oauth/token to ${url}/v2/oauth/token: a POST is never redirected`,
    );
    expect(run.stderr).not.toContain("detached");
  });

  it("follows a same-origin redirect of a read", async () => {
    const url = await listen(
      createHttpServer(
        issuing((request, response) => {
          if (request.url?.startsWith("/api/v1/providers")) {
            response.writeHead(308, { location: `/v1beta${request.url}` });
            response.end();
          } else {
            response.writeHead(200, { "content-type": "application/json" });
            response.end(JSON.stringify({ providers: [], next_page_token: "" }));
          }
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.stdout).toContain("[+] Alpha");
    expect(run.code).toBe(0);
  });

  it("treats an upgrade to https on another port as another origin", async () => {
    const url = await listen(
      createHttpServer(
        issuing((request, response) => {
          response.writeHead(308, { location: `https://127.0.0.1:1${request.url}` });
          response.end();
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("https://127.0.0.1:1/api/v1/providers");
    expect(run.stderr).toMatch(/another origin|other origin/);
  });

  it("refuses a read redirected to another origin, which would receive the bearer token", async () => {
    const elsewhere: string[] = [];
    const other = await listen(
      createHttpServer((request, response) => {
        elsewhere.push(`${request.url} ${request.headers.authorization ?? ""}`);
        response.end("{}");
      }),
    );
    const url = await listen(
      createHttpServer(
        issuing((request, response) => {
          response.writeHead(302, { location: `${other}${request.url}` });
          response.end();
        }),
      ),
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await sync(["plan"], { cwd: work.dir, env: envFor(url) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("refused, it leads to another origin");
    expect(run.stderr).toContain("set the environment URL to the https address the server redirects to");
    expect(elsewhere).toStrictEqual([]);
  });

  it("never follows an https environment to plain http", async () => {
    const dir = mkdtempSync(join(tmpdir(), "connectorkit-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new Error("this test needs the openssl command to make a certificate for 127.0.0.1");
    }
    const plainRequests: string[] = [];
    const plain = await listen(
      createHttpServer((request, response) => {
        plainRequests.push(request.url ?? "");
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ providers: [] }));
      }),
    );
    const secure = await listen(
      createHttpsServer(
        { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
        issuing((request, response) => {
          response.writeHead(302, { location: `${plain}${request.url}` });
          response.end();
        }),
      ),
      "https",
    );
    work = project({ "connectors/alpha.ts": bearerSource("Alpha") });
    const run = await runScript("scripts/sync.ts", ["plan"], {
      cwd: work.dir,
      env: { ...envFor(secure), NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") },
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`302 redirect from ${secure}/api/v1/providers`);
    expect(run.stderr).toContain("refused, it leaves https");
    expect(plainRequests).toStrictEqual([]);
  });
});

describe("answers a server should never send", () => {
  const plan = async (api: (request: IncomingMessage, response: ServerResponse) => void) => {
    const url = await listen(createHttpServer(issuing(api)));
    work = project({ "connectors/a.ts": bearerSource("Alpha") });
    return sync(["plan"], { cwd: work.dir, env: envFor(url) });
  };

  it("stops reading an answer past 64 MiB, once, with a clear error", async () => {
    let asked = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const result = await plan((_request, response) => {
      asked++;
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"providers": [');
      let sent = 0;
      const more = (): void => {
        // writes until the client hangs up
        while (sent < 80) {
          sent++;
          if (!response.write(chunk)) {
            response.once("drain", more);
            return;
          }
        }
        response.end("]}");
      };
      more();
      response.on("close", () => {
        sent = 80;
      });
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the answer is larger than 64 MiB, far more than the API sends");
    expect(asked).toBe(1);
  });

  it("calls a provider list that is not a list a malformed answer", async () => {
    const result = await plan((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"providers": {"a": 1}}');
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Listing custom providers failed: GET /api/v1/providers → 200: providers is not a list",
    );
  });

  it("reports endless new page tokens as a server paging without end", async () => {
    let page = 0;
    const result = await plan((_request, response) => {
      page++;
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ providers: [], next_page_token: `t${page}` }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("each with a new page token: it seems to page without end");
    expect(page).toBe(1000);
  });

  it("scrubs the secret from a violation's field and constraint too", async () => {
    const result = await plan((_request, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          code: 3,
          message: "Validation error",
          details: [
            {
              "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo",
              error_code: `E_${canary}`,
              validation_error_info: {
                field_violations: [
                  { field: canary, description: "bad", constraint: encodeURIComponent(canary) },
                ],
              },
            },
          ],
        }),
      );
    });
    expect(result.code).toBe(1);
    for (const form of credentialForms(canary))
      expect(`${result.stdout}${result.stderr}`).not.toContain(form);
  });
});
