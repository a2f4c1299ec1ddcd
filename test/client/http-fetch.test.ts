// httpFetch, the client's default fetch, against real servers on 127.0.0.1: it must answer as
// Node's fetch does wherever the client depends on it, and reuse one connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpFetch } from "../../scripts/client/http-fetch.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

async function serve(
  handle: (seen: Seen, response: ServerResponse, request: IncomingMessage) => void,
): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(entry);
      handle(entry, response, request);
    });
  });
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, connections: () => connections };
}

describe("httpFetch", () => {
  it("sends method, headers and body, and returns status, headers and body", async () => {
    const server = await serve((_, response) => {
      response.writeHead(201, { "content-type": "application/json", "x-trace": "abc" });
      response.end('{"ok":true}');
    });
    const response = await httpFetch(
      new Request(`${server.url}/api/v1/things?x=1`, {
        method: "POST",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: '{"name":"é"}',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("x-trace")).toBe("abc");
    expect(await response.json()).toEqual({ ok: true });
    const [seen] = server.seen;
    expect(seen?.method).toBe("POST");
    expect(seen?.url).toBe("/api/v1/things?x=1");
    expect(seen?.headers.authorization).toBe("Bearer t");
    expect(seen?.headers["content-length"]).toBe(String(Buffer.byteLength('{"name":"é"}')));
    expect(seen?.body).toBe('{"name":"é"}');
  });

  it("keeps one connection alive across requests", async () => {
    const server = await serve((_, response) => response.end("{}"));
    for (let i = 0; i < 5; i++) await (await httpFetch(new Request(`${server.url}/x`))).text();
    expect(server.seen).toHaveLength(5);
    expect(server.connections()).toBe(1);
  });

  it("returns a 204 without a body", async () => {
    const server = await serve((_, response) => {
      response.writeHead(204);
      response.end();
    });
    const response = await httpFetch(new Request(`${server.url}/x`, { method: "DELETE" }));
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it("follows redirects as fetch does: 303 becomes GET, another origin gets no authorization", async () => {
    const other = await serve((_, response) => response.end("there"));
    const server = await serve((seen, response) => {
      if (seen.url === "/start") {
        response.writeHead(303, { location: "/next" });
        response.end();
      } else if (seen.url === "/next") {
        response.writeHead(307, { location: `${other.url}/final` });
        response.end();
      }
    });
    const response = await httpFetch(
      new Request(`${server.url}/start`, {
        method: "POST",
        headers: { authorization: "Bearer t" },
        body: "x",
      }),
    );
    expect(await response.text()).toBe("there");
    expect(server.seen.map((s) => [s.method, s.url, s.headers.authorization])).toEqual([
      ["POST", "/start", "Bearer t"],
      ["GET", "/next", "Bearer t"],
    ]);
    expect(other.seen.map((s) => [s.method, s.url, s.headers.authorization])).toEqual([
      ["GET", "/final", undefined],
    ]);
  });

  it("rejects with the signal's reason when it times out", async () => {
    const server = await serve(() => {
      // never answers
    });
    const error = await httpFetch(
      new Request(`${server.url}/slow`, { signal: AbortSignal.timeout(50) }),
    ).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("TimeoutError");
  });

  it("rejects like fetch, with the cause, when the connection fails or drops mid-answer", async () => {
    const server = await serve((_, response) => {
      response.writeHead(200, { "content-length": "100" });
      response.write("partial");
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const dropped = await httpFetch(new Request(`${server.url}/x`)).catch((caught: unknown) => caught);
    expect(dropped).toBeInstanceOf(TypeError);
    expect((dropped as Error).message).toBe("fetch failed");

    const port = new URL(server.url).port;
    servers[0]?.closeAllConnections();
    await new Promise<void>((resolve) => servers.shift()?.close(() => resolve()));
    const refused = await httpFetch(new Request(`http://127.0.0.1:${port}/x`)).catch(
      (caught: unknown) => caught,
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as Error).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });
});
