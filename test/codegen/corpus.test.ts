// The whole corpus (../shared/corpus, read in place): every spec generates a connector that
// compiles, validates and builds exactly what the report says — or fails alone with a clear error.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validate } from "../../dsl/index.ts";
import { formatSources } from "../../scripts/codegen/format.ts";
import { type RunReport, runGenerate } from "../../scripts/codegen/run.ts";
import { type ExpectedEntry, scoreConnector, tally } from "../../scripts/codegen/score.ts";
import { typeChecker } from "../../scripts/codegen/typecheck.ts";
import { corpusDir, loadFile, scratchDir } from "./helpers.ts";

const specDir = join(corpusDir, "openapi");
const hasCorpus = existsSync(specDir);
const specs = hasCorpus
  ? readdirSync(specDir)
      .sort()
      .map((file) => join(specDir, file))
  : [];
const auxDir = join(corpusDir, "openapi-aux");
const refDirs = existsSync(auxDir) ? readdirSync(auxDir).map((name) => join(auxDir, name)) : [];

describe.skipIf(!hasCorpus)("generating the corpus", () => {
  const scratch = scratchDir("corpus");
  let report: RunReport;
  beforeAll(async () => {
    report = await runGenerate(
      specs.map((spec) => ({ kind: "spec", spec })),
      { out: scratch.dir, refDirs, force: true },
    );
  }, 180_000);
  afterAll(scratch.dispose);

  it("accounts for every spec: a connector or an error naming the spec", () => {
    const seen = [...report.results.map((r) => r.spec), ...report.errors.map((e) => e.spec)].sort();
    expect(seen).toEqual([...specs].sort());
    for (const error of report.errors) expect(error.message.length).toBeGreaterThan(10);
  });

  it("generates a connector for each spec in the corpus", () => {
    expect(report.errors).toEqual([]);
  });

  it("every connector passes validate()", () => {
    for (const result of report.results) expect(validate(result.connector), result.spec).toEqual([]);
  });

  it("every written file builds exactly the connector in the report, with its verify request", async () => {
    for (const result of report.results) {
      const built = await loadFile(resolve(result.file));
      expect(built.payload(), result.spec).toStrictEqual(result.connector);
      const request = built.verifyRequest && `${built.verifyRequest.method} ${built.verifyRequest.path}`;
      expect(request, result.spec).toBe(result.verify);
      if (built.verifyRequest)
        expect(built.verifyRequest.headers, result.spec).toEqual(result.verifyHeaders ?? {});
    }
  }, 120_000);

  it("proposes a verify request for most connectors, each a GET recorded among the inferences", () => {
    const proposed = report.results.filter((result) => result.verify !== undefined);
    // the share is printed by npm run bench:generate; half is a floor well under it
    expect(proposed.length).toBeGreaterThan(report.results.length / 2);
    for (const result of proposed) {
      expect(result.verify, result.spec).toMatch(/^GET \/\S*$/);
      const noted = result.inferred.find((entry) =>
        entry.what.startsWith(`verify request ${result.verify}:`),
      );
      expect(noted?.from, result.spec).toMatch(/^#\/paths\/[^/]+\/get$/);
    }
  });

  // generate type-checks only with --typecheck: here every file it wrote is compiled
  it("every written file type-checks", async () => {
    const sources = report.results.map((result) => ({
      path: resolve(result.file),
      text: readFileSync(resolve(result.file), "utf8"),
    }));
    expect(Object.fromEntries(await typeChecker().check(sources))).toEqual({});
  }, 120_000);

  it("biome format leaves every written file unchanged", async () => {
    const written = report.results.map((result) => readFileSync(resolve(result.file), "utf8"));
    const formatted = await formatSources(written);
    expect(formatted.map((item) => (item.status === "fulfilled" ? item.value : item.reason))).toEqual(
      written,
    );
  });

  it("warns about the wrong part wherever it is wrong, on all but 4 % of the answered vendors at most", () => {
    const answers = JSON.parse(
      readFileSync(join(corpusDir, "expected-train.json"), "utf8"),
    ) as ExpectedEntry[];
    const bySpec = new Map(report.results.map((result) => [basename(result.spec), result]));
    const silent = answers.filter((entry) => {
      const result = bySpec.get(basename(entry.file));
      return result !== undefined && scoreConnector(result.connector, result.warnings, entry).silentlyWrong;
    });
    // npm run bench:generate prints the figures; this keeps a regression from going unnoticed
    expect(
      silent.length / answers.length,
      silent.map((entry) => entry.vendor).join(", "),
    ).toBeLessThanOrEqual(0.04);
  });

  it("an unwarned part is right (sure-precision ≥ 96 %), and most right parts go unwarned (sure-recall ≥ 60 %)", () => {
    const answers = JSON.parse(
      readFileSync(join(corpusDir, "expected-train.json"), "utf8"),
    ) as ExpectedEntry[];
    const bySpec = new Map(report.results.map((result) => [basename(result.spec), result]));
    const scored = answers.map((entry) => {
      const result = bySpec.get(basename(entry.file));
      return { entry, score: result && scoreConnector(result.connector, result.warnings, entry) };
    });
    // npm run bench:generate prints the figures, on both halves; these floors catch a regression
    const { sureParts, sureRight, rightParts } = tally(scored);
    expect(sureRight / sureParts).toBeGreaterThanOrEqual(0.96);
    expect(sureRight / rightParts).toBeGreaterThanOrEqual(0.6);
  });

  it("every warning and inference points into the spec", () => {
    for (const result of report.results) {
      for (const { pointer } of result.warnings)
        expect(pointer, result.spec).toMatch(/^([^#]*#(\/.*)?|--[a-z-]+)$/);
      for (const { from } of result.inferred)
        expect(from, result.spec).toMatch(/^([^#]*#(\/.*)?|--[a-z-]+)$/);
    }
  });
});

if (!hasCorpus) {
  it.skip("generating the corpus: ../shared/corpus is absent, so the corpus tests are skipped", () => {});
}
