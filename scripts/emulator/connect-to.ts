// `--connect-to HOST=http://127.0.0.1:PORT`, like curl's --connect-to: the emulator's own calls
// to that https host (the tool proxy's, token and user info endpoints, client registration, MCP
// servers and their metadata) go to the given base instead, keeping path and query, and so does
// the browser it sends to an authorize URL there, so tests and local checks need neither TLS nor DNS.
// Like curl's, it keeps the Host header of the URL it stands in for (fetchRouted).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** Upstream host (lowercase, optionally with :port) → the origin to call instead. */
export type ConnectTo = ReadonlyMap<string, string>;

export class ConnectToError extends Error {
  override name = "ConnectToError";
}

/** Parses one `HOST=URL` entry; throws ConnectToError naming the fix. */
export function parseConnectTo(spec: string): [host: string, origin: string] {
  const at = spec.indexOf("=");
  const host = spec.slice(0, Math.max(at, 0)).trim().toLowerCase();
  const target = spec.slice(at + 1).trim();
  if (at <= 0 || host === "" || /[/\s@]/.test(host)) {
    throw new ConnectToError(`"${spec}" is not HOST=URL: write e.g. api.acme.example=http://127.0.0.1:9000`);
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConnectToError(`"${target}" is not a URL: write e.g. ${host}=http://127.0.0.1:9000`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/" || url.search !== "") {
    throw new ConnectToError(
      `"${target}" must be an http(s) origin with no path, e.g. http://127.0.0.1:9000`,
    );
  }
  return [host, url.origin];
}

/** Builds the map from repeated entries; a host given twice is an error. */
export function connectToMap(specs: readonly string[]): ConnectTo {
  const map = new Map<string, string>();
  for (const spec of specs) {
    const [host, origin] = parseConnectTo(spec);
    if (map.has(host)) throw new ConnectToError(`--connect-to names ${host} twice`);
    map.set(host, origin);
  }
  return map;
}

/** The content codings fetch decodes, by Content-Encoding value. */
const decoders: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The URL actually called for an https upstream URL: redirected when its host is mapped. */
export function routed(url: URL, map: ConnectTo): URL {
  if (url.protocol !== "https:") return url;
  const origin = map.get(url.host.toLowerCase()) ?? map.get(url.hostname.toLowerCase());
  return origin === undefined ? url : new URL(`${url.pathname}${url.search}`, origin);
}

/**
 * fetch for the emulator's own calls: to an unmapped host, fetch itself; to a mapped one, the same
 * request sent to the mapped origin with its Host header left the original one, as curl's
 * --connect-to does (fetch cannot set Host, so node:http sends it). The answer streams, decoded
 * as fetch decodes it (gzip, deflate, br).
 */
export async function fetchRouted(url: URL, init: RequestInit, map: ConnectTo): Promise<Response> {
  const target = routed(url, map);
  if (target === url) return fetch(url, init);
  const headers = new Headers(init.headers);
  headers.set("host", url.host);
  const body =
    init.body === undefined || init.body === null ? undefined : await new Response(init.body).arrayBuffer();
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  return new Promise<Response>((resolve, reject) => {
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    if (body !== undefined) outgoing["content-length"] = String(body.byteLength);
    const client = send(target, { method: init.method ?? "GET", headers: outgoing }, (message) => {
      const answerHeaders = new Headers();
      const raw = message.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2)
        answerHeaders.append(raw[i] as string, raw[i + 1] as string);
      const status = message.statusCode ?? 0;
      const empty = [204, 205, 304].includes(status) || init.method === "HEAD";
      if (empty) message.resume();
      // decoded as fetch decodes it, so a mapped call answers as an unmapped one does
      const decode = decoders[(message.headers["content-encoding"] ?? "").trim().toLowerCase()];
      const stream = decode ? message.pipe(decode()) : message;
      resolve(
        new Response(empty ? null : (Readable.toWeb(stream) as ReadableStream<Uint8Array>), {
          status,
          statusText: message.statusMessage ?? "",
          headers: answerHeaders,
        }),
      );
    });
    const abort = () => {
      client.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    client.on("error", (error) =>
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error })),
    );
    client.on("close", () => signal?.removeEventListener("abort", abort));
    client.end(body === undefined ? undefined : Buffer.from(body));
  });
}
