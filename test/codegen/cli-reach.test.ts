// The generate command's reach and size limits as a user meets them: a remote $ref to this machine
// refused with the flag that allows it, --allow-host allowing it, and stdin held to the same cap
// as a file or a fetched document, stopping the read at the cap.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxSpecBytes } from "../../scripts/codegen/reach.ts";
import { readCapped } from "../../scripts/lib/capped-read.ts";
import { projectRoot, scratchDir } from "./helpers.ts";

const exec = promisify(execFile);
const tsx = join(projectRoot, "node_modules/.bin/tsx");
const script = join(projectRoot, "scripts/generate.ts");

async function generate(args: string[], input?: string | Buffer) {
  const child = exec(tsx, [script, ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (input !== undefined) {
    child.child.stdin?.on("error", () => {});
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe("generate --allow-host", () => {
  const scratch = scratchDir("allow-host");
  let internal: Server;
  let docs: Server;
  let internalOrigin = "";
  let docsOrigin = "";
  let internalAsked = 0;

  beforeAll(async () => {
    internal = createServer((_request, response) => {
      internalAsked++;
      response.end("components:\n  securitySchemes:\n    Token: { type: http, scheme: bearer }\n");
    });
    internalOrigin = await listen(internal);
    docs = createServer((_request, response) => {
      response.end(
        `openapi: 3.0.3\ninfo: { title: Acme, version: "1" }\nservers: [{ url: "https://api.acme.io" }]\ncomponents:\n  securitySchemes:\n    Token: { $ref: "${internalOrigin}/admin.yaml#/components/securitySchemes/Token" }\nsecurity: [{ Token: [] }]\npaths: {}\n`,
      );
    });
    docsOrigin = await listen(docs);
  });
  afterAll(async () => {
    scratch.dispose();
    for (const server of [internal, docs]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("without it, a remote $ref to another port of this machine is refused and the warning says how to allow it", async () => {
    const run = await generate([`${docsOrigin}/spec.yaml`, "--out", join(scratch.dir, "a"), "--json"]);
    const report = JSON.parse(run.stdout) as { results: { warnings: { code: string; message: string }[] }[] };
    const refused = report.results[0]?.warnings.find((warning) => warning.code === "spec-ref-refused");
    expect(refused?.message).toContain("is a loopback address (this machine)");
    expect(refused?.message).toContain("pass --allow-host 127.0.0.1 if you trust that host");
    expect(internalAsked).toBe(0);
  });

  it("with it, the $ref is followed", async () => {
    const run = await generate([
      `${docsOrigin}/spec.yaml`,
      "--out",
      join(scratch.dir, "b"),
      "--json",
      "--allow-host",
      "127.0.0.1",
    ]);
    const report = JSON.parse(run.stdout) as {
      results: { connector: { auth_patterns: { type: string }[] }; warnings: { code: string }[] }[];
    };
    expect(report.results[0]?.warnings.map((warning) => warning.code)).not.toContain("spec-ref-refused");
    expect(report.results[0]?.connector.auth_patterns[0]?.type).toBe("BEARER");
    expect(internalAsked).toBe(1);
  });
});

describe("stdin", () => {
  it("over the 64 MiB cap is refused like a file, exit 1", async () => {
    const run = await generate(
      ["-", "--out", join(tmpdir(), "connectorkit-never-written")],
      Buffer.alloc(maxSpecBytes + 1024, " "),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("stdin holds more than 64 MiB, the limit for a spec");
  }, 60_000);

  it("is read no further than the cap", async () => {
    let chunks = 0;
    async function* endless() {
      for (;;) {
        chunks++;
        yield new Uint8Array(1024 * 1024);
      }
    }
    await expect(readCapped(endless(), 8 * 1024 * 1024, () => new Error("too large"))).rejects.toThrow(
      "too large",
    );
    expect(chunks).toBe(9);
  });
});
