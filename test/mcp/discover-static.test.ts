// Discovery against SDK servers that take no credentials or static ones: each yields exactly the
// connector a hand-written `.mcp()` chain would, with warnings pointing at the evidence.
import { afterEach, describe, expect, it } from "vitest";
import { discoverMcpConnector, McpDiscoveryError } from "../../scripts/mcp/discover.ts";
import { chooseName } from "../../scripts/mcp/naming.ts";
import { Notes } from "../../scripts/mcp/notes.ts";
import { gated, json, type Listening, mcp, reply, serve } from "./servers.ts";

let running: Listening | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const proxyUrl = "https://mcp.example.com/mcp";
const codes = (inference: { warnings: readonly { code: string }[] }) => inference.warnings.map((w) => w.code);
const noCredentials = (req: { headers: { authorization?: string | undefined } }) =>
  req.headers.authorization === undefined;

describe("discoverMcpConnector: no credentials and static credentials", () => {
  it("an open server is NO_AUTH, named from serverInfo.title and described from instructions", async () => {
    running = await serve(() => ({
      "/mcp": mcp({
        info: { name: "weather-server", title: "Weather Server", version: "1.2.0" },
        instructions: "Forecasts and alerts for any city.\n\nCall get_forecast first.",
      }),
    }));
    const endpoint = `${running.origin}/mcp`;
    expect(await discoverMcpConnector(endpoint, { proxyUrl })).toStrictEqual({
      connector: {
        display_name: "Weather Server MCP",
        description: "Forecasts and alerts for any city.",
        auth_patterns: [
          {
            type: "NO_AUTH",
            display_name: "No Auth",
            description: "Public server - no credentials required.",
            is_mcp: true,
            fields: [],
          },
        ],
        proxy_url: proxyUrl,
        proxy_enabled: true,
      },
      warnings: [
        {
          code: "auth-anonymous-access",
          message:
            "the server answers without credentials, so every user of this connector shares the same anonymous " +
            "access. If it can act per user, give it an auth method and generate again.",
          pointer: endpoint,
        },
      ],
      inferred: [
        { what: "MCP server weather-server 1.2.0, protocol 2025-06-18", from: endpoint },
        { what: "stateless: no Mcp-Session-Id, and a request without one was accepted", from: endpoint },
        { what: "auth type NO_AUTH: initialize succeeded without credentials", from: endpoint },
        {
          what: 'display_name "Weather Server MCP" from serverInfo.title (pass --name to choose another)',
          from: endpoint,
        },
        { what: "description from instructions", from: endpoint },
      ],
    });
  });

  it("reads a JSON answer too, and cleans serverInfo.name into a display_name", async () => {
    running = await serve(() => ({
      "/mcp": mcp({ json: true, info: { name: "acme_docs-server", version: "2" } }),
    }));
    const { connector } = await discoverMcpConnector(`${running.origin}/mcp`, { proxyUrl });
    expect(connector.display_name).toBe("Acme Docs Server MCP");
    expect(connector.description).toBe("Connect to Acme Docs Server MCP");
    expect(connector.auth_patterns[0]?.type).toBe("NO_AUTH");
  });

  it("a Bearer challenge without OAuth metadata is BEARER, even where unknown paths serve HTML", async () => {
    const page = reply({ status: 200, headers: { "content-type": "text/html" }, body: "<html>app</html>" });
    running = await serve(() => ({
      "/mcp": gated(
        (req) =>
          noCredentials(req)
            ? { status: 401, headers: { "www-authenticate": 'Bearer realm="mcp"' } }
            : undefined,
        mcp(),
      ),
      "/.well-known/oauth-protected-resource/mcp": page,
      "/.well-known/oauth-protected-resource": page,
    }));
    const endpoint = `${running.origin}/mcp`;
    const inference = await discoverMcpConnector(endpoint, { proxyUrl });
    expect(inference.connector).toStrictEqual({
      display_name: "Example MCP",
      description: "Connect to Example MCP",
      auth_patterns: [
        {
          type: "BEARER",
          display_name: "Bearer Token",
          description: "Authenticate with a static bearer token",
          is_mcp: true,
          fields: [
            {
              field_name: "token",
              label: "Bearer Token",
              input_type: "password",
              hint: "Your long-lived bearer token",
              required: true,
            },
          ],
        },
      ],
      proxy_url: proxyUrl,
      proxy_enabled: true,
    });
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked", "auth-bearer-without-metadata"]);
    expect(inference.warnings[1]?.pointer).toBe(`${endpoint}#WWW-Authenticate`);
    // the loopback address names nothing: the name comes from the public URL Scalekit will call
    expect(inference.inferred).toContainEqual({
      what: 'display_name "Example MCP" from the host name (pass --name to choose another)',
      from: proxyUrl,
    });
  });

  it.each([["https://10.1.2.3/mcp"], ["https://[::1]/mcp"], ["https://localhost:8443/mcp"]])(
    "a server at %s with no name of its own is Custom MCP, with a warning to set --name",
    (url) => {
      const notes = new Notes();
      expect(chooseName(undefined, [], new URL(url), notes)).toBe("Custom MCP");
      expect(notes.warnings.map((w) => w.code)).toEqual(["name-generic"]);
    },
  );

  it("an ApiKey challenge that names its header is API_KEY with that header", async () => {
    running = await serve(() => ({
      "/mcp": gated(
        (req) =>
          req.headers["x-api-key"] === undefined
            ? { status: 401, headers: { "www-authenticate": 'ApiKey realm="docs", header="X-API-Key"' } }
            : undefined,
        mcp(),
      ),
    }));
    const inference = await discoverMcpConnector(`${running.origin}/mcp`, {
      name: "Docs Search MCP",
      proxyUrl,
    });
    expect(inference.connector).toStrictEqual({
      display_name: "Docs Search MCP",
      description: "Connect to Docs Search MCP",
      auth_patterns: [
        {
          type: "API_KEY",
          display_name: "API Key",
          description: "Authenticate with a static API key",
          is_mcp: true,
          fields: [
            {
              field_name: "api_key",
              label: "API Key",
              input_type: "password",
              hint: "Your API key",
              required: true,
            },
          ],
          auth_header_key_override: "X-API-Key",
        },
      ],
      proxy_url: proxyUrl,
      proxy_enabled: true,
    });
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked"]);
  });

  it("a 401 whose JSON error names the header is API_KEY with that header, and says where it came from", async () => {
    const error = { error: "unauthorized", message: "Send your key in the X-Docs-Key header" };
    running = await serve(() => ({ "/mcp": json(error, 401) }));
    const endpoint = `${running.origin}/mcp`;
    const inference = await discoverMcpConnector(endpoint, { name: "Docs MCP", proxyUrl });
    expect(inference.connector.auth_patterns[0]).toMatchObject({
      type: "API_KEY",
      auth_header_key_override: "X-Docs-Key",
    });
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked", "auth-key-header-from-message"]);
    expect(inference.warnings[1]?.pointer).toBe(`${endpoint}#body`);
  });

  it("a Basic challenge is BASIC", async () => {
    running = await serve(() => ({
      "/mcp": reply({
        status: 401,
        headers: { "www-authenticate": 'Basic realm="internal", charset="UTF-8"' },
      }),
    }));
    const { connector } = await discoverMcpConnector(`${running.origin}/mcp`, {
      name: "Internal MCP",
      proxyUrl,
    });
    expect(connector.auth_patterns).toStrictEqual([
      {
        type: "BASIC",
        display_name: "Basic Auth",
        description: "Authenticate with a username and password",
        is_mcp: true,
        fields: [
          {
            field_name: "username",
            label: "Username",
            input_type: "text",
            hint: "Your username",
            required: true,
          },
          {
            field_name: "password",
            label: "Password",
            input_type: "password",
            hint: "Your password",
            required: true,
          },
        ],
      },
    ]);
  });

  it("a server that lets anyone initialize but wants a token afterwards is BEARER, named from serverInfo", async () => {
    running = await serve(() => ({
      "/mcp": gated(
        (req, body) =>
          noCredentials(req) && (body as { method?: string } | undefined)?.method !== "initialize"
            ? { status: 401, headers: { "www-authenticate": "Bearer" } }
            : undefined,
        mcp({ info: { name: "tickets", version: "3.0.0" } }),
      ),
    }));
    const inference = await discoverMcpConnector(`${running.origin}/mcp`, { proxyUrl });
    expect(inference.connector.display_name).toBe("Tickets MCP");
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
    expect(codes(inference)).toEqual(["proxy-stateless-unchecked", "auth-bearer-without-metadata"]);
  });

  it("a 401 that does not say how to authenticate is an error naming the ways out", async () => {
    running = await serve(() => ({ "/mcp": reply({ status: 401, body: "Unauthorized" }) }));
    const error = await discoverMcpConnector(`${running.origin}/mcp`, { proxyUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpDiscoveryError);
    expect(error).toMatchObject({ code: "UNKNOWN_AUTH" });
    expect((error as Error).message).toContain("no WWW-Authenticate challenge");
    expect((error as Error).message).toContain(".mcp().apiKey({ header })");
  });
});
