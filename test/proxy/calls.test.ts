// proxyClient over real HTTP: connectors applied to the emulator, connected accounts made on it,
// and typed calls through its tool proxy to vendor APIs on 127.0.0.1 that accept only the right
// credential. The vendor's answers come back as openapi-fetch returns them, its errors with their
// bodies; Scalekit's own refusals are thrown as ProxyError of the right kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import { environmentOf } from "../../scripts/proxy/environment.ts";
import {
  isProxyError,
  type ProxyError,
  type ProxyErrorKind,
  proxyClient,
} from "../../scripts/proxy/index.ts";
import { clientFor, requestLog } from "../sync/helpers.ts";
import { type CrmPaths, crmUsers, startWorld, type TrackerPaths, tokenOf, type World } from "./world.ts";

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(() => world?.close());

/** A fetch of this test's own: its clients (token, lookups) are not shared with other tests. */
const ownFetch = () => (request: Request) => fetch(request);

const crm = (identifier = crmUsers[0] as string, fetchOf = ownFetch()) =>
  proxyClient<CrmPaths>(world.connectors.crm, { identifier, environment: world.environment, fetch: fetchOf });

async function thrown(work: () => Promise<unknown>): Promise<ProxyError> {
  try {
    await work();
  } catch (error) {
    if (isProxyError(error)) return error;
    throw error;
  }
  throw new Error("the call did not throw");
}

const proxied = async () =>
  (await requestLog(world.running.url)).filter((entry) => entry.path.startsWith("/proxy/"));

describe("proxyClient", () => {
  it("calls the vendor with each auth kind's credential and returns its typed answer", async () => {
    const { data, error, response } = await crm().GET("/contacts/{id}", { params: { path: { id: "42" } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "42", name: "Ada" });
    const name: string | undefined = data?.name;
    expect(name).toBe("Ada");
    const seen = world.vendors.crm.received.at(-1);
    expect(seen?.url).toBe("/v2/contacts/42");
    // the account's credential, never the environment's token
    expect(seen?.headers.authorization).toBe(`Bearer ${tokenOf(crmUsers[0] as string)}`);

    // by connection name, an API key with its prefix in its own header
    const tracker = proxyClient<TrackerPaths>("tracker", {
      identifier: "tracker-user",
      environment: world.environment,
    });
    expect((await tracker.GET("/me")).data).toEqual({ login: "tracker-user" });

    // basic: username and password as the pattern says
    const books = proxyClient<TrackerPaths>(world.connectors.books, {
      identifier: "reader",
      environment: world.environment,
    });
    expect((await books.GET("/me")).data).toEqual({ login: "reader" });
  });

  it("returns the vendor's error answer with its body and status, sent once and never thrown", async () => {
    const missing = await crm().GET("/contacts/{id}", { params: { path: { id: "7" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ error: { code: "not_found", message: "no contact 7" } });
    expect(missing.data).toBeUndefined();

    const before = world.vendors.crm.received.filter((request) => request.url === "/v2/busy").length;
    const busy = await crm().GET("/busy");
    expect(busy.response.status).toBe(503);
    expect(busy.error).toEqual({ error: { code: "busy", message: "try later" } });
    expect(world.vendors.crm.received.filter((request) => request.url === "/v2/busy").length).toBe(
      before + 1,
    );
  });

  it("returns a redirect as the vendor's answer and does not follow it", async () => {
    const moved = await crm().GET("/moved");
    expect(moved.response.status).toBe(302);
    expect(moved.response.headers.get("location")).toBe("https://elsewhere.example/contacts");
  });

  it("carries bytes unchanged both ways, and decodes an answer the vendor compressed unasked", async () => {
    const bytes = new Uint8Array(256).map((_, index) => index);
    const { data, response } = await crm().POST("/files", {
      body: bytes as unknown as string,
      bodySerializer: (body) => body as unknown as string,
      headers: { "content-type": "application/octet-stream" },
      parseAs: "arrayBuffer",
    });
    expect(response.status).toBe(200);
    expect([...(world.vendors.crm.received.at(-1)?.bytes ?? [])]).toEqual([...bytes]);
    expect([...new Uint8Array(data as unknown as ArrayBuffer)]).toEqual([...bytes].reverse());

    const gzip = await crm().GET("/gzip");
    expect(gzip.data).toEqual({ id: "7", name: "Grace" });
  });

  it("shares one token and one lookup among the clients of an environment; calls at once keep their own bodies", async () => {
    const shared = ownFetch();
    const before = await requestLog(world.running.url);
    const answers = await Promise.all(
      crmUsers.map((user) => crm(user, shared).POST("/echo", { body: { note: `note of ${user}` } })),
    );
    answers.forEach((answer, index) => {
      const user = crmUsers[index] as string;
      expect(answer.data).toEqual({ note: `note of ${user}`, token: tokenOf(user) });
    });
    const made = (await requestLog(world.running.url)).slice(before.length);
    expect(made.filter((entry) => entry.path === "/oauth/token")).toHaveLength(1);
    expect(made.filter((entry) => entry.path === "/api/v1/providers")).toHaveLength(1);
    expect(made.filter((entry) => entry.path === "/proxy/echo")).toHaveLength(crmUsers.length);
  });

  it("throws Scalekit's own refusals as ProxyError, each of its kind and with a fix", async () => {
    const cases: [ProxyErrorKind, () => Promise<unknown>, RegExp][] = [
      ["account_not_found", () => crm("nobody").GET("/busy"), /identifier "nobody" on connection "acmecrm-/],
      [
        "account_not_active",
        () =>
          proxyClient<CrmPaths>(world.connectors.docs, {
            identifier: "waiting",
            environment: world.environment,
          }).GET("/busy"),
        /authorization link/,
      ],
      [
        "connection_not_found",
        () =>
          proxyClient<CrmPaths>("no-such-connection", {
            identifier: "x",
            environment: world.environment,
          }).GET("/busy"),
        /check the connection name "no-such-connection"/,
      ],
      [
        "not_deployed",
        () =>
          proxyClient<CrmPaths>(world.stray, { identifier: "x", environment: world.environment }).GET(
            "/busy",
          ),
        /apply it first/,
      ],
      [
        "upstream_unreachable",
        () =>
          proxyClient<CrmPaths>(world.connectors.down, {
            identifier: "someone",
            environment: world.environment,
          }).GET("/busy"),
        /proxy_url's host/,
      ],
    ];
    for (const [kind, call, fix] of cases) {
      const error = await thrown(call);
      expect(error.kind, error.message).toBe(kind);
      expect(error.fix).toMatch(fix);
      expect(error.message).toContain("GET /busy");
    }
    // a disabled connection
    const scalekit = clientFor(world.running);
    const tracker = (await scalekit.listConnections()).connections.find((c) => c.name === "tracker");
    await scalekit.setConnectionEnabled(tracker?.id ?? "", false);
    try {
      const disabled = await thrown(() =>
        proxyClient<TrackerPaths>("tracker", {
          identifier: "tracker-user",
          environment: world.environment,
        }).GET("/me"),
      );
      expect(disabled.kind).toBe("connection_disabled");
      expect(disabled.fix).toContain('enable connection "tracker"');
    } finally {
      await scalekit.setConnectionEnabled(tracker?.id ?? "", true);
    }
  });

  it("gives up after timeoutMs with a timeout error, and the caller's abort aborts the call", async () => {
    const slow = proxyClient<CrmPaths>(world.connectors.crm, {
      identifier: crmUsers[0] as string,
      environment: world.environment,
      timeoutMs: 300,
    });
    const error = await thrown(() => slow.GET("/slow"));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("within 300 ms");

    const controller = new AbortController();
    const call = crm().GET("/slow", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("the user left")), 100);
    await expect(call).rejects.toThrow("the user left");
  });

  it("refuses a path that would leave /proxy/, or lacks a parameter, before anything is sent", async () => {
    const before = (await proxied()).length;
    const received = world.vendors.crm.received.length;
    for (const id of ["..", ".", "%2e%2e", "..\\x"]) {
      const error = await thrown(() => crm().GET("/contacts/{id}", { params: { path: { id } } }));
      expect(error.kind, id).toBe("path_refused");
    }
    // a path parameter left out (as openapi-fetch's types allow when the options are) stays unsent
    // @ts-expect-error: here the compiler refuses it too; openapi-fetch's types do not always
    const unfilled = await thrown(() => crm().GET("/contacts/{id}"));
    expect(unfilled.kind).toBe("usage");
    expect(unfilled.message).toContain("GET /contacts/{id}: {id} has no value; nothing was sent");
    expect((await proxied()).length).toBe(before);
    expect(world.vendors.crm.received.length).toBe(received);
  });

  it("refuses what would make a call wrong before it is made", () => {
    const make = (target: Parameters<typeof proxyClient>[0], options: Parameters<typeof proxyClient>[1]) => {
      try {
        proxyClient(target, options);
      } catch (error) {
        if (isProxyError(error)) return error;
        throw error;
      }
      throw new Error("proxyClient did not refuse");
    };
    const environment = world.environment;
    expect(make(world.connectors.crm, { identifier: "", environment }).message).toContain(
      "identifier must be",
    );
    expect(make("not a name!", { identifier: "x", environment }).message).toContain(
      "is not a connection name",
    );
    expect(
      make(world.connectors.crm, { identifier: "x", environment, headers: { Authorization: "Bearer mine" } })
        .message,
    ).toContain("the authorization header is the proxy's own");
    expect(
      make(world.connectors.crm, {
        identifier: "x",
        environment: { ...environment, url: "http://scalekit.example" },
      }).message,
    ).toContain("must be an https:// URL");
    // the environment defaults to the SCALEKIT_* variables, read as sync reads them
    expect(environmentOf(undefined, world.env)).toEqual(environment);
    const none = (() => {
      try {
        return environmentOf(undefined, {});
      } catch (error) {
        return error as ProxyError;
      }
    })() as ProxyError;
    expect(none.message).toContain(
      "no Scalekit environment: SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET are not set",
    );
    expect(() => environmentOf(undefined, { SCALEKIT_ENVIRONMENT_URL: world.running.url })).toThrow(
      "SCALEKIT_ENVIRONMENT_URL is set but SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET are not",
    );
    const mcp = connector("Docs Mcp").mcp().oauth().proxy("https://mcp.docs.example/mcp");
    expect(make(mcp, { identifier: "x", environment }).message).toContain("is an MCP server");
  });

  it("looks a connection up again once Scalekit says it is gone (renamed since)", async () => {
    const fetchOf = ownFetch();
    const client = crm(crmUsers[1] as string, fetchOf);
    expect((await client.GET("/contacts/{id}", { params: { path: { id: "42" } } })).data?.name).toBe("Ada");
    const scalekit = clientFor(world.running);
    const { connections } = await scalekit.listConnections();
    const current = connections.find((c) => c.name === world.crmConnection);
    await scalekit.updateConnection(current?.id ?? "", { name: "acme-crm-renamed" });
    const gone = await thrown(() => client.GET("/contacts/{id}", { params: { path: { id: "42" } } }));
    expect(gone.kind).toBe("connection_not_found");
    expect((await client.GET("/contacts/{id}", { params: { path: { id: "42" } } })).data?.name).toBe("Ada");
  });
});

describe("Scalekit's own time limit for the vendor", () => {
  let slow: World;
  beforeAll(async () => {
    slow = await startWorld({ proxyTimeoutMs: 300 });
  }, 60_000);
  afterAll(() => slow?.close());

  it("is told apart from the client's: an upstream_timeout ProxyError", async () => {
    const client = proxyClient<CrmPaths>(slow.connectors.crm, {
      identifier: crmUsers[0] as string,
      environment: slow.environment,
    });
    const error = await thrown(() => client.GET("/slow"));
    expect(error.kind).toBe("upstream_timeout");
    expect(error.status).toBe(504);
    expect(error.fix).toContain("the vendor did not answer Scalekit in time");
  });
});
