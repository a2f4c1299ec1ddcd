// An MCP server's metadata cannot make discovery fetch from this machine or its private network:
// resource_metadata and authorization_servers that lead to another origin are checked on the
// addresses they resolve to; the server the user names (here on 127.0.0.1) is their own choice,
// and a host they trust is allowed with --allow-host (withReach here, which the flag sets).
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { withReach } from "../../scripts/lib/reach-guard.ts";
import { discoverMcpConnector, McpDiscoveryError } from "../../scripts/mcp/discover.ts";
import { json, type Listening, type Route, reply, serve } from "./servers.ts";

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const proxyUrl = "https://tasks.example.com/mcp";

/** Routes that record every request they are asked. */
async function recorded(routes: (origin: string) => Record<string, Route>) {
  const asked: string[] = [];
  const server = await serve((origin) => {
    const table = routes(origin);
    return Object.fromEntries(
      Object.entries(table).map(([path, route]) => [
        path,
        (req: IncomingMessage, res: Parameters<Route>[1], body: unknown) => {
          asked.push(path);
          return route(req, res, body);
        },
      ]),
    );
  });
  running.push(server);
  return { ...server, asked };
}

/** An authorization server with everything Scalekit's MCP OAuth needs. */
const authorizationServer = (issuer: string): Record<string, Route> => ({
  "/.well-known/oauth-authorization-server": json({
    issuer,
    authorization_endpoint: `${issuer}authorize`,
    token_endpoint: `${issuer}token`,
    registration_endpoint: `${issuer}register`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
  }),
});

/** The MCP server the user names, whose 401 points at metadata on `metadataOrigin`. */
const mcpServer = (metadataOrigin: string) =>
  recorded(() => ({
    "/mcp": reply({
      status: 401,
      headers: { "www-authenticate": `Bearer resource_metadata="${metadataOrigin}/prm"` },
    }),
  }));

const refusal = async (work: Promise<unknown>) => {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpDiscoveryError);
  return error as McpDiscoveryError;
};

describe("an MCP server's metadata", () => {
  it("may not send discovery to another service on this machine (resource_metadata)", async () => {
    const internal = await recorded((origin) => ({
      "/prm": json({ resource: "x", authorization_servers: [`${origin}/`] }),
    }));
    const server = await mcpServer(internal.origin);
    const error = await refusal(discoverMcpConnector(`${server.origin}/mcp`, { proxyUrl }));
    expect(error.code).toBe("ADDRESS_REFUSED");
    expect(error.what).toBe(
      `${internal.origin}/prm is a loopback address (this machine); a document or server read over the network may not send connectorkit there`,
    );
    expect(error.fix).toBe(
      "pass --allow-host 127.0.0.1 if you trust that host, or download the document and pass the file",
    );
    expect(internal.asked).toStrictEqual([]);
  });

  it("may not name a cloud metadata address as its authorization server", async () => {
    const server = await recorded((origin) => ({
      "/mcp": reply({
        status: 401,
        headers: { "www-authenticate": `Bearer resource_metadata="${origin}/prm"` },
      }),
      "/prm": json({ resource: `${origin}/mcp`, authorization_servers: ["https://169.254.169.254/"] }),
    }));
    const error = await refusal(discoverMcpConnector(`${server.origin}/mcp`, { proxyUrl }));
    expect(error.code).toBe("ADDRESS_REFUSED");
    expect(error.what).toContain(
      "https://169.254.169.254/.well-known/oauth-authorization-server is a link-local address",
    );
  });

  it("reaches a host the user allows", async () => {
    const auth = await recorded((origin) => authorizationServer(`${origin}/`));
    const server = await recorded((origin) => ({
      "/mcp": reply({
        status: 401,
        headers: { "www-authenticate": `Bearer resource_metadata="${origin}/prm"` },
      }),
      "/prm": json({ resource: `${origin}/mcp`, authorization_servers: [`${auth.origin}/`] }),
    }));
    const discover = () => discoverMcpConnector(`${server.origin}/mcp`, { proxyUrl });
    expect((await refusal(discover())).code).toBe("ADDRESS_REFUSED");
    expect(auth.asked).toStrictEqual([]);
    const inference = await withReach({ allowHosts: ["127.0.0.1"] }, discover);
    expect(inference.connector.auth_patterns[0]?.type).toBe("OAUTH");
    expect(auth.asked).toStrictEqual(["/.well-known/oauth-authorization-server"]);
  });
});
