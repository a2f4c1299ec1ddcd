// The client's HTTP: one request sent with node:http(s) over a keep-alive agent and its whole
// answer read (httpExchange), and a fetch built on it (httpFetch). Node's global fetch (undici)
// costs about a millisecond of CPU per request in Request/Response objects, abort controllers and
// web streams; at Scalekit's latencies and four writes in flight that was most of the difference
// between `apply` and the network's floor, so the client's transport calls httpExchange directly
// and builds one Response per call. httpFetch behaves as fetch does where callers rely on it:
// redirects followed (authorization dropped across origins), an aborted signal rejects with its
// reason, a failed connection rejects with TypeError("fetch failed", { cause }).
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

const agents = {
  "http:": new HttpAgent({ keepAlive: true }),
  "https:": new HttpsAgent({ keepAlive: true }),
};
const redirects = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;

/** One request as it goes on the wire. */
export interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Uint8Array | null;
}

/** Far above any answer Scalekit's API sends (a page of providers is a few megabytes). */
export const maxAnswerBytes = 64 * 1024 * 1024;

/** An answer body larger than the exchange accepts: a hostile or broken server, never retried. */
export class AnswerTooLarge extends Error {
  override name = "AnswerTooLarge";
  constructor(readonly limit: number) {
    super(
      `the answer is larger than ${Math.round(limit / (1024 * 1024))} MiB, far more than the API sends; it was not read`,
    );
  }
}

/** Reads a body stream up to `limit` bytes; rejects with AnswerTooLarge past it. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge(limit);
    }
    chunks.push(value);
  }
}

/** One answer, read whole. */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** Sends `outgoing` once (no redirect is followed) and reads the whole answer. */
export function httpExchange(outgoing: Outgoing, signal: AbortSignal): Promise<Answer> {
  const { url } = outgoing;
  const agent =
    url.protocol === "https:" ? agents["https:"] : url.protocol === "http:" ? agents["http:"] : undefined;
  if (!agent)
    return Promise.reject(
      new TypeError("fetch failed", { cause: new Error(`unsupported protocol ${url.protocol}`) }),
    );
  if (signal.aborted) return Promise.reject(signal.reason);
  const headers: Record<string, string> = {};
  outgoing.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (outgoing.body !== null) headers["content-length"] = String(outgoing.body.length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const abort = () => {
      client.destroy();
      reject(signal.reason);
    };
    const limit = maxAnswerBytes;
    const client = send(url, { method: outgoing.method, headers, agent }, (message) => {
      const chunks: Buffer[] = [];
      let size = 0;
      message.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          signal.removeEventListener("abort", abort);
          client.destroy();
          reject(new AnswerTooLarge(limit));
          return;
        }
        chunks.push(chunk);
      });
      message.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
      message.on("end", () => {
        signal.removeEventListener("abort", abort);
        const answerHeaders = new Headers();
        const raw = message.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2)
          answerHeaders.append(raw[i] as string, raw[i + 1] as string);
        resolve({
          status: message.statusCode ?? 0,
          statusText: message.statusMessage ?? "",
          headers: answerHeaders,
          body: Buffer.concat(chunks),
        });
      });
    });
    signal.addEventListener("abort", abort, { once: true });
    client.on("error", (error) => {
      signal.removeEventListener("abort", abort);
      reject(signal.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
    });
    client.end(outgoing.body ?? undefined);
  });
}

/** fetch over httpExchange: a Request in, a Response out, redirects followed as fetch does. */
export async function httpFetch(request: Request): Promise<Response> {
  const signal = request.signal;
  signal.throwIfAborted();
  let outgoing: Outgoing = {
    url: new URL(request.url),
    method: request.method,
    headers: new Headers(request.headers),
    body: request.body === null ? null : Buffer.from(await request.arrayBuffer()),
  };
  for (let hop = 0; ; hop++) {
    const answer = await httpExchange(outgoing, signal);
    const location = answer.headers.get("location");
    if (request.redirect !== "manual" && redirects.has(answer.status) && location !== null) {
      if (request.redirect === "error" || hop >= maxRedirects)
        throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded or not allowed") });
      outgoing = follow(outgoing, answer.status, new URL(location, outgoing.url));
      continue;
    }
    return responseOf(answer, request.method);
  }
}

/** An answer as a Response (none of 204, 205, 304 and a HEAD's has a body). */
export function responseOf(answer: Answer, method: string): Response {
  const empty = [204, 205, 304].includes(answer.status) || method === "HEAD";
  return new Response(empty ? null : answer.body, {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}

/** The next request of a redirect, as fetch makes it. */
function follow(previous: Outgoing, status: number, url: URL): Outgoing {
  const headers = new Headers(previous.headers);
  if (url.origin !== previous.url.origin) headers.delete("authorization");
  const toGet =
    status === 303
      ? previous.method !== "HEAD"
      : (status === 301 || status === 302) && previous.method === "POST";
  if (!toGet) return { ...previous, url, headers };
  for (const name of [
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "content-location",
  ])
    headers.delete(name);
  return { url, method: "GET", headers, body: null };
}
