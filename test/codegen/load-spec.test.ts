// Reading specs: files, URLs and their external $refs, parse errors with positions, versions.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpecText, SpecError, specVersion } from "../../scripts/codegen/load-spec.ts";
import { inferFromSpec, loadSpec } from "../../scripts/codegen/spec-source.ts";
import { scratchDir } from "./helpers.ts";

const stdin = async () => "";
const common = `components:
  securitySchemes:
    Token:
      type: http
      scheme: bearer
`;
const main = `openapi: 3.0.3
info: { title: Split, version: "1" }
servers: [{ url: /api }]
components:
  securitySchemes:
    Token: { $ref: "common.yaml#/components/securitySchemes/Token" }
security: [{ Token: [] }]
paths: {}
`;

describe("loading specs", () => {
  const scratch = scratchDir("load");
  afterAll(scratch.dispose);

  it("resolves a $ref into a sibling file", async () => {
    writeFileSync(join(scratch.dir, "common.yaml"), common);
    writeFileSync(join(scratch.dir, "main.yaml"), main);
    const inference = await inferFromSpec(await loadSpec(join(scratch.dir, "main.yaml"), { stdin }), {});
    expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
    const auth = inference.inferred.find((entry) => entry.what.startsWith("auth "));
    expect(auth?.from).toBe("common.yaml#/components/securitySchemes/Token");
  });

  it("looks in --ref-dir for a referenced file that is not beside the spec", async () => {
    mkdirSync(join(scratch.dir, "apart/specs"), { recursive: true });
    mkdirSync(join(scratch.dir, "apart/shared"), { recursive: true });
    writeFileSync(join(scratch.dir, "apart/shared/common.yaml"), common);
    writeFileSync(join(scratch.dir, "apart/specs/main.yaml"), main);
    const path = join(scratch.dir, "apart/specs/main.yaml");
    const alone = await inferFromSpec(await loadSpec(path, { stdin }), {});
    expect(alone.warnings.map((w) => w.code)).toContain("auth-unresolved-ref");
    const found = await inferFromSpec(
      await loadSpec(path, { stdin, refDirs: [join(scratch.dir, "apart/shared")] }),
      {},
    );
    expect(found.connector.auth_patterns[0]?.type).toBe("BEARER");
  });

  describe("from a URL", () => {
    let server: Server;
    let base = "";
    beforeAll(async () => {
      server = createServer((request, response) => {
        const body =
          request.url === "/specs/main.yaml"
            ? main
            : request.url === "/specs/common.yaml"
              ? common
              : undefined;
        response.writeHead(body ? 200 : 404).end(body ?? "");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("fetches remote $refs and resolves relative servers against the spec's URL", async () => {
      const inference = await inferFromSpec(await loadSpec(`${base}/specs/main.yaml`, { stdin }), {});
      expect(inference.connector.auth_patterns[0]?.type).toBe("BEARER");
      // Scalekit needs https; the plain-http test server is upgraded, with a warning
      expect(inference.connector.proxy_url).toBe(`https://127.0.0.1:${base.split(":").at(-1)}/api`);
      expect(inference.warnings.map((w) => w.code)).toContain("proxy-http-server");
    });

    it("names the URL and the status when the spec is missing", async () => {
      await expect(loadSpec(`${base}/nope.yaml`, { stdin })).rejects.toThrow(/returned HTTP 404/);
    });
  });

  it.each([
    [
      "JSON with a syntax error",
      '{\n  "openapi": "3.0.0",\n  oops\n}',
      /not valid JSON \(line 3, column 3\)/,
    ],
    ["YAML with a syntax error", "openapi: 3.0.0\ninfo: [unclosed\n", /not valid YAML: .*\(3:1\)/],
  ])("%s → a SpecError with the position", (_name, text, message) => {
    expect(() => parseSpecText(text, "spec")).toThrow(message);
  });

  it("repairs flow brackets indented like their key, and says so", () => {
    const text = "openapi: 3.0.0\nx-list:\n  values: [\n    a,\n  ]\n";
    expect(parseSpecText(text, "spec")).toEqual({
      root: { openapi: "3.0.0", "x-list": { values: ["a"] } },
      repairedLines: [5],
      lenientLines: [],
    });
  });

  it("reads a quoted value continued at column 0 as common readers do, and says which lines", () => {
    const text = [
      "openapi: 3.0.0",
      "info:",
      '  title: "Acme',
      'API"',
      "  description: 'It''s",
      "  quoted",
      "at column 0'",
      "  version: '1'",
    ].join("\n");
    expect(parseSpecText(text, "spec")).toEqual({
      root: {
        openapi: "3.0.0",
        info: { title: "Acme API", description: "It's quoted at column 0", version: "1" },
      },
      repairedLines: [],
      lenientLines: [4, 6, 7],
    });
  });

  it("reads hundreds of them in a document, leaving block scalars as they are", () => {
    const operations = Array.from(
      { length: 300 },
      (_, i) => `  /things${i}:\n    get:\n      summary: "Lists\nthings ${i}"\n      responses: {}`,
    );
    const block =
      '  /notes:\n    get:\n      description: |\n        note: "a quote in text\n      responses: {}';
    const text = `openapi: 3.0.0\npaths:\n${operations.join("\n")}\n${block}\n`;
    const { root, lenientLines } = parseSpecText(text, "spec");
    const paths = (root as { paths: Record<string, { get: { summary?: string; description?: string } }> })
      .paths;
    expect(paths["/things299"]?.get.summary).toBe("Lists things 299");
    expect(paths["/notes"]?.get.description).toBe('note: "a quote in text\n');
    expect(lenientLines).toHaveLength(300);
  });

  it("warns spec-yaml-lenient where the reading was lenient, and only there", () => {
    const spec = (title: string) =>
      `openapi: 3.0.0\ninfo:\n  title: ${title}\n  version: "1"\nservers: [{ url: "https://api.acme.io" }]\npaths: {}\n`;
    let count = 0;
    const codes = async (text: string) => {
      count += 1;
      const path = join(scratch.dir, `lenient-${count}.yaml`);
      writeFileSync(path, text);
      return (await inferFromSpec(await loadSpec(path, { stdin }), {})).warnings.map((w) => w.code);
    };
    return Promise.all([
      expect(codes(spec('"Acme\nAPI"'))).resolves.toContain("spec-yaml-lenient"),
      expect(codes(`${spec("Acme")}info:\n  title: Again\n`)).resolves.toContain("spec-yaml-lenient"),
      expect(codes(spec('"Acme API"'))).resolves.not.toContain("spec-yaml-lenient"),
    ]);
  });

  it("keeps the last value of a repeated key, as common readers do, and says where", () => {
    const text = "openapi: 3.0.0\ninfo:\n  title: First\n  version: '1'\n  title: Second\n";
    expect(parseSpecText(text, "spec")).toEqual({
      root: { openapi: "3.0.0", info: { title: "Second", version: "1" } },
      repairedLines: [],
      lenientLines: [],
      duplicateKeyLine: 5,
    });
  });

  it("applies << merge keys, as YAML 1.1 readers do", () => {
    const text =
      "openapi: 3.0.0\nx-base: &base\n  type: http\n  scheme: bearer\nx-token:\n  <<: *base\n  description: t\n";
    expect((parseSpecText(text, "spec").root as Record<string, unknown>)["x-token"]).toEqual({
      type: "http",
      scheme: "bearer",
      description: "t",
    });
  });

  it("reads nesting deeper than 100 levels, and refuses absurd depth with a clear error", () => {
    const nested = (depth: number) => `openapi: 3.0.0\nx-deep: ${"[".repeat(depth)}${"]".repeat(depth)}\n`;
    expect(parseSpecText(nested(300), "spec").root).toHaveProperty("openapi", "3.0.0");
    expect(() => parseSpecText(nested(5000), "deep.yaml")).toThrow(
      /deep\.yaml nests more than 1000 levels deep/,
    );
  });

  it.each([
    [{ swagger: "2.0" }, "2.0"],
    [{ openapi: "3.0.3" }, "3.0"],
    [{ openapi: "3.1.0" }, "3.1"],
  ] as const)("reads the version of %j", (root, want) => {
    expect(specVersion(root, "spec")).toBe(want);
  });

  it.each([
    [{ openapi: "2.5" }, "#/openapi"],
    [{ swagger: "1.2" }, "#/swagger"],
    [{ info: {} }, "#"],
    [[], "#"],
  ])("refuses %j, pointing at %s", (root, pointer) => {
    try {
      specVersion(root, "spec");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).pointer).toBe(pointer);
    }
  });
});
