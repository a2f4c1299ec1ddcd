// A vendor API on 127.0.0.1 for the proxy client's tests: it keeps every request it receives with
// its raw bytes (a body that is not UTF-8 must arrive as it was sent) and answers through
// `answer`, which decides from the request as the vendor would.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface VendorRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface VendorAnswer {
  readonly status: number;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Never answer (a stalled vendor). */
  readonly stall?: boolean;
}

export interface Vendor {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly received: VendorRequest[];
  close(): Promise<void>;
}

export async function startVendor(answer: (request: VendorRequest) => VendorAnswer): Promise<Vendor> {
  const received: VendorRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(request);
      const reply = answer(request);
      if (reply.stall) return;
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** JSON, as a vendor answers it. */
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): VendorAnswer => ({
  status,
  body: JSON.stringify(value),
  headers,
});
