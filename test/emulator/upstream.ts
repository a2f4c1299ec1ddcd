// A vendor API on 127.0.0.1 (port 0) for the tool-proxy, verify and proxy-client tests: it records
// every request it receives, with its raw bytes beside the text (a body that is not UTF-8 must
// arrive as it was sent), and answers through `answer`, which decides as the vendor would.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { listening } from "../listen.ts";

export interface Received {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body's bytes, as received. */
  readonly bytes: Buffer;
}

export interface Answer {
  readonly status: number;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Never answer (a stalled upstream). */
  readonly stall?: boolean;
  /** Answer only after this many ms (a slow upstream). */
  readonly delayMs?: number;
}

export interface Upstream {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startUpstream(answer: (request: Received) => Answer): Promise<Upstream> {
  const received: Received[] = [];
  const { origin, close } = await listening((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: bytes.toString("utf8"),
        bytes,
      };
      received.push(request);
      const reply = answer(request);
      if (reply.stall) return;
      const respond = () => {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs === undefined) respond();
      else setTimeout(respond, reply.delayMs).unref();
    });
  });
  return { origin, received, close };
}

/** An origin on 127.0.0.1 where nothing listens: a connection there is refused. */
export async function closedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return origin;
}

/** JSON, as a vendor answers it. */
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers,
});
