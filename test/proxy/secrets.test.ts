// The environment's client secret and its access tokens never reach what a proxy client shows: not
// its errors (message, stack, fields, inspected or as JSON), not the answers it returns, in any
// encoding. Against the emulator, through every kind of failure; and against a Scalekit stand-in
// that echoes the secret and the token it was sent into its error answers, which the client scrubs.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProxyErrorKind, proxyClient } from "../../scripts/proxy/index.ts";
import { type Listening, listening } from "../listen.ts";
import { encodedForms, findLeaks } from "../oauth/leaks.ts";
import { recordingFetch } from "../sync/helpers.ts";
import { type CrmPaths, crmUsers, startWorld, type World } from "./world.ts";

/** Everything a caller could print of an outcome: the error every way, or the answer. */
async function shown(
  call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<string> {
  try {
    const { data, error, response } = await call();
    return JSON.stringify({ data, error, headers: [...response.headers], status: response.status });
  } catch (error) {
    const failure = error as Error;
    return [failure.message, failure.stack, inspect(failure, { depth: 5 }), JSON.stringify(failure)].join(
      "\n",
    );
  }
}

describe("against the emulator", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 60_000);
  afterAll(() => world?.close());

  it("shows no client secret and no token, answers and every kind of failure", async () => {
    const recorder = recordingFetch();
    const options = { environment: world.environment, fetch: recorder.fetch };
    const client = (target: Parameters<typeof proxyClient>[0], identifier: string, timeoutMs = 2000) =>
      proxyClient<CrmPaths>(target, { ...options, identifier, timeoutMs });
    const user = crmUsers[0] as string;
    const outcomes = await Promise.all([
      shown(() =>
        client(world.connectors.crm, user).GET("/contacts/{id}", { params: { path: { id: "42" } } }),
      ),
      shown(() =>
        client(world.connectors.crm, user).GET("/contacts/{id}", { params: { path: { id: "9" } } }),
      ),
      shown(() => client(world.connectors.crm, "nobody").GET("/busy")),
      shown(() => client(world.connectors.docs, "waiting").GET("/busy")),
      shown(() => client("no-such-connection", "x").GET("/busy")),
      shown(() => client(world.stray, "x").GET("/busy")),
      shown(() => client(world.connectors.down, "someone").GET("/busy")),
      shown(() => client(world.connectors.crm, user, 200).GET("/slow")),
      shown(() =>
        client(world.connectors.crm, user).GET("/contacts/{id}", { params: { path: { id: ".." } } }),
      ),
      // the wrong secret: the token endpoint refuses it
      shown(() =>
        proxyClient<CrmPaths>(world.connectors.crm, {
          identifier: user,
          environment: { ...world.environment, clientSecret: `${world.environment.clientSecret}-wrong` },
          fetch: recorder.fetch,
        }).GET("/busy"),
      ),
    ]);
    expect(recorder.tokens.length).toBeGreaterThan(0);
    const secrets = [
      world.environment.clientSecret,
      `${world.environment.clientSecret}-wrong`,
      ...recorder.tokens,
    ];
    expect(findLeaks(outcomes.join("\n"), secrets)).toEqual([]);
    // the failures were what they claim to be
    expect(outcomes[2]).toContain("account_not_found");
    expect(outcomes[9]).toContain("'environment'");
  });
});

describe("against a Scalekit that echoes what it was sent", () => {
  const clientId = "echo-client";
  const clientSecret = "echo-secret-Hq8Lx2Vn";
  const token = "echo-token-Tz5Rw1Pk-0123456789";
  let server: Listening;
  let url = "";

  beforeAll(async () => {
    server = await listening((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (request.url === "/oauth/token") {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600 }));
          return;
        }
        // every form of the secret and the token it was sent, in the message and the error code
        const echoed = [
          ...encodedForms(clientSecret),
          ...encodedForms(token),
          Buffer.from(`${clientId}:${clientSecret}`).toString("base64"),
          String(request.headers.authorization),
        ].join(" ");
        const status = request.url?.startsWith("/proxy/rate") ? 429 : 404;
        response.writeHead(status, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            code: status === 429 ? 8 : 5,
            message: `connected account not found for ${echoed}`,
            details: [
              {
                "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo",
                error_code: `NOT_FOUND ${token}`,
              },
            ],
          }),
        );
      });
    });
    url = server.origin;
  });
  afterAll(() => server.close());

  it("scrubs them from its errors, in every encoding", async () => {
    const client = proxyClient<{ "/me": CrmPaths["/busy"]; "/rate": CrmPaths["/busy"] }>("echo-connection", {
      identifier: "someone",
      environment: { url, clientId, clientSecret },
    });
    const kinds: ProxyErrorKind[] = [];
    const outcomes: string[] = [];
    for (const path of ["/me", "/rate"] as const) {
      outcomes.push(await shown(() => client.GET(path)));
      await client.GET(path).catch((error: { kind: ProxyErrorKind }) => kinds.push(error.kind));
    }
    expect(kinds).toEqual(["account_not_found", "rate_limited"]);
    expect(outcomes.join("\n")).toContain("connected account not found for ***");
    expect(findLeaks(outcomes.join("\n"), [clientSecret, token])).toEqual([]);
  });
});
