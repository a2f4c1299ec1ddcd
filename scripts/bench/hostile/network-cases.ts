// Hostile documents and MCP servers steering the generator's fetches: $refs and metadata that lead
// to this machine or private addresses (real servers on 127.0.0.1 stand for the private services;
// the resolver seam gives names private addresses), a cross-origin redirect, and remote $refs far
// past the byte budget. A leak is a request that reached where it must not, or a read past a limit.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { maxRemoteRefBytes } from "../../codegen/refs.ts";
import { inferFromSpec, loadSpec } from "../../codegen/spec-source.ts";
import { type Resolver, withReach } from "../../lib/reach-guard.ts";
import { discoverMcpConnector } from "../../mcp/discover.ts";
import { type HostileCase, withDeadline } from "./case.ts";

interface Server {
  readonly origin: string;
  asked: number;
  close(): Promise<void>;
}

interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A server on 127.0.0.1 that counts what it is asked; `answer` gets the path and its origin. */
async function serve(answer: (path: string, origin: string) => Answer | string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const running: Server = {
    origin,
    asked: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on("request", (request, response) => {
    running.asked++;
    const given = answer(request.url ?? "/", origin);
    const reply = typeof given === "string" ? { body: given } : given;
    response.writeHead(reply.status ?? 200, reply.headers).end(reply.body ?? "");
  });
  return running;
}

const specWithRef = (ref: string) =>
  `openapi: 3.0.3\ninfo: { title: Acme, version: "1" }\nservers: [{ url: "https://api.acme.io" }]\ncomponents:\n  securitySchemes:\n    Token: { $ref: "${ref}#/components/securitySchemes/Token" }\nsecurity: [{ Token: [] }]\npaths: {}\n`;
const scheme = "components:\n  securitySchemes:\n    Token: { type: http, scheme: bearer }\n";
const stdin = async () => "";

/** Resolves when the response can take more, or has closed; the listeners go with it. */
const drained = (response: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.on("drain", done).on("close", done);
  });
const proxyUrl = "https://mcp.example.com/mcp";
const refused = (error: unknown) => (error as { code?: string } | undefined)?.code === "ADDRESS_REFUSED";
const refusedCount = (warnings: readonly { code: string }[]) =>
  warnings.filter((warning) => warning.code === "spec-ref-refused").length;

/** Names that resolve to private addresses, for the refs that name them. */
const privateNames: Resolver = async (host) =>
  host === "mixed.example"
    ? [
        { address: "203.0.113.9", family: 4 },
        { address: "10.0.0.5", family: 4 },
      ]
    : [{ address: "10.0.0.5", family: 4 }];

export const networkCases: readonly HostileCase[] = [
  {
    group: "network",
    name: "spec $ref to another service on this machine",
    async run() {
      const internal = await serve(() => scheme);
      const docs = await serve(() => specWithRef(`${internal.origin}/admin.yaml`));
      try {
        await inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {});
        return { tried: 1, leaks: internal.asked };
      } finally {
        await Promise.all([internal.close(), docs.close()]);
      }
    },
  },
  {
    group: "network",
    name: "spec $refs to private names and addresses",
    async run() {
      const refs = [
        "https://internal.example/x.yaml",
        "https://mixed.example/x.yaml",
        "https://169.254.169.254/latest/x.yaml",
        "https://[::ffff:127.0.0.1]/x.yaml",
        "https://[fd00::1]/x.yaml",
        "https://100.64.0.1/x.yaml",
      ];
      let leaks = 0;
      let hangs = 0;
      for (const ref of refs) {
        const docs = await serve(() => specWithRef(ref));
        try {
          const result = await withDeadline(5_000, () =>
            withReach({ resolve: privateNames }, async () =>
              inferFromSpec(await loadSpec(`${docs.origin}/spec.yaml`, { stdin }), {}),
            ),
          );
          if (result === "hang") hangs++;
          else if (refusedCount(result.warnings) !== 1) leaks++;
        } finally {
          await docs.close();
        }
      }
      return { tried: refs.length, leaks, hangs };
    },
  },
  {
    group: "network",
    name: "MCP resource_metadata on another service on this machine",
    async run() {
      const internal = await serve(() => "{}");
      const mcp = await serve(() => ({
        status: 401,
        headers: { "www-authenticate": `Bearer resource_metadata="${internal.origin}/prm"` },
      }));
      try {
        const error = await discoverMcpConnector(`${mcp.origin}/mcp`, { proxyUrl }).catch((e: unknown) => e);
        return { tried: 1, leaks: internal.asked > 0 || !refused(error) ? 1 : 0 };
      } finally {
        await Promise.all([internal.close(), mcp.close()]);
      }
    },
  },
  {
    group: "network",
    name: "MCP authorization_servers at the cloud metadata address",
    async run() {
      const mcp = await serve((path, origin) =>
        path === "/prm"
          ? {
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                resource: `${origin}/mcp`,
                authorization_servers: ["https://169.254.169.254/"],
              }),
            }
          : { status: 401, headers: { "www-authenticate": `Bearer resource_metadata="${origin}/prm"` } },
      );
      try {
        // were it not refused, the connection would wait for 169.254.169.254 until the deadline
        const result = await withDeadline(5_000, () =>
          discoverMcpConnector(`${mcp.origin}/mcp`, { proxyUrl }).catch((e: unknown) => e),
        );
        if (result === "hang") return { tried: 1, hangs: 1 };
        return { tried: 1, leaks: refused(result) ? 0 : 1 };
      } finally {
        await mcp.close();
      }
    },
  },
  {
    group: "network",
    name: "MCP endpoint behind a redirect to another origin",
    async run() {
      const fetch: typeof globalThis.fetch = async (input, init) => {
        const href = String(input);
        if (href === "https://notes.example.com/mcp")
          return new Response(null, { status: 308, headers: { location: "https://evil.example/mcp" } });
        const message = JSON.parse(String(init?.body)) as { id?: number; method: string };
        if (message.method !== "initialize") return new Response(null, { status: 202 });
        return Response.json({
          jsonrpc: "2.0",
          id: message.id,
          result: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            serverInfo: { name: "notes", version: "1" },
          },
        });
      };
      const inference = await discoverMcpConnector("https://notes.example.com/mcp", { fetch });
      const silent = !inference.warnings.some((warning) => warning.code === "proxy-cross-origin-redirect");
      const moved = inference.connector.proxy_url.startsWith("https://evil.example");
      return { tried: 1, leaks: moved || silent ? 1 : 0 };
    },
  },
  {
    group: "network",
    name: `16 remote $refs of 6 MiB (budget ${maxRemoteRefBytes / 1024 / 1024} MiB)`,
    async run() {
      let open = 0;
      let mostOpen = 0;
      let written = 0;
      const chunk = Buffer.alloc(256 * 1024, "#");
      const server = createServer(async (request, response) => {
        if (request.url === "/spec.yaml") {
          const schemes = Array.from({ length: 16 }, (_, i) => `    S${i}: { $ref: "big-${i}.yaml#/x" }`);
          response.end(
            `openapi: 3.0.3\ninfo: { title: Big, version: "1" }\ncomponents:\n  securitySchemes:\n${schemes.join("\n")}\nsecurity: [{ S0: [] }]\npaths: {}\n`,
          );
          return;
        }
        open++;
        mostOpen = Math.max(mostOpen, open);
        response.on("close", () => open--);
        for (let sent = 0; sent < 6 * 1024 * 1024 && !response.destroyed; sent += chunk.byteLength) {
          if (!response.write(chunk)) await drained(response);
          written += chunk.byteLength;
        }
        response.end("\nx: {}\n");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        await inferFromSpec(await loadSpec(`${origin}/spec.yaml`, { stdin }), {});
        // the sockets of the last few readers may hold a few MiB beyond what was read
        const over = written > maxRemoteRefBytes + 16 * 1024 * 1024 || mostOpen > 4;
        return {
          tried: 16,
          leaks: over ? 1 : 0,
          note: `${(written / 1024 / 1024).toFixed(0)} MiB sent, at most ${mostOpen} at once`,
        };
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  },
];
