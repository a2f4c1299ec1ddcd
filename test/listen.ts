// A server on 127.0.0.1, port 0, for tests: its origin once it listens, and a close that also ends
// kept-alive connections (server.close alone waits for them, and a test would hang on one).
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  readonly server: Server;
  /** e.g. http://127.0.0.1:54321 */
  readonly origin: string;
  close(): Promise<void>;
}

/** A listening server; `handler`, when given, answers its requests (else add one to `server`). */
export async function listening(handler?: RequestListener): Promise<Listening> {
  const server = handler ? createServer(handler) : createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request's JSON body; undefined for none or for one that does not parse. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
