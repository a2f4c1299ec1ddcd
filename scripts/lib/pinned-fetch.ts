// A fetch for the generator's network reads that connects to the address a ReachGuard checked.
// The global fetch resolves host names itself, at connect time, so a check made before it could
// be undone by a second answer from DNS; node:http's `lookup` option hands the connection the
// checked address instead, while the Host header, TLS server name and certificate check keep the
// host name. Hand-rolled over node:http because the pinned stack has no HTTP client with a
// per-request resolver (undici's Agent would be a new dependency); it covers what discovery and
// spec reading send: GET and POST with a string body, manual redirects, an abort signal.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { type ReachGuard, ReachRefused, type ResolvedAddress } from "./reach-guard.ts";

// statuses a Response cannot carry a body for
const nullBody = new Set([204, 205, 304]);

/** A lookup that answers every query with the one address already checked. */
const pinnedLookup =
  (pinned: ResolvedAddress): LookupFunction =>
  (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };

/** fetch's own shape for a failed exchange: TypeError("fetch failed") with the cause. */
const failed = (cause: unknown) => new TypeError("fetch failed", { cause });

function headersOf(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index] ?? "", raw[index + 1] ?? "");
    } catch {
      // a header fetch would not accept either: left out
    }
  }
  return headers;
}

/** A fetch whose every connection goes to the address `guard` checked for the URL's host. */
export function pinnedFetch(guard: ReachGuard): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "http:" && url.protocol !== "https:") throw failed(new Error(`${url.protocol} URL`));
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const pinned = await guard.pin(url).catch((error: unknown) => {
      throw error instanceof ReachRefused ? error : failed(error);
    });
    signal?.throwIfAborted();
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? init.body : undefined;
    return new Promise<Response>((resolve, reject) => {
      const request = send(url, {
        method: init.method ?? "GET",
        headers: Object.fromEntries(headers),
        lookup: pinnedLookup(pinned),
        agent: false,
      });
      const abort = () => request.destroy(signal?.reason);
      signal?.addEventListener("abort", abort, { once: true });
      request.on("error", (error) => {
        signal?.removeEventListener("abort", abort);
        reject(signal?.aborted ? signal.reason : failed(error));
      });
      request.on("response", (message) => {
        const status = message.statusCode ?? 0;
        // fetch cannot represent these; a server that sends them is not speaking HTTP as asked
        if (status < 200 || status > 599) {
          message.destroy();
          reject(failed(new Error(`HTTP status ${status}`)));
          return;
        }
        // the body stream ends with the abort too, so a stalled body cannot outlive the deadline
        signal?.addEventListener("abort", () => message.destroy(signal.reason), { once: true });
        const stream = nullBody.has(status) ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
        if (stream === null) message.resume();
        resolve(
          new Response(stream, {
            status,
            statusText: message.statusMessage ?? "",
            headers: headersOf(message),
          }),
        );
      });
      request.end(body);
    });
  };
}
