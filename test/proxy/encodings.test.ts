// An answer a server encoded although the client asked for none, through either kind of fetch:
// node:http (the default) hands over the encoded bytes, node's fetch decodes them and keeps the
// Content-Encoding header. Either way the caller gets the vendor's body, decoded once. Against a
// Scalekit stand-in on 127.0.0.1 that encodes every proxy answer as the path says.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyClient } from "../../scripts/proxy/index.ts";
import { type Listening, listening } from "../listen.ts";

interface Paths {
  "/{coding}": {
    parameters: { path: { coding: string } };
    get: {
      parameters: { path: { coding: string } };
      responses: { 200: { content: { "application/json": { id: string; name: string } } } };
    };
  };
}

const contact = { id: "7", name: "Grace" };
const encoders: Readonly<Record<string, (bytes: Buffer) => Buffer>> = {
  gzip: gzipSync,
  deflate: deflateSync,
  "raw-deflate": deflateRawSync,
  br: brotliCompressSync,
};
const accepted: string[] = [];
let server: Listening;
let url = "";

beforeAll(async () => {
  server = await listening((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url === "/oauth/token") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ access_token: "tok-Mv3Qa8", token_type: "Bearer", expires_in: 3600 }));
        return;
      }
      accepted.push(String(request.headers["accept-encoding"]));
      const coding = (request.url ?? "").replace("/proxy/", "");
      const encode = encoders[coding];
      if (!encode) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": coding === "raw-deflate" ? "deflate" : coding,
      });
      response.end(encode(Buffer.from(JSON.stringify(contact))));
    });
  });
  url = server.origin;
});
afterAll(() => server.close());

const fetches = {
  "node:http (the default)": undefined,
  "node's fetch, which decodes and keeps the header": (request: Request) => fetch(request),
};

describe.each(Object.entries(fetches))("an answer encoded unasked, through %s", (_name, fetchOf) => {
  it.each(Object.keys(encoders))("%s: decoded once, the vendor's JSON", async (coding) => {
    const client = proxyClient<Paths>("stand-in", {
      identifier: "someone",
      environment: { url, clientId: "stand-in-client", clientSecret: "stand-in-secret-Wq2" },
      ...(fetchOf && { fetch: fetchOf }),
    });
    const { data, error, response } = await client.GET("/{coding}", { params: { path: { coding } } });
    expect(error).toBeUndefined();
    expect(data).toEqual(contact);
    expect(response.headers.get("content-encoding")).toBeNull();
    // asked for as it is, whatever the fetch would ask for by itself
    expect(accepted.at(-1)).toBe("identity");
  });
});
