// Discovery of OAuth MCP servers: the SDK's own authorization server (DCR, S256), then hand-written
// metadata for the variants: path-aware well-known URLs, OpenID fallback, no DCR, no S256, broken documents.

import { afterEach, describe, expect, it } from "vitest";
import { discoverMcpConnector, McpDiscoveryError } from "../../scripts/mcp/discover.ts";
import { json, type Listening, type Route, reply, sdkOAuthServer, serve } from "./servers.ts";

let running: Listening | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const proxyUrl = "https://tasks.example.com/mcp";
const codes = (inference: { warnings: readonly { code: string }[] }) => inference.warnings.map((w) => w.code);

const oauthPattern = {
  type: "OAUTH",
  display_name: "OAuth 2.1/DCR",
  description: "Authenticate with OAuth 2.1 and Dynamic Client Registration",
  is_mcp: true,
  fields: [],
  oauth_config: { pkce_enabled: true },
};

describe("discoverMcpConnector: OAuth", () => {
  it("the SDK's authorization server with DCR and S256 gives an OAUTH MCP connector", async () => {
    running = await sdkOAuthServer("Acme Tasks");
    const endpoint = `${running.origin}/mcp`;
    const inference = await discoverMcpConnector(endpoint, { proxyUrl });
    expect(inference.connector).toStrictEqual({
      display_name: "Acme Tasks MCP",
      description: "Connect to Acme Tasks MCP",
      auth_patterns: [oauthPattern],
      proxy_url: proxyUrl,
      proxy_enabled: true,
    });
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked"]);
    const resourceMetadata = `${running.origin}/.well-known/oauth-protected-resource/mcp`;
    const serverMetadata = `${running.origin}/.well-known/oauth-authorization-server`;
    expect(inference.inferred).toEqual(
      expect.arrayContaining([
        {
          what: `auth type OAUTH: the server names authorization server ${running.origin}/`,
          from: resourceMetadata,
        },
        { what: `Dynamic Client Registration at ${running.origin}/register`, from: serverMetadata },
        { what: "PKCE with S256", from: serverMetadata },
        {
          what: 'display_name "Acme Tasks MCP" from resource_name (pass --name to choose another)',
          from: resourceMetadata,
        },
      ]),
    );
  });

  it.each([
    ["DCR and S256", (o: string) => oauthRoutes(o), []],
    [
      "no registration_endpoint",
      (o: string) => oauthRoutes(o, { server: { registration_endpoint: undefined } }),
      ["auth-no-dcr"],
    ],
    [
      "no S256",
      (o: string) => oauthRoutes(o, { server: { code_challenge_methods_supported: ["plain"] } }),
      ["auth-no-pkce-s256"],
    ],
    ["OpenID Connect discovery appended to the issuer path", (o: string) => openIdOnly(oauthRoutes(o)), []],
  ])("%s: OAUTH from path-aware well-known metadata", async (_, routes, warnings) => {
    running = await serve(routes);
    const inference = await discoverMcpConnector(`${running.origin}/v1/mcp`, { name: "Tasks MCP", proxyUrl });
    expect(inference.connector.auth_patterns).toStrictEqual([oauthPattern]);
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked", ...warnings]);
  });

  it.each([
    [
      "protected resource metadata that is not JSON",
      "MALFORMED_METADATA",
      "is not valid JSON",
      (o: string) => ({
        ...oauthRoutes(o),
        [prmPath]: reply({ status: 200, headers: { "content-type": "application/json" }, body: "{not json" }),
      }),
    ],
    [
      "no authorization_servers",
      "MALFORMED_METADATA",
      "names no authorization_servers",
      (o: string) => oauthRoutes(o, { resource: { authorization_servers: [] } }),
    ],
    [
      "a resource for another server",
      "METADATA_MISMATCH",
      "RFC 9728 §3.3",
      (o: string) => oauthRoutes(o, { resource: { resource: "https://other.example.com/mcp" } }),
    ],
    [
      "an authorization server on plain http",
      "INSECURE_URL",
      "http://auth.example.com/",
      (o: string) => oauthRoutes(o, { resource: { authorization_servers: ["http://auth.example.com"] } }),
    ],
    [
      "no token_endpoint",
      "MALFORMED_METADATA",
      'no valid URL in "token_endpoint"',
      (o: string) => oauthRoutes(o, { server: { token_endpoint: undefined } }),
    ],
    [
      "another issuer",
      "METADATA_MISMATCH",
      "RFC 8414 §3.3",
      (o: string) => oauthRoutes(o, { server: { issuer: "https://auth.example.com/tenant" } }),
    ],
    [
      "no authorization server metadata",
      "METADATA_UNAVAILABLE",
      "publishes no metadata",
      (o: string) => {
        const { [asPath]: _, ...rest } = oauthRoutes(o);
        return rest;
      },
    ],
  ])("%s is a clear error", async (_, code, text, routes) => {
    running = await serve(routes);
    const error = await discoverMcpConnector(`${running.origin}/v1/mcp`, { proxyUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpDiscoveryError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(text);
    expect((error as Error).message).toContain("→");
  });

  it("resource_metadata advertised in WWW-Authenticate but missing is a clear error", async () => {
    running = await serve((origin) => ({
      ...oauthRoutes(origin),
      "/v1/mcp": unauthorized(`Bearer resource_metadata="${origin}/meta/missing"`),
    }));
    const error = await discoverMcpConnector(`${running.origin}/v1/mcp`, { proxyUrl }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "METADATA_UNAVAILABLE" });
    expect((error as Error).message).toContain(`${running.origin}/meta/missing, which answers HTTP 404`);
  });
});

type Routes = Record<string, Route>;
const prmPath = "/.well-known/oauth-protected-resource/v1/mcp";
const asPath = "/.well-known/oauth-authorization-server/tenant";

/**
 * MCP at /v1/mcp behind a plain Bearer challenge; metadata only at the path-aware well-known URLs,
 * for an issuer with a path. `patch` overrides members (undefined removes one).
 */
function oauthRoutes(origin: string, patch: { resource?: object; server?: object } = {}): Routes {
  const resource = {
    resource: `${origin}/v1/mcp`,
    authorization_servers: [`${origin}/tenant`],
    ...patch.resource,
  };
  const server = {
    issuer: `${origin}/tenant`,
    authorization_endpoint: `${origin}/tenant/authorize`,
    token_endpoint: `${origin}/tenant/token`,
    registration_endpoint: `${origin}/tenant/register`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    ...patch.server,
  };
  return {
    "/v1/mcp": unauthorized('Bearer realm="tasks"'),
    [prmPath]: json(resource),
    [asPath]: json(server),
  };
}

/** The authorization server metadata only where OpenID Connect Discovery §4 puts it. */
function openIdOnly(routes: Routes): Routes {
  const { [asPath]: server, ...rest } = routes;
  return { ...rest, "/tenant/.well-known/openid-configuration": server! };
}

function unauthorized(challenge: string): Route {
  return reply({ status: 401, headers: { "www-authenticate": challenge } });
}
