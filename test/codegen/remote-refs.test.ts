// A spec whose $refs name many large remote documents: they are fetched a few at a time, and
// together they may take no more than one budget, so memory stays bounded (16 documents of
// 60 MB once took 1.8 GB). The documents past the budget are reported as refused $refs.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxRemoteRefBytes } from "../../scripts/codegen/refs.ts";
import { inferFromSpec, loadSpec } from "../../scripts/codegen/spec-source.ts";
import { type Listening, listening } from "../listen.ts";

const documents = 16;
const documentBytes = 6 * 1024 * 1024;
const chunk = Buffer.alloc(256 * 1024, "#");

/** Resolves when the response can take more, or has closed; the listeners go with it. */
const drained = (response: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.on("drain", done).on("close", done);
  });

describe("remote $refs", () => {
  let server: Listening;
  let origin = "";
  let open = 0;
  let mostOpen = 0;
  let written = 0;

  beforeAll(async () => {
    server = await listening(async (request, response) => {
      if (request.url === "/spec.yaml") {
        const schemes = Array.from(
          { length: documents },
          (_, index) => `    S${index}: { $ref: "big-${index}.yaml#/components/securitySchemes/Token" }`,
        );
        const security = Array.from({ length: documents }, (_, index) => `  - { S${index}: [] }`);
        response.end(
          `openapi: 3.0.3\ninfo: { title: Big, version: "1" }\ncomponents:\n  securitySchemes:\n${schemes.join("\n")}\nsecurity:\n${security.join("\n")}\npaths: {}\n`,
        );
        return;
      }
      open++;
      mostOpen = Math.max(mostOpen, open);
      response.on("close", () => open--);
      // a YAML comment, then the scheme: the document is whole only at its end
      for (let sent = 0; sent < documentBytes && !response.destroyed; sent += chunk.byteLength) {
        if (!response.write(chunk)) await drained(response);
        written += chunk.byteLength;
      }
      response.end("\ncomponents: { securitySchemes: { Token: { type: http, scheme: bearer } } }\n");
    });
    origin = server.origin;
  });
  afterAll(() => server.close());

  it("are fetched four at a time within one byte budget, the rest refused with the reason", async () => {
    const inference = await inferFromSpec(
      await loadSpec(`${origin}/spec.yaml`, { stdin: async () => "" }),
      {},
    );
    expect(mostOpen).toBeLessThanOrEqual(4);
    const offered = documents * documentBytes;
    expect(maxRemoteRefBytes).toBeLessThan(offered);
    // what was sent is what was read, plus what the sockets buffered for the last few readers
    expect(written).toBeLessThan(maxRemoteRefBytes + 4 * 4 * 1024 * 1024);
    const refused = inference.warnings.filter((warning) => warning.code === "spec-ref-refused");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.message).toContain(
      `would take the documents this spec's $refs name past ${maxRemoteRefBytes / 1024 / 1024} MiB together`,
    );
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
  }, 60_000);
});
