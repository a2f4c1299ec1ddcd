// A spec read over the network cannot make connectorkit fetch from this machine or its private
// network: its $refs are checked on the addresses their hosts resolve to, the connection goes to
// the address checked, and a host the user trusts is allowed with --allow-host (withReach here,
// which is what the flag sets). The spec the user names on 127.0.0.1 is their own choice.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { inferFromSpec, loadSpec } from "../../scripts/codegen/spec-source.ts";
import { ReachGuard, type Resolver, withReach } from "../../scripts/lib/reach-guard.ts";

const stdin = async () => "";

interface Running {
  readonly origin: string;
  readonly port: number;
  readonly asked: IncomingMessage[];
  close(): Promise<void>;
}

const open: Running[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function start(
  answer: (path: string, origin: string) => string | undefined,
  host = "127.0.0.1",
): Promise<Running> {
  const asked: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    asked.push(request);
    const body = answer(request.url ?? "/", `http://${request.headers.host}`);
    response.writeHead(body === undefined ? 404 : 200).end(body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const running = {
    origin: `http://${host}:${port}`,
    port,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(running);
  return running;
}

const scheme = `components:
  securitySchemes:
    Token: { type: http, scheme: bearer }
`;
const specRefering = (ref: string) => `openapi: 3.0.3
info: { title: Acme, version: "1" }
servers: [{ url: "https://api.acme.io" }]
components:
  securitySchemes:
    Token: { $ref: "${ref}#/components/securitySchemes/Token" }
security: [{ Token: [] }]
paths: {}
`;

/** The vendor's document server, which the user names, $ref-ing `ref`. */
const documentServer = (ref: string | ((origin: string) => string)) =>
  start((path, origin) =>
    path === "/spec.yaml"
      ? specRefering(typeof ref === "string" ? ref : ref(origin))
      : path === "/common.yaml"
        ? scheme
        : undefined,
  );

const refused = (inference: { warnings: readonly { code: string; message: string }[] }) =>
  inference.warnings
    .filter((warning) => warning.code === "spec-ref-refused")
    .map((warning) => warning.message);

describe("a remote spec's $refs", () => {
  it("may not reach another service on this machine: refused before any request, with how to allow it", async () => {
    const internal = await start(() => scheme);
    const docs = await documentServer(`${internal.origin}/admin.yaml`);
    const inference = await inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {});
    expect(internal.asked).toHaveLength(0);
    expect(refused(inference)).toStrictEqual([
      `$ref "${internal.origin}/admin.yaml" was not followed: cannot fetch ${internal.origin}/admin.yaml: ${internal.origin}/admin.yaml is a loopback address (this machine); a document or server read over the network may not send connectorkit there (pass --allow-host 127.0.0.1 if you trust that host, or download the document and pass the file)`,
    ]);
  });

  it("reach it when the user allows the host", async () => {
    const internal = await start(() => scheme);
    const docs = await documentServer(`${internal.origin}/admin.yaml`);
    const inference = await withReach({ allowHosts: ["127.0.0.1"] }, async () =>
      inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {}),
    );
    expect(internal.asked.map((request) => request.url)).toStrictEqual(["/admin.yaml"]);
    expect(refused(inference)).toStrictEqual([]);
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
  });

  it("reach the document's own origin, which the user named", async () => {
    const docs = await documentServer((origin) => `${origin}/common.yaml`);
    const inference = await inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {});
    expect(refused(inference)).toStrictEqual([]);
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
  });

  it.each([
    [
      "a name that resolves to a private address",
      "https://specs.internal.example/x.yaml",
      "resolves to 10.1.2.3, a private address (RFC 1918)",
      ["specs.internal.example"],
    ],
    [
      "a name with one private address among public ones",
      "https://mixed.example/x.yaml",
      "resolves to 192.168.0.9, a private address",
      ["mixed.example"],
    ],
    ["a cloud metadata address", "https://169.254.169.254/latest/x.yaml", "is a link-local address", []],
    ["an IPv4-mapped loopback address", "https://[::ffff:127.0.0.1]/x.yaml", "is a loopback address", []],
    ["a unique-local IPv6 address", "https://[fd12::1]/x.yaml", "is a unique-local address", []],
  ])("may not reach %s, checked on the resolved addresses", async (_name, ref, said, resolved) => {
    const docs = await documentServer(ref);
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      if (host === "specs.internal.example") return [{ address: "10.1.2.3", family: 4 }];
      return [
        { address: "203.0.113.7", family: 4 },
        { address: "192.168.0.9", family: 4 },
      ];
    };
    const inference = await withReach({ resolve }, async () =>
      inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {}),
    );
    expect(refused(inference)).toHaveLength(1);
    expect(refused(inference)[0]).toContain(said);
    expect(refused(inference)[0]).toContain("--allow-host");
    // an address written in the URL is checked as it is; a name, on what it resolves to
    expect(asked).toStrictEqual(resolved);
  });
});

describe("connections", () => {
  it("go to the address that was checked, resolved once per source, with the host name kept", async () => {
    // a server on 127.0.0.2 that the system's resolver would never give for localhost
    let docs: Running;
    try {
      docs = await start(
        (path) =>
          path === "/spec.yaml" ? specRefering("common.yaml") : path === "/common.yaml" ? scheme : undefined,
        "127.0.0.2",
      );
    } catch {
      console.warn("skipped: 127.0.0.2 is not a loopback address on this machine");
      return;
    }
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return [{ address: "127.0.0.2", family: 4 }];
    };
    const url = `http://localhost:${docs.port}/spec.yaml`;
    const inference = await withReach({ resolve }, async () =>
      inferFromSpec(await loadSpec(url, { stdin }), {}),
    );
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
    expect(asked).toStrictEqual(["localhost"]);
    expect(docs.asked.map((request) => request.headers.host)).toStrictEqual([
      `localhost:${docs.port}`,
      `localhost:${docs.port}`,
    ]);
  });

  it("keep the first answer for a host: a second, different one (DNS rebinding) is never used", async () => {
    const answers = ["203.0.113.7", "127.0.0.1"];
    const guard = await withReach(
      { resolve: async () => [{ address: answers.shift() ?? "", family: 4 }] },
      async () => new ReachGuard(new URL("https://docs.example/spec.yaml")),
    );
    const url = new URL("https://flip.example/a.yaml");
    expect(await guard.pin(url)).toStrictEqual({ address: "203.0.113.7", family: 4 });
    expect(await guard.pin(new URL("https://flip.example/b.yaml"))).toStrictEqual({
      address: "203.0.113.7",
      family: 4,
    });
    expect(answers).toStrictEqual(["127.0.0.1"]);
  });
});

describe("--check-oauth", () => {
  it("does not fetch OAuth metadata from this machine for a document's OAuth URLs", async () => {
    const { checkOAuthMetadata } = await import("../../scripts/codegen/oauth-metadata.ts");
    const inference = {
      connector: {
        display_name: "Acme",
        description: "",
        auth_patterns: [
          {
            type: "OAUTH" as const,
            display_name: "OAuth",
            description: "",
            fields: [],
            oauth_config: {
              authorize_uri: "https://127.0.0.1:9/authorize",
              token_uri: "https://127.0.0.1:9/token",
            },
          },
        ],
        proxy_url: "https://api.acme.io",
        proxy_enabled: true,
      },
      warnings: [],
      inferred: [],
    };
    const checked = await checkOAuthMetadata(inference, { timeoutMs: 2_000 });
    expect(checked.warnings).toHaveLength(1);
    expect(checked.warnings[0]?.code).toBe("auth-metadata-unchecked");
    expect(checked.warnings[0]?.message).toContain(
      "https://127.0.0.1:9/.well-known/oauth-authorization-server is a loopback address (this machine)",
    );
  });
});
