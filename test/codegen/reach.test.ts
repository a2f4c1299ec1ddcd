// Safe reading: what a document's $refs may reach, redirects held to the same rule, and limits on
// the size and time of every fetch and file. Real files and HTTP servers on 127.0.0.1; https (which
// needs certificates) answers through fetchDocument's `fetch` option.
import { execFileSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSpecText, SpecError } from "../../scripts/codegen/load-spec.ts";
import { fetchDocument, maxSpecBytes } from "../../scripts/codegen/reach.ts";
import { inferFromSpec, loadSpec } from "../../scripts/codegen/spec-source.ts";
import { scratchDir } from "./helpers.ts";

const stdin = async () => "";
const bearer = "type: http\nscheme: bearer\n";
/** A spec whose one security scheme is a $ref to `ref`. */
const specWithRef = (ref: string) => `openapi: 3.0.3
info: { title: Acme, version: "1" }
servers: [{ url: "https://api.acme.io" }]
components:
  securitySchemes:
    Token: { $ref: "${ref}" }
security: [{ Token: [] }]
paths: {}
`;
const infer = async (spec: string, refDirs: string[] = []) =>
  inferFromSpec(await loadSpec(spec, { stdin, refDirs }), {});
const refused = (inference: { warnings: { code: string; message: string }[] }) =>
  inference.warnings.filter((w) => w.code === "spec-ref-refused").map((w) => w.message);

describe("what a local document's $refs may reach", () => {
  const scratch = scratchDir("reach");
  afterAll(scratch.dispose);
  const folder = join(scratch.dir, "specs");
  const outside = join(scratch.dir, "outside");
  mkdirSync(join(folder, "parts"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(folder, "parts/token.yaml"), bearer);
  writeFileSync(join(outside, "token.yaml"), bearer);
  symlinkSync(join(outside, "token.yaml"), join(folder, "parts/linked.yaml"));

  const write = (name: string, ref: string) => {
    const path = join(folder, name);
    writeFileSync(path, specWithRef(ref));
    return path;
  };

  it("files under its own folder", async () => {
    const inference = await infer(write("inside.yaml", "parts/token.yaml"));
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
    expect(refused(inference)).toEqual([]);
  });

  it.each([
    ["a file above its folder", "../outside/token.yaml"],
    ["an absolute path", "OUTSIDE"],
    ["a file: URL", "file://OUTSIDE"],
    ["a symbolic link inside its folder that leads out", "parts/linked.yaml"],
  ])("not %s, with a warning naming the rule", async (_name, ref) => {
    const target = ref.replace("OUTSIDE", join(outside, "token.yaml"));
    const inference = await infer(write("escape.yaml", target));
    expect(inference.warnings.map((w) => w.code)).toContain("auth-unresolved-ref");
    expect(refused(inference)).toEqual([
      `$ref "${target}" was not followed: a local document may $ref only files under its own folder or a --ref-dir`,
    ]);
  });

  it("files under a --ref-dir", async () => {
    const inference = await infer(write("shared.yaml", "../outside/token.yaml"), [outside]);
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
  });

  describe("and the network", () => {
    let server: Server;
    let hits = 0;
    let base = "";
    beforeAll(async () => {
      server = createServer((_request, response) => {
        hits += 1;
        response.end(bearer);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("is never fetched for it", async () => {
      const inference = await infer(write("remote.yaml", `${base}/token.yaml`));
      expect(hits).toBe(0);
      expect(refused(inference)[0]).toContain("not network URLs");
    });
  });
});

describe("what a document read over the network may reach", () => {
  let server: Server;
  let base = "";
  const asked: string[] = [];
  const routes: Record<string, string> = {};
  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url ?? "");
      const body = routes[request.url ?? ""];
      response.writeHead(body === undefined ? 404 : 200).end(body ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("follows relative $refs over the network", async () => {
    routes["/a/spec.yaml"] = specWithRef("token.yaml");
    routes["/a/token.yaml"] = bearer;
    const inference = await infer(`${base}/a/spec.yaml`);
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
  });

  it.each([
    ["a file of this machine", "file:///etc/hostname", "never this machine's files"],
    [
      "plain http off this machine",
      "http://specs.example.com/token.yaml",
      "only https, or plain http on loopback",
    ],
  ])("never %s", async (_name, ref, why) => {
    routes["/b/spec.yaml"] = specWithRef(ref);
    const inference = await infer(`${base}/b/spec.yaml`);
    expect(inference.warnings.map((w) => w.code)).toContain("auth-unresolved-ref");
    expect(refused(inference)[0]).toContain(why);
  });

  it("refuses to fetch a spec over plain http off this machine", async () => {
    await expect(readSpecText("http://specs.example.com/openapi.yaml", stdin)).rejects.toThrow(
      /http:\/\/specs\.example\.com\/openapi\.yaml may not be fetched/,
    );
  });
});

describe("redirects, sizes and deadlines", () => {
  const redirectTo =
    (location: string): typeof fetch =>
    async (input) =>
      String(input).startsWith("https://")
        ? new Response(null, { status: 302, headers: { location } })
        : new Response(bearer);

  it("a redirect from https to plain http is refused, even to this machine", async () => {
    const error = await fetchDocument(new URL("https://specs.example.com/openapi.yaml"), {
      fetch: redirectTo("http://127.0.0.1:1/openapi.yaml"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toContain("redirects to http://127.0.0.1:1/openapi.yaml");
    expect((error as SpecError).fix).toContain("never after https");
  });

  it("a response over the size cap is cut off with a clear error", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(32);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const error = await fetchDocument(new URL("https://specs.example.com/huge.yaml"), {
      fetch: async () => new Response(endless),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toContain(`larger than ${maxSpecBytes / 1024 / 1024} MiB`);
    expect(sent).toBeLessThanOrEqual(maxSpecBytes + 2 * chunk.byteLength);
  });

  it("a server that never answers fails at the deadline, naming the URL", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/spec.yaml`);
      const error = await fetchDocument(url, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).message).toMatch(
        /cannot fetch http:\/\/127\.0\.0\.1:\d+\/spec\.yaml: .*within 200 ms/,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  const scratch = scratchDir("limits");
  afterAll(scratch.dispose);

  it("a file over the size cap is refused before it is read", async () => {
    const path = join(scratch.dir, "huge.yaml");
    const fd = openSync(path, "w");
    ftruncateSync(fd, maxSpecBytes + 1);
    closeSync(fd);
    await expect(readSpecText(path, stdin)).rejects.toThrow(/huge\.yaml is 64 MiB, over the 64 MiB limit/);
  });

  it.skipIf(process.platform === "win32")(
    "a named pipe is refused instead of blocking the read",
    async () => {
      const path = join(scratch.dir, "pipe.yaml");
      execFileSync("mkfifo", [path]);
      await expect(readSpecText(path, stdin)).rejects.toThrow(/pipe\.yaml is not a regular file/);
    },
  );
});
