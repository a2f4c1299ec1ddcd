// Reading a stream (stdin) whole, up to a size: a pipe can hold more than memory, so the read
// stops as soon as it passes the cap instead of after it has taken everything.

/** The stream's text; throws `tooLarge()` once it holds more than `maxBytes`, reading no further. */
export async function readCapped(
  stream: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.byteLength;
    if (size > maxBytes) {
      // ends the iteration, which destroys a Node stream: nothing more is read into memory
      throw tooLarge();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
