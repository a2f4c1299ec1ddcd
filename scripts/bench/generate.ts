// Usage: tsx scripts/bench/generate.ts [--runs R]
// Runs the generator over every spec in ../shared/corpus/openapi (into a scratch folder) and
// scores it against corpus/expected-train.json: both right, both right where the document can give
// the answer (not HARD), silently wrong, sure-precision and sure-recall (how far an unwarned part
// can be trusted, and how many right parts go unwarned), on all vendors and on two fixed halves. Then speed:
// github.json's generation against a JSON.parse of it in this process, and the whole corpus against the sum of its parse times. Exits 0 with "skipped" without the corpus.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { inferConnector } from "../codegen/infer.ts";
import { parseSpecText, specVersion } from "../codegen/load-spec.ts";
import { type Obj, Refs } from "../codegen/refs.ts";
import { runGenerate, type Source } from "../codegen/run.ts";
import {
  type ExpectedEntry,
  halves,
  isHard,
  type Score,
  scoreConnector,
  type Tally,
  tally,
} from "../codegen/score.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const corpus = join(root, "../shared/corpus");
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 3;

if (!existsSync(join(corpus, "openapi"))) {
  console.log(`skipped: no corpus at ${corpus} (the bench reads ../shared/corpus in place)`);
  process.exit(0);
}

const specDir = join(corpus, "openapi");
const specs = readdirSync(specDir)
  .sort()
  .map((file) => join(specDir, file));
const auxDir = join(corpus, "openapi-aux");
const refDirs = existsSync(auxDir)
  ? readdirSync(auxDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(auxDir, d.name))
  : [];
const scratch = await mkdtemp(join(tmpdir(), "connectorkit-bench-"));
// each timing starts with a collected heap, so no run pays for the garbage of the one before
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function generate(paths: string[]) {
  const sources = paths.map((spec): Source => ({ kind: "spec", spec }));
  collect();
  const started = performance.now();
  const report = await runGenerate(sources, { out: scratch, refDirs, force: true, concurrency: 4 });
  return { report, ms: performance.now() - started };
}

/** Reading and parsing a spec the fastest way: the floor any generator pays. */
function parseTime(path: string): { read: number; parse: number } {
  collect();
  const started = performance.now();
  const text = readFileSync(path, "utf8");
  const read = performance.now();
  parseSpecText(text, path);
  return { read: read - started, parse: performance.now() - read };
}

try {
  // start-up: modules, ts-morph, the first type-check and the formatter, paid once per run
  const smallest = specs.reduce((a, b) => (readFileSync(a).length <= readFileSync(b).length ? a : b));
  const startup = (await generate([smallest])).ms;

  const { report, ms: corpusMs } = await generate(specs);
  const bySpec = new Map(report.results.map((r) => [r.spec, r]));
  const failed = new Map(report.errors.map((e) => [e.spec, e.message]));

  // accuracy
  const expected = JSON.parse(readFileSync(join(corpus, "expected-train.json"), "utf8")) as ExpectedEntry[];
  const halfOf = halves(expected.map((entry) => entry.vendor));
  const rows: string[][] = [];
  const scored: { entry: ExpectedEntry; score: Score | undefined }[] = [];
  for (const entry of expected) {
    // answers name their file relative to the corpus or to the workspace; the name is what counts
    const path = join(specDir, basename(entry.file));
    const result = bySpec.get(path);
    const half = halfOf.get(entry.vendor) ?? "";
    const hard = isHard(entry) ? "H" : "";
    if (!result) {
      scored.push({ entry, score: undefined });
      rows.push([
        entry.vendor,
        `${half}${hard}`,
        "✖",
        "✖",
        "✖",
        "",
        `error: ${(failed.get(path) ?? "not generated").slice(0, 60)}`,
      ]);
      continue;
    }
    const score = scoreConnector(result.connector, result.warnings, entry);
    scored.push({ entry, score });
    const pattern = result.connector.auth_patterns[0];
    const got = `${pattern?.type ?? "?"} ${pattern?.oauth_config?.authorize_uri ?? pattern?.auth_header_key_override ?? ""} ${result.connector.proxy_url}`;
    const mark = (ok: boolean) => (ok ? "✔" : "✖");
    // "?" after a part: the report warns on it (not sure)
    const part = (ok: boolean, sure: boolean) => `${mark(ok)}${sure ? "" : "?"}`;
    rows.push([
      entry.vendor,
      `${half}${hard}`,
      part(score.authRight, score.authSure),
      part(score.proxyRight, score.proxySure),
      mark(score.authRight && score.proxyRight),
      score.silentlyWrong ? "SILENT" : result.warnings.length > 0 ? `${result.warnings.length}` : "",
      got,
    ]);
  }
  const widths = [18, 5, 5, 6, 5, 7];
  console.log(`Accuracy on ${expected.length} specs with known answers (corpus/expected-train.json)`);
  console.log("half: A or B by a hash of the vendor name; H: the answer needs facts the document lacks");
  console.log("auth, proxy: ✔ right, ✖ wrong, ? the report warns on that part (it is not sure)\n");
  console.log(
    ["vendor", "half", "auth", "proxy", "both", "warns", "generated"]
      .map((h, i) => h.padEnd(widths[i] ?? 0))
      .join(" "),
  );
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" "));
  const pct = (n: number, of: number) => `${of === 0 ? "–" : ((100 * n) / of).toFixed(1)} %`.padStart(7);
  const headings = [
    "vendors  ",
    "  n",
    "both right",
    "both right, non-HARD (n)",
    "silently wrong",
    "sure-precision",
    "sure-recall",
  ];
  const row = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(headings[i]?.length ?? 0)).join(" | ")} |`;
  const line = (label: string, t: Tally) =>
    row([
      label,
      String(t.n).padStart(3),
      pct(t.both, t.n),
      `${pct(t.bothDerivable, t.derivable)} (${String(t.derivable).padStart(2)})`,
      pct(t.silent, t.n),
      pct(t.sureRight, t.sureParts),
      pct(t.sureRight, t.rightParts),
    ]);
  console.log(`
${row(headings)}
${row(headings.map((heading) => "-".repeat(heading.length)))}
${line("all", tally(scored))}
${line("half A", tally(scored.filter((row) => halfOf.get(row.entry.vendor) === "A")))}
${line("half B", tally(scored.filter((row) => halfOf.get(row.entry.vendor) === "B")))}
targets (on vendors never seen): both right ≥ 70 %, silently wrong ≤ 4 %, sure-precision ≥ 96 %, sure-recall ≥ 60 %
silently wrong: a wrong part (auth or proxy) with no warning about that part (auth-…, proxy-…)
sure: a part (auth or proxy_url) with no warning about it; sure-precision: of the sure parts, the share
that is right; sure-recall: of the right parts, the share that is sure
`);
  const verified = report.results.filter((result) => result.verify !== undefined).length;
  console.log(
    `Verify request proposed (.verify("GET …")): ${verified} of ${specs.length} connectors (${((100 * verified) / specs.length).toFixed(1)} %)`,
  );
  console.log(
    `Corpus: ${report.results.length} of ${specs.length} specs generated, ${report.errors.length} failed.`,
  );
  for (const error of report.errors) console.log(`  ✖ ${error.spec}: ${error.message.split("\n")[0]}`);

  // speed: github.json against JSON.parse of it, both in this process
  const github = specs.find((path) => path.endsWith("/github.json"));
  if (github) {
    const parse: number[] = [];
    const parseOnly: number[] = [];
    const gen: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const time = parseTime(github);
      parse.push(time.read + time.parse);
      parseOnly.push(time.parse);
      gen.push((await generate([github])).ms);
    }
    const [both, alone, generated] = [median(parse), median(parseOnly), median(gen)];
    console.log(`\ngithub.json (${(readFileSync(github).length / 1e6).toFixed(1)} MB), median of ${runs}:`);
    console.log(
      `  read + JSON.parse ${ms(both)}, generate ${ms(generated)}: ${(generated / both).toFixed(2)}× (target ≤ 1.5×)`,
    );
    console.log(`  JSON.parse alone ${ms(alone)}: ${(generated / alone).toFixed(2)}×`);
  }
  // a $ref chain through 10,000 security schemes: inference against parsing the same document
  const chain = 10_000;
  const schemes: Record<string, unknown> = {};
  for (let i = 0; i < chain; i += 1) schemes[`s${i}`] = { $ref: `#/components/securitySchemes/s${i + 1}` };
  schemes[`s${chain}`] = { type: "http", scheme: "bearer" };
  const chainText = JSON.stringify({
    openapi: "3.0.3",
    info: { title: "Chain", version: "1" },
    servers: [{ url: "https://api.chain.example" }],
    components: { securitySchemes: schemes },
    security: [{ s0: [] }],
    paths: { "/me": { get: { responses: {} } } },
  });
  const chainParse: number[] = [];
  const chainInfer: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    collect();
    let started = performance.now();
    const { root } = parseSpecText(chainText, "chain.json");
    chainParse.push(performance.now() - started);
    collect();
    started = performance.now();
    inferConnector({
      name: "chain.json",
      location: undefined,
      version: specVersion(root, "chain.json"),
      root: root as Obj,
      refs: new Refs(root, undefined),
      repairedLines: [],
    });
    chainInfer.push(performance.now() - started);
  }
  console.log(
    `\n$ref chain through ${chain.toLocaleString("en")} schemes: infer ${ms(median(chainInfer))} against JSON.parse ${ms(median(chainParse))} (${(median(chainInfer) / Math.max(1, median(chainParse))).toFixed(1)}×; each link is followed once)`,
  );

  let parseSum = 0;
  for (const path of specs) {
    const time = parseTime(path);
    parseSum += time.read + time.parse;
  }
  const corpusRuns = [corpusMs];
  for (let i = 1; i < runs; i += 1) corpusRuns.push((await generate(specs)).ms);
  const warm = median(corpusRuns);
  console.log(
    `\nwhole corpus (${specs.length} specs): sum of read + parse ${ms(parseSum)}, generate ${ms(warm)} (median of ${runs}), start-up ${ms(startup)}`,
  );
  console.log(
    `  generate / parse: ${(warm / parseSum).toFixed(2)}× (target ≤ 1.5× plus one start-up); with the start-up: ${((warm + startup) / parseSum).toFixed(2)}× against ${(1.5 + startup / parseSum).toFixed(2)}× allowed`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
