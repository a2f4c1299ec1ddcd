// The bytes of a proxied call, beneath the Scalekit client's proxyRequest. proxyRequest makes the
// call (the environment's token from the client's cache, refreshed once on Scalekit's own 401,
// the proxy's headers, the path guard, the time limit, sent once with redirects not followed,
// Scalekit's own error told apart from the upstream's) but carries bodies as text: a request body
// as a string and the answer decoded as UTF-8, which would corrupt an upload or a download. So the
// proxy client sends the call through proxyRequest with no body, and this fetch, which the client
// is created with, puts the caller's bytes on the wire and keeps the answer's bytes for the caller.
// The call's context travels in AsyncLocalStorage: one Scalekit client (one token cache) serves
// every call of an environment, many at once. (A proxyRequest that carried bytes would need none
// of this; see scripts/client/connected-accounts.ts.)
import { AsyncLocalStorage } from "node:async_hooks";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { maxAnswerBytes, readLimited } from "../client/http-fetch.ts";
import type { FetchLike } from "../client/index.ts";

/** One call's bytes: the body to send, what came back, and the token it went with. */
export interface WireCall {
  readonly body: Uint8Array | null;
  /** The caller's signal: aborting it aborts the exchange, as fetch does. */
  readonly signal: AbortSignal;
  answer?: Uint8Array;
  /** The environment's access token the call carried, to scrub from anything shown. */
  token?: string;
}

const calls = new AsyncLocalStorage<WireCall>();

/** Runs `work` (a proxyRequest) with `call` as its bytes. */
export const withWireCall = <T>(call: WireCall, work: () => Promise<T>): Promise<T> => calls.run(call, work);

// no larger decoded than an answer may be read (a small compressed body can expand without end)
const limit = { maxOutputLength: maxAnswerBytes };
const decoders: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip: (bytes) => gunzipSync(bytes, limit),
  "x-gzip": (bytes) => gunzipSync(bytes, limit),
  deflate: (bytes) => inflateSync(bytes, limit),
  br: (bytes) => brotliDecompressSync(bytes, limit),
};

/**
 * A fetch for the Scalekit client: calls under `proxyPrefix` made within withWireCall carry that
 * call's bytes; everything else (the token, listings) goes through `inner` as it is.
 */
export function wireFetch(inner: FetchLike, proxyPrefix: string): FetchLike {
  return async (request) => {
    const call = calls.getStore();
    if (!call || !request.url.startsWith(proxyPrefix)) return inner(request);
    const bearer = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    if (bearer !== undefined) call.token = bearer;
    const response = await inner(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        redirect: "manual",
        signal: AbortSignal.any([request.signal, call.signal]),
        ...(call.body !== null && { body: call.body }),
      }),
    );
    let bytes: Buffer = await readLimited(response.body, maxAnswerBytes);
    const headers = new Headers(response.headers);
    // asked for identity (the client sends no Accept-Encoding); a server that encodes anyway is decoded
    const encoding = headers.get("content-encoding")?.trim().toLowerCase();
    const decode = encoding === undefined ? undefined : decoders[encoding];
    if (decode && bytes.length > 0) {
      bytes = decode(bytes);
      headers.delete("content-encoding");
    }
    // the body is whole here: framing headers of the hop no longer describe it
    for (const name of ["content-length", "transfer-encoding", "connection", "keep-alive"])
      headers.delete(name);
    call.answer = bytes;
    const empty = [204, 205, 304].includes(response.status) || request.method === "HEAD";
    return new Response(empty ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
