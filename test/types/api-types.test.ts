// `generate --types` on the corpus (../shared/corpus, read in place): the types' paths are the
// paths the tool proxy is called with, whatever base path proxy_url keeps or drops; $refs to other
// documents go through the loader's rules and are copied in; what resolves nowhere is typed
// unknown rather than failing the document; the credential's header is left to Scalekit.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { proxyPaths } from "../../scripts/codegen/api-types/proxy-paths.ts";
import { renderApiTypes } from "../../scripts/codegen/api-types/render.ts";
import { Context } from "../../scripts/codegen/context.ts";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { inferFromSpec, loadSpec } from "../../scripts/codegen/spec-source.ts";
import { scanOperations } from "../../scripts/codegen/transform/operations.ts";
import { sharedPrefix } from "../../scripts/codegen/transform/path-prefix.ts";
import { chooseProxy, pathOf } from "../../scripts/codegen/transform/servers.ts";
import { hasCorpus, specDir } from "../codegen/corpus-docs.ts";
import { corpusDir, scratchDir } from "../codegen/helpers.ts";
import { diagnose } from "./compile.ts";

const auxDir = join(corpusDir, "openapi-aux");
const expected = hasCorpus
  ? (JSON.parse(readFileSync(join(corpusDir, "expected-train.json"), "utf8")) as {
      file: string;
      format: string;
      expected: { proxy_url?: string; proxy_url_also_accept?: string[] };
    }[])
  : [];
const openapi3 = expected.filter((entry) => entry.format.startsWith("openapi3"));
// the answers name their documents by several prefixes; the file name is what is in the corpus
const loaded = new Map<string, ReturnType<typeof read>>();
const read = async (file: string) => {
  const doc = await loadSpec(join(specDir, basename(file)), { stdin: async () => "" });
  return { doc, url: (await inferFromSpec(doc, {})).connector.proxy_url };
};
/** A document and the proxy_url generate gives it, read once per file. */
const load = (file: string) => {
  const known = loaded.get(file) ?? read(file);
  loaded.set(file, known);
  return known;
};

const segments = (path: string) => path.split("/").filter((segment) => segment !== "");
const joined = (...paths: string[]) => `/${paths.flatMap(segments).join("/")}`;

/** The top-level keys of `export interface paths` in a types file, read by the compiler. */
function typedPaths(text: string): string[] {
  const source = ts.createSourceFile("api.d.ts", text, ts.ScriptTarget.ES2022);
  const paths = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === "paths",
  );
  return (paths?.members ?? []).map((member) => (member.name as ts.StringLiteral).text);
}

/**
 * With proxy_url `url`, every operation path either has a key that proxy_url + key is the URL the
 * document gives it, or is reported as out of proxy_url's reach, which it is.
 */
async function expectProxyPaths(file: string, url: string): Promise<void> {
  const { doc, url: own } = await load(file);
  const plan = chooseProxy(doc, scanOperations(doc), new Context({ proxyUrl: url }));
  expect(plan.url, file).toBe(url.replace(/\/+$/, ""));
  const result = proxyPaths(doc.root, plan);
  const keys = Object.keys(result.root.paths as object);
  const calls = new Set(keys.map((key) => joined(pathOf(url), key)));
  for (const path of Object.keys(doc.root.paths as object)) {
    const documented = joined(pathOf(own), path);
    if (result.dropped.includes(path)) {
      const reachable = documented.startsWith(joined(pathOf(url), "/")) || documented === joined(pathOf(url));
      // left out only when proxy_url's base does not lead to it (or another path took its key)
      if (reachable) expect(calls.has(documented), `${file} ${path}`).toBe(true);
    } else expect(calls.has(documented), `${file}: ${path} under ${url}`).toBe(true);
  }
  expect(keys.length + result.dropped.length, file).toBe(Object.keys(doc.root.paths as object).length);
}

describe.skipIf(!hasCorpus)("types' paths relative to proxy_url, on the corpus", () => {
  it("keep the document's paths when proxy_url is the document's server", async () => {
    for (const entry of openapi3) await expectProxyPaths(entry.file, (await load(entry.file)).url);
  }, 60_000);

  it("match the proxy's calls with the proxy_url each vendor's known answer gives", async () => {
    let differing = 0;
    for (const entry of openapi3) {
      const own = pathOf((await load(entry.file)).url);
      for (const url of new Set([
        entry.expected.proxy_url ?? "",
        ...(entry.expected.proxy_url_also_accept ?? []),
      ])) {
        if (url === "" || url.includes("{{") !== own.includes("{{")) continue;
        if (pathOf(url) !== own) differing += 1;
        await expectProxyPaths(entry.file, url);
      }
    }
    // answers that keep or drop a base path the document's server has: the cases this is about
    expect(differing).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it("add a base path proxy_url drops, and drop one it keeps that every path repeats", async () => {
    let dropping = 0;
    let keeping = 0;
    for (const entry of openapi3) {
      const { doc, url } = await load(entry.file);
      const origin = /^https:\/\/[^/]+/.exec(url)?.[0] ?? url;
      if (pathOf(url) !== "") {
        dropping += 1;
        await expectProxyPaths(entry.file, origin);
      }
      const shared = sharedPrefix(Object.keys(doc.root.paths as object));
      if (shared.length > 0) {
        keeping += 1;
        await expectProxyPaths(entry.file, `${url}/${shared[0]}`);
      }
    }
    expect(dropping).toBeGreaterThanOrEqual(10);
    expect(keeping).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it("are the keys openapi-typescript writes, for the smallest documents with a base path", async () => {
    const withBase: { file: string; url: string; size: number }[] = [];
    for (const entry of openapi3) {
      const { url } = await load(entry.file);
      if (pathOf(url) !== "" && !url.includes("{{"))
        withBase.push({
          file: entry.file,
          url,
          size: readFileSync(join(specDir, basename(entry.file))).length,
        });
    }
    for (const { file, url } of withBase.sort((a, b) => a.size - b.size).slice(0, 2)) {
      // a fresh read: rendering fetches nothing, but it is handed the document as it is
      const doc = await loadSpec(join(specDir, basename(file)), { stdin: async () => "" });
      const connector = (await inferFromSpec(doc, {})).connector;
      const origin = /^https:\/\/[^/]+/.exec(url)?.[0] as string;
      const types = await renderApiTypes(doc, { source: file, proxyUrl: origin, connector });
      const keys = typedPaths(types.text);
      expect(keys.length, file).toBe(Object.keys(doc.root.paths as object).length);
      for (const path of Object.keys(doc.root.paths as object))
        expect(keys, file).toContain(
          joined(pathOf(url), path) + (path.endsWith("/") && path !== "/" ? "/" : ""),
        );
      expect(types.text).toContain(`Paths are relative to proxy_url ${origin}:`);
    }
  }, 60_000);
});

describe.skipIf(!hasCorpus)("generate --types", () => {
  const scratch = scratchDir("api-types");
  afterAll(scratch.dispose);

  it("copies in what $refs to other documents name, found through --ref-dir, and the types compile", async () => {
    const out = join(scratch.dir, "refs");
    const snowflake = join(specDir, "snowflake.yaml");
    const report = await runGenerate([{ kind: "spec", spec: snowflake }], {
      out,
      types: true,
      refDirs: [join(auxDir, "snowflake")],
    });
    expect(report.errors).toEqual([]);
    const [result] = report.results;
    expect(result?.types).toMatchObject({ unresolved: [], dropped: [] });
    const text = readFileSync(join(out, "snowflake-database.api.d.ts"), "utf8");
    // common.yaml's components, in this file's components
    for (const name of ["Identifier", "PointOfTimeTimestamp"])
      expect(new RegExp(`^        ${name}: `, "m").test(text), name).toBe(true);
    const use = join(out, "use.ts");
    const diagnostics = diagnose(
      new Map([
        [
          use,
          `import type { paths } from "./snowflake-database.api.ts";\nexport type Database = paths["/api/v2/databases/{name}"]["get"]["responses"][200]["content"]["application/json"];\nexport const name: Database["name"] = "db";\n`,
        ],
      ]),
    );
    expect(diagnostics.get(use)).toBeUndefined();
  }, 60_000);

  it("types what resolves nowhere as unknown and says so, rather than failing the document", async () => {
    const out = join(scratch.dir, "missing");
    // without --ref-dir, snowflake's common.yaml is not found
    const report = await runGenerate([{ kind: "spec", spec: join(specDir, "snowflake.yaml") }], {
      out,
      types: true,
    });
    expect(report.errors).toEqual([]);
    const unresolved = report.results[0]?.types?.unresolved ?? [];
    expect(unresolved.length).toBeGreaterThan(0);
    expect(unresolved.filter((ref) => !/^(\.\/)?common\.yaml#\//.test(ref))).toEqual([]);
    const text = readFileSync(join(out, "snowflake-database.api.d.ts"), "utf8");
    expect(text).toContain("// Typed unknown, as these $refs resolve nowhere: common.yaml#/");
    const use = join(out, "use.ts");
    const diagnostics = diagnose(
      new Map([
        [use, `import type { paths } from "./snowflake-database.api.ts";\nexport type P = keyof paths;\n`],
      ]),
    );
    expect(diagnostics.get(use)).toBeUndefined();
  }, 60_000);

  it("never reads a file the loader may not reach, as openapi-typescript on its own would", async () => {
    const dir = join(scratch.dir, "reach");
    mkdirSync(join(dir, "spec"), { recursive: true });
    writeFileSync(
      join(dir, "outside.yaml"),
      "components: { schemas: { Secret: { type: object, properties: { marker-Q7vT2: { type: string } } } } }\n",
    );
    const spec = join(dir, "spec", "api.yaml");
    writeFileSync(
      spec,
      `openapi: 3.0.3
info: { title: Reach Test, version: "1" }
servers: [{ url: "https://api.reach.example/v1" }]
components: { securitySchemes: { key: { type: http, scheme: bearer } } }
security: [{ key: [] }]
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "../outside.yaml#/components/schemas/Secret" } } }
`,
    );
    const report = await runGenerate([{ kind: "spec", spec }], { out: join(dir, "out"), types: true });
    expect(report.errors).toEqual([]);
    const types = report.results[0]?.types;
    expect(types?.unresolved).toEqual([
      expect.stringMatching(/^\.\.\/outside\.yaml#\/components\/schemas\/Secret \(.+\)$/),
    ]);
    const text = readFileSync(join(dir, "out", "reach-test.api.d.ts"), "utf8");
    expect(text).not.toContain("marker-Q7vT2");
    expect(typedPaths(text)).toEqual(["/things"]);
  });

  it("leaves the credential's header to Scalekit and keeps the document's other parameters", async () => {
    const out = join(scratch.dir, "header");
    const report = await runGenerate([{ kind: "spec", spec: join(specDir, "elevenlabs.json") }], {
      out,
      types: true,
    });
    expect(report.results[0]?.connector.auth_patterns[0]?.auth_header_key_override).toBe("xi-api-key");
    const source = readFileSync(join(specDir, "elevenlabs.json"), "utf8");
    expect(source.includes('"name":"xi-api-key"')).toBe(true);
    const text = readFileSync(join(out, "elevenlabs.api.d.ts"), "utf8");
    expect(text).not.toContain("xi-api-key");
    // the path and query parameters stay
    expect(text).toContain("voice_id: string;");
  });

  it("writes the connector without types for a Swagger 2.0 document, and says why and what to do", async () => {
    const out = join(scratch.dir, "swagger");
    const report = await runGenerate([{ kind: "spec", spec: join(specDir, "slack.json") }], {
      out,
      types: true,
    });
    expect(report.results.map((result) => result.file.endsWith("slack.ts"))).toEqual([true]);
    expect(report.results[0]?.types).toBeUndefined();
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]?.parts).toMatchObject({
      message: expect.stringContaining("is Swagger 2.0"),
      path: "#/swagger",
      fix: expect.stringContaining("convert the document to OpenAPI 3"),
    });
  });

  it("leaves a types file edited since it was generated, as it does a connector", async () => {
    const out = join(scratch.dir, "edited");
    const spec = { kind: "spec", spec: join(specDir, "elevenlabs.json") } as const;
    const first = await runGenerate([spec], { out, types: true });
    expect(first.results[0]?.types?.status).toBe("written");
    const again = await runGenerate([spec], { out, types: true });
    expect(again.results[0]?.types?.status).toBe("unchanged");
    const path = join(out, "elevenlabs.api.d.ts");
    writeFileSync(path, `${readFileSync(path, "utf8")}// mine\n`);
    const edited = await runGenerate([spec], { out, types: true });
    expect(edited.errors[0]?.message).toContain("elevenlabs.api.d.ts was edited since it was generated");
    expect(readFileSync(path, "utf8")).toMatch(/\/\/ mine\n$/);
  });
});

if (!hasCorpus) {
  it.skip("generate --types on the corpus: ../shared/corpus is absent, so these tests are skipped", () => {});
}
