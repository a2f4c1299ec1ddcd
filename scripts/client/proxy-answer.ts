// A proxy answer read whole, as bytes. The client asks for no content coding (it sends no
// Accept-Encoding); a server that encodes anyway is decoded here, no larger than an answer may be
// read, so a caller gets the body the vendor meant, whatever the transport under it.
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { maxAnswerBytes, readLimited } from "./http-fetch.ts";

// a small compressed body can expand without end: the decoded size is capped too
const limit = { maxOutputLength: maxAnswerBytes };
const decoders: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip: (bytes) => gunzipSync(bytes, limit),
  "x-gzip": (bytes) => gunzipSync(bytes, limit),
  deflate: (bytes) => inflateSync(bytes, limit),
  br: (bytes) => brotliDecompressSync(bytes, limit),
};

// the body is whole and decoded here: these headers of the hop no longer describe it
const hopHeaders = ["content-length", "transfer-encoding", "connection", "keep-alive"];

/** The answer's headers and its whole, decoded body. */
export async function wholeAnswer(response: Response): Promise<{ headers: Headers; bytes: Uint8Array }> {
  let bytes: Buffer = await readLimited(response.body, maxAnswerBytes);
  const headers = new Headers(response.headers);
  const decode = decoders[headers.get("content-encoding")?.trim().toLowerCase() ?? ""];
  if (decode) {
    if (bytes.length > 0) bytes = decode(bytes);
    headers.delete("content-encoding");
  }
  for (const name of hopHeaders) headers.delete(name);
  return { headers, bytes };
}
