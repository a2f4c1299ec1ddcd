// MCP OAuth connectors (`.mcp().oauth()`) in the emulator: the link discovers the server's
// authorization server (RFC 9728 → RFC 8414), registers a client (RFC 7591) and runs the flow with
// PKCE S256 and the resource parameter (RFC 8707); the tools are then listed with the token, which
// is refreshed after a 401. Against the fake vendor and against the MCP SDK's own demo server.
import { afterEach, describe, expect, it } from "vitest";
import {
  type McpTestServer,
  sdkOAuthMcpServer,
  staticKeyMcpServer,
  vendorOAuthMcpServer,
} from "../oauth/mcp-servers.ts";
import { followLink } from "../oauth/user.ts";
import { type OAuthVendor, startOAuthVendor } from "../oauth/vendor.ts";
import {
  accountStatus,
  attempts,
  createAccount,
  createConnector,
  magicLink,
  oauthConnection,
  socketEmulator,
} from "./oauth-helpers.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const mcpOAuth = {
  type: "OAUTH",
  display_name: "OAuth 2.1/DCR",
  description: "",
  is_mcp: true,
  fields: [],
  oauth_config: { pkce_enabled: true },
};

/** An emulator with the MCP OAuth connector "OAuth Tools" at https://mcp.oauth.example/mcp (→ `server`), and a PENDING_AUTH account. */
async function withServer(server: McpTestServer) {
  closers.push(() => server.close());
  const running = await socketEmulator({ connectTo: [`mcp.oauth.example=${server.origin}`] });
  closers.push(() => running.emulator.close());
  const { client } = running;
  const identifier = await createConnector(client, "OAuth Tools", mcpOAuth, "https://mcp.oauth.example/mcp");
  const connection = await oauthConnection(client, identifier, "oauth-tools");
  await createAccount(client, "oauth-tools", "user-1");
  const authorize = async () => {
    const made = await magicLink(client, { connector: "oauth-tools", identifier: "user-1" });
    expect(made.status).toBe(200);
    return followLink(made.body.link);
  };
  const tools = () =>
    client.call<{ tools: { tool: { definition: { name: string } } }[]; message?: string }>(
      "GET",
      "/api/v1/tools/scoped?identifier=user-1&filter.connection_names=oauth-tools",
    );
  return { client, connection, authorize, tools };
}

async function vendor(options: Parameters<typeof startOAuthVendor>[0] = {}): Promise<OAuthVendor> {
  const started = await startOAuthVendor({ registration: true, ...options });
  closers.push(() => started.close());
  return started;
}

describe("MCP OAuth", () => {
  it("discovers the vendor, registers a client, authorizes with PKCE and lists the tools with the token", async () => {
    const issuer = await vendor();
    const server = await vendorOAuthMcpServer(issuer);
    const { client, connection, authorize, tools } = await withServer(server);
    const journey = await authorize();
    expect(journey.status).toBe(200);
    expect(journey.body).toContain("Connected");
    expect(await accountStatus(client, "oauth-tools", "user-1")).toBe("ACTIVE");

    expect(issuer.record.registrations).toEqual([
      {
        client_name: "connectorkit emulator",
        redirect_uris: [connection.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ]);
    const [asked] = issuer.record.authorizeRequests;
    expect(asked).toMatchObject({ code_challenge_method: "S256", resource: server.url });
    expect(asked?.client_id).toMatch(/^dcr-/);
    expect(issuer.record.tokenRequests[0]?.form).toMatchObject({
      resource: server.url,
      client_id: asked?.client_id,
    });

    const listed = await tools();
    expect(listed.status).toBe(200);
    expect(listed.body.tools.map((item) => item.tool.definition.name)).toEqual([
      "c-oauthtools_echo",
      "c-oauthtools_add",
      "c-oauthtools_fail",
    ]);
    expect(server.received.at(-1)?.headers.authorization).toBe(`Bearer ${issuer.record.accessTokens[0]}`);

    // a refused token is refreshed once, with the registered client
    issuer.revokeAccessTokens();
    expect((await tools()).status).toBe(200);
    expect(issuer.refreshCount).toBe(1);
    expect(issuer.record.tokenRequests.at(-1)).toMatchObject({ grantType: "refresh_token", status: 200 });

    // a second authorization keeps the registration
    expect((await authorize()).status).toBe(200);
    expect(issuer.record.registrations).toHaveLength(1);
  });

  it("works with the MCP SDK's own authorization server, which checks the resource", async () => {
    const { client, authorize, tools } = await withServer(
      await sdkOAuthMcpServer({ hosts: ["mcp.oauth.example"] }),
    );
    expect((await authorize()).status).toBe(200);
    expect(await accountStatus(client, "oauth-tools", "user-1")).toBe("ACTIVE");
    expect((await tools()).body.tools).toHaveLength(3);
  });

  it("a refused token that cannot be refreshed is MCP_UNAUTHORIZED, and the account EXPIRED", async () => {
    const issuer = await vendor();
    const { client, authorize, tools } = await withServer(await vendorOAuthMcpServer(issuer));
    expect((await authorize()).status).toBe(200);
    issuer.revokeAccessTokens();
    issuer.revokeRefreshTokens();
    const listed = await tools();
    expect(listed.status).toBe(400);
    expect(listed.body.message).toMatch(
      /refused the account's credential \(HTTP 401\), and the token could not be refreshed/,
    );
    expect(await accountStatus(client, "oauth-tools", "user-1")).toBe("EXPIRED");
  });

  it("a server without OAuth metadata is mcp_discovery_failed; a refused registration, registration_failed", async () => {
    const plain = await withServer(await staticKeyMcpServer({ key: "k-1" }));
    const undiscovered = await plain.authorize();
    expect(undiscovered.status).toBe(400);
    expect(undiscovered.body).toContain("<code>mcp_discovery_failed</code>");
    expect(undiscovered.body).toContain("publishes no OAuth protected resource metadata (RFC 9728)");
    expect(await accountStatus(plain.client, "oauth-tools", "user-1")).toBe("PENDING_AUTH");

    const issuer = await vendor({ refuseRegistration: true });
    const refused = await withServer(await vendorOAuthMcpServer(issuer));
    const journey = await refused.authorize();
    expect(journey.body).toContain("<code>registration_failed</code>");
    expect(journey.body).toContain("invalid_client_metadata");
    expect((await attempts(refused.client)).at(-1)).toMatchObject({
      stage: "failed",
      error: "registration_failed",
    });
  });
});
