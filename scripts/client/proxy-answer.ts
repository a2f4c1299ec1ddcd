// A proxy answer read whole, as bytes. The client asks for none (Accept-Encoding: identity), but a
// server may encode anyway, and a fetch may or may not decode what it gets: node's fetch decodes
// gzip, deflate and br and keeps the Content-Encoding header, node:http decodes nothing. So a body
// is decoded here only when its bytes are in the coding the header names, never twice, and no
// larger than an answer may be read.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { maxAnswerBytes, readLimited } from "./http-fetch.ts";

// a small compressed body can expand without end: the decoded size is capped too
const limit = { maxOutputLength: maxAnswerBytes };

/** A body already decoded, when a coding without a signature cannot be read: kept as it is. */
function orAsItIs(bytes: Buffer, decode: (bytes: Buffer) => Buffer): Buffer {
  try {
    return decode(bytes);
  } catch (error) {
    // too large is an error of the answer; not in the format means a fetch decoded it already
    if (error instanceof RangeError) throw error;
    return bytes;
  }
}

const gzip = (bytes: Buffer) => (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, limit) : bytes);
const decoders: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip,
  "x-gzip": gzip,
  // RFC 9110's deflate is zlib-wrapped (a header whose 16 bits are a multiple of 31); some
  // servers send it raw, which has no signature
  deflate: (bytes) =>
    bytes.length >= 2 && ((bytes[0] as number) & 0x0f) === 8 && bytes.readUInt16BE(0) % 31 === 0
      ? inflateSync(bytes, limit)
      : orAsItIs(bytes, (raw) => inflateRawSync(raw, limit)),
  br: (bytes) => orAsItIs(bytes, (raw) => brotliDecompressSync(raw, limit)),
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
