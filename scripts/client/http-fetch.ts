// The client's default fetch: a Request sent with node:http(s) over a keep-alive agent, the whole
// answer read into one Response. Node's global fetch (undici) costs about a millisecond of CPU and
// a few event-loop hops per request in its web-stream machinery, which at Scalekit's latencies
// and four writes in flight is most of the difference between `apply` and the network's floor.
// It behaves as fetch does where the client relies on it: redirects followed (authorization
// dropped across origins), an aborted signal rejects with its reason, a failed connection rejects
// with TypeError("fetch failed", { cause }).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

const agents = {
  "http:": new HttpAgent({ keepAlive: true }),
  "https:": new HttpsAgent({ keepAlive: true }),
};
const redirects = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;

interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Buffer | null;
}

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
    const { message, body } = await exchange(outgoing, signal);
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    if (request.redirect !== "manual" && redirects.has(status) && location !== undefined) {
      if (request.redirect === "error" || hop >= maxRedirects)
        throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded or not allowed") });
      outgoing = follow(outgoing, status, new URL(location, outgoing.url));
      continue;
    }
    const headers = new Headers();
    const raw = message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
    const empty = status === 204 || status === 205 || status === 304 || request.method === "HEAD";
    return new Response(empty ? null : body, { status, statusText: message.statusMessage ?? "", headers });
  }
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

function exchange(
  outgoing: Outgoing,
  signal: AbortSignal,
): Promise<{ message: IncomingMessage; body: Buffer }> {
  const { url } = outgoing;
  const agent =
    url.protocol === "https:" ? agents["https:"] : url.protocol === "http:" ? agents["http:"] : undefined;
  if (!agent)
    return Promise.reject(
      new TypeError("fetch failed", { cause: new Error(`unsupported protocol ${url.protocol}`) }),
    );
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
    const client = send(url, { method: outgoing.method, headers, agent }, (message) => {
      const chunks: Buffer[] = [];
      message.on("data", (chunk: Buffer) => chunks.push(chunk));
      message.on("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
      message.on("end", () => {
        signal.removeEventListener("abort", abort);
        resolve({ message, body: Buffer.concat(chunks) });
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
