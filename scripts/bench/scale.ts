// Usage: tsx scripts/bench/scale.ts [--quick] [--runs R] [--count 1000] [--root DIR] [--via installed|tsx]
// Whole processes as a user runs them against emulators on 127.0.0.1, each in its own process (as
// Scalekit is: in the bench's, their work would share its event loop). By default (--via installed)
// that is `npx connectorkit …` in a fresh project where the checkout's `npm pack` is installed, as
// README's first steps and the CI check `init` writes run it; --via tsx times `npx tsx scripts/…` in
// the checkout instead. Measured: sync pull, build and sync plan of 10 and of 1,000 connectors (cost
// per added connector = (t1000 − t10) / 990; each connector with its connection, a quarter of them
// OAuth with client credentials to fingerprint), apply of 1,000 connectors and their connections at
// 25 ms per request against its latency floor, and generate against two baselines measured in the same run: `npx tsx` on an empty
// file (a ten-line spec) and a `node` process reading and parsing github.json (../shared/corpus).
// Each figure is the median of R runs (default 3; --quick: 1), baselines interleaved with what they
// are compared to so noise hits both. Beside each wall-clock figure: the CPU time of the same
// measure (what a loaded machine distorts least), and for github.json the ratio with each side's
// launcher start-up taken out. Peak RSS of each run at the end.
// Exits 1 when a command fails or a target is missed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pLimit from "p-limit";
import { connector } from "../../dsl/index.ts";
import type { Payload } from "../../dsl/payload.ts";
import { httpExchange } from "../client/http-fetch.ts";
import { createScalekitClient } from "../client/index.ts";
import { settingsToWire } from "../client/preview.ts";
import { oauthVariables } from "../lib/variable-names.ts";
import { managedBody } from "../sync/connector/ownership.ts";
import { consumer, pack } from "./consumer.ts";
import { resetEmulator, startEmulatorProcess } from "./emulator-process.ts";
import { median, type ProcessRun, processRunner } from "./process.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    count: { type: "string", default: "1000" },
    root: { type: "string" },
    via: { type: "string", default: "installed" },
  },
});
const runs = values.runs !== undefined ? Number(values.runs) : values.quick ? 1 : 3;
const count = Number(values.count);
const via = values.via;
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(count) ||
  count <= 10 ||
  (via !== "installed" && via !== "tsx")
) {
  console.error(
    "usage: tsx scripts/bench/scale.ts [--quick] [--runs R] [--count N] [--root DIR] [--via installed|tsx]  (R ≥ 1, N > 10)",
  );
  process.exit(2);
}

const here = fileURLToPath(new URL("../../", import.meta.url));
// --root DIR times the commands of another checkout (an older commit, for a before/after table)
const root = values.root === undefined ? here : resolve(values.root);
const github = join(here, "../shared/corpus/openapi/github.json");
const sizes = [10, count] as const;
const applyLatencyMs = 25;
const applyConcurrency = 4;
const credentials = { clientId: "bench", clientSecret: "bench-secret" };
const words = ["Alpha", "Bravo", "Cargo", "Delta", "Echo", "Fable", "Gamma", "Harbor", "Index", "Jade"];

/** The i-th remote connector; auth kinds, fields and scopes rotate so the files differ in shape. */
function payloadOf(i: number): Payload {
  const name = `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}` as "N";
  const host = `https://api${i}.example.com` as "https://api.example.com";
  const base = connector(name).description(`Connector ${i} of the scale bench`);
  switch (i % 4) {
    case 0:
      return base
        .oauth({ authorizeUri: `${host}/oauth/authorize`, tokenUri: `${host}/oauth/token` })
        .scope("read", { description: "Read everything", required: true })
        .scope(`write:${i}`, { description: "Write" })
        .accountField("tenant", { hint: "acme for acme.example.com" })
        .proxy("https://{{tenant}}.example.com/v1")
        .payload();
    case 1:
      return base.bearer().proxy(`${host}/v2`).payload();
    case 2:
      return base
        .apiKey({ header: "X-API-Key" })
        .mutate("api_key", { prefix: "Token " })
        .proxy(host)
        .payload();
    default:
      return base
        .field("domain", { label: "Domain", hint: "yourcompany.example.com" })
        .basic({ password: false })
        .mutate("username", { suffix: "/token" })
        .proxy("https://{{domain}}/api")
        .payload();
  }
}

const isOAuth = (i: number) => i % 4 === 0;
/** The OAuth app credentials of every OAuth connector's connection, as a user sets them. */
const oauthEnv: Record<string, string> = {};
for (let i = 0; i < count; i += 4) {
  const variables = oauthVariables(payloadOf(i).display_name);
  oauthEnv[variables.clientId] = `bench-client-${i}`;
  oauthEnv[variables.clientSecret] = `bench-oauth-secret-${i}`;
}

const scratch = mkdtempSync(join(tmpdir(), "connectorkit-bench-scale-"));
const run = processRunner(scratch);
// --via installed: the checkout packed and installed into a fresh project, commands run there
const project = via === "installed" ? await consumer((await pack(scratch, root)).tarball, root) : undefined;
/** Where definitions are written and read: inside the project, so their `connectorkit` import resolves. */
const work = project ?? scratch;
const scripts = { sync: "scripts/sync.ts", build: "scripts/build.ts", generate: "scripts/generate.ts" };
/** `connectorkit <command> …` as --via runs it; `sync` runs its arguments' own subcommand (pull, plan …). */
const cli = (command: keyof typeof scripts, args: readonly string[], env?: Record<string, string>) =>
  project
    ? run("npx", ["connectorkit", ...(command === "sync" ? [] : [command]), ...args], {
        cwd: project,
        ...(env && { env }),
      })
    : run("npx", ["tsx", join(root, scripts[command]), ...args], { cwd: root, ...(env && { env }) });
const problems: string[] = [];
/** How busy the machine is: the figures mean little when the load exceeds the cores. */
const loadNow = () =>
  `load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(", ")} on ${availableParallelism()} cores`;

function expectOk(what: string, result: ProcessRun, check?: (result: ProcessRun) => string | undefined) {
  const wrong = result.code !== 0 ? `exit ${result.code}` : check?.(result);
  if (wrong) {
    problems.push(`${what}: ${wrong}`);
    console.error(`✖ ${what}: ${wrong}\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
  }
  return result;
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}
const summary = (samples: readonly ProcessRun[]): Sample => ({
  ms: median(samples.map((s) => s.ms)),
  cpuMs: median(samples.map((s) => s.cpuMs)),
  rssMb: Math.max(...samples.map((s) => s.peakRssMb)),
});

/**
 * The writes apply makes for `count` new connectors: each connector's create, its connection's
 * create and enable, and for an OAuth one the PATCH of its client credentials and the connector
 * update that records their fingerprint. A connector's writes are sequential; connectors overlap.
 */
const applyRequests = (count: number): number =>
  Array.from({ length: count }, (_, i) => (isOAuth(i) ? 5 : 3)).reduce((a, b) => a + b, 0);

/**
 * Wall time of the same writes by a client that does nothing else (the client's httpExchange
 * alone: node:http, keep-alive, one token, `applyConcurrency` connectors in flight, no fingerprint
 * to compute): the best any apply could do against this emulator.
 */
async function minimalApply(url: string, count: number): Promise<number> {
  const signal = new AbortController().signal;
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const answer = await httpExchange(
      {
        url: new URL(path, url),
        method,
        headers: new Headers(headers),
        body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body ?? {})),
      },
      signal,
    );
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.body.toString("utf8")}`);
    return JSON.parse(answer.body.toString("utf8")) as Record<string, { id: string; identifier: string }>;
  };
  const payloads = Array.from({ length: count }, (_, i) => managedBody(payloadOf(i)));
  const started = performance.now();
  const form = `grant_type=client_credentials&client_id=${credentials.clientId}&client_secret=${credentials.clientSecret}`;
  const token = (await send("POST", "/oauth/token", form, {
    "content-type": "application/x-www-form-urlencoded",
  })) as unknown as { access_token: string };
  const json = { "content-type": "application/json", authorization: `Bearer ${token.access_token}` };
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) {
      const payload = payloads[i] as ReturnType<typeof managedBody>;
      const { identifier } = (await send("POST", "/api/v1/custom-providers", payload, json)).provider as {
        identifier: string;
      };
      const type = payload.auth_patterns[0]?.type ?? "BEARER";
      const { id } = (
        await send(
          "POST",
          "/api/v1/connections?flags.is_app=true",
          { provider: "CUSTOM", provider_key: identifier, type, key_id: `bench-${i}` },
          json,
        )
      ).connection as { id: string };
      const byId = `/api/v1/connections/${encodeURIComponent(id)}`;
      if (isOAuth(i)) {
        const oauth = {
          clientId: `bench-client-${i}`,
          clientSecret: `bench-oauth-secret-${i}`,
          scopes: ["read"],
          pkce: false,
        };
        await send("PATCH", byId, settingsToWire({ oauth }), json);
      }
      await send("PATCH", `${byId}:enable`, {}, json);
      if (isOAuth(i)) {
        const recorded = {
          ...payload,
          metadata: { ...payload.metadata, connectorkit_secret: `v1:${id}:bench` },
        };
        await send("PUT", `/api/v1/custom-providers/${encodeURIComponent(identifier)}`, recorded, json);
      }
    }
  };
  await Promise.all(Array.from({ length: applyConcurrency }, lane));
  return performance.now() - started;
}

/**
 * `count` remote connectors in their steady state: made over the API, then each given its
 * connection (and an OAuth one its client credentials and their fingerprint) by one unmeasured
 * `sync apply` of their pulled definitions, so a plan of them is "No changes.".
 */
async function seed(url: string, count: number) {
  await resetEmulator(url);
  const client = createScalekitClient({ environmentUrl: url, ...credentials });
  const limit = pLimit(8);
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(() => client.createCustomProvider(managedBody(payloadOf(i)))),
    ),
  );
  const prep = join(work, `seeded-${count}`);
  const env = envFor(url);
  expectOk(
    `seed ${count}: pull`,
    await cli("sync", ["pull", "--connectors", join(work, "none"), "--out", prep], env),
  );
  expectOk(
    `seed ${count}: apply`,
    await cli("sync", ["apply", "--yes", "--connectors", prep], env),
    (result) =>
      result.stdout.includes(`connections: ${count} created`) ? undefined : "not every connection was made",
  );
}

const emulatorArgs = [
  "--page-size-cap",
  "100",
  "--client-id",
  credentials.clientId,
  "--client-secret",
  credentials.clientSecret,
];
const emulator = await startEmulatorProcess(emulatorArgs);
const slow = await startEmulatorProcess([...emulatorArgs, "--latency", String(applyLatencyMs)]);
const envFor = (url: string) => ({
  SCALEKIT_ENVIRONMENT_URL: url,
  SCALEKIT_CLIENT_ID: credentials.clientId,
  SCALEKIT_CLIENT_SECRET: credentials.clientSecret,
  ...oauthEnv,
});

try {
  console.log(
    `scale bench: whole processes (${project ? `npx connectorkit … in ${project}, installed from the npm pack of ${root}` : `npx tsx … of ${root}`}), emulator on 127.0.0.1; median of ${runs} run${runs === 1 ? "" : "s"}; ${loadNow()}`,
  );
  const empty = join(work, "none");
  mkdirSync(empty, { recursive: true });
  const measured = new Map<string, Sample>();
  const definitions = new Map<number, string>();

  for (const size of sizes) {
    await seed(emulator.url, size);
    const env = envFor(emulator.url);
    const pulls: ProcessRun[] = [];
    for (let r = 0; r < runs; r++) {
      const out = join(work, `pulled-${size}-${r}`);
      pulls.push(
        expectOk(`pull ${size}`, await cli("sync", ["pull", "--connectors", empty, "--out", out], env), () =>
          readdirSync(out).length === size
            ? undefined
            : `wrote ${readdirSync(out).length} files, not ${size}`,
        ),
      );
      if (r === 0) definitions.set(size, out);
    }
    measured.set(`pull ${size}`, summary(pulls));

    const dir = definitions.get(size) as string;
    const builds: ProcessRun[] = [];
    for (let r = 0; r < runs; r++) {
      const out = join(work, `build-${size}-${r}`);
      builds.push(
        expectOk(`build ${size}`, await cli("build", [dir, "--out", out]), () =>
          existsSync(out) && readdirSync(out).length === size ? undefined : `did not write ${size} payloads`,
        ),
      );
    }
    measured.set(`build ${size}`, summary(builds));

    const plans: ProcessRun[] = [];
    for (let r = 0; r < runs; r++) {
      plans.push(
        expectOk(
          `plan ${size}`,
          await cli("sync", ["plan", "--connectors", dir, "--exit-code"], env),
          (result) => (result.stdout.includes("No changes.") ? undefined : "the plan is not empty"),
        ),
      );
    }
    measured.set(`plan ${size}`, summary(plans));
  }

  const largest = sizes[sizes.length - 1] as number;
  const applies: ProcessRun[] = [];
  for (let r = 0; r < runs; r++) {
    await resetEmulator(slow.url);
    const args = ["apply", "--yes", "--connectors", definitions.get(largest) as string];
    applies.push(
      expectOk(
        `apply ${largest}`,
        await cli("sync", [...args, "--concurrency", String(applyConcurrency)], envFor(slow.url)),
        (result) =>
          result.stdout.includes(`Applied: ${largest} created`) &&
          result.stdout.includes(`connections: ${largest} created`)
            ? undefined
            : "not all created",
      ),
    );
  }
  const apply = summary(applies);
  // what the emulator allows at best: the same creates from a client that does nothing else
  const minimal: number[] = [];
  for (let r = 0; r < runs; r++) {
    await resetEmulator(slow.url);
    minimal.push(await minimalApply(slow.url, largest));
  }
  const minimalMs = median(minimal);

  // generate: each subject run right after its baseline run
  const emptyFile = join(scratch, "empty.ts");
  writeFileSync(emptyFile, "");
  const tenLines = join(scratch, "ten-lines.yaml");
  writeFileSync(
    tenLines,
    [
      "openapi: 3.0.3",
      'info: { title: Ten Line API, version: "1.0" }',
      'servers: [{ url: "https://api.tenline.example/v1" }]',
      "components:",
      "  securitySchemes:",
      "    key: { type: apiKey, in: header, name: X-API-Key }",
      "security: [{ key: [] }]",
      "paths:",
      "  /things:",
      '    get: { responses: { "200": { description: ok } } }',
      "",
    ].join("\n"),
  );
  const generated = join(work, "generated");
  const pairs = async (baseline: () => Promise<ProcessRun>, subject: () => Promise<ProcessRun>) => {
    const base: ProcessRun[] = [];
    const measuredRuns: ProcessRun[] = [];
    for (let r = 0; r < runs; r++) {
      base.push(await baseline());
      measuredRuns.push(await subject());
    }
    return { base: summary(base), subject: summary(measuredRuns) };
  };
  const generateArgs = (spec: string) => [spec, "--out", generated, "--force"];
  const small = await pairs(
    async () => expectOk("npx tsx (empty file)", await run("npx", ["tsx", emptyFile], { cwd: root })),
    async () => expectOk("generate ten-line spec", await cli("generate", generateArgs(tenLines))),
  );
  const large = existsSync(github)
    ? await pairs(
        async () =>
          expectOk(
            "node read + JSON.parse",
            await run(
              process.execPath,
              ["-e", `JSON.parse(require("node:fs").readFileSync(${JSON.stringify(github)}, "utf8"))`],
              { cwd: scratch },
            ),
          ),
        async () => expectOk("generate github.json", await cli("generate", generateArgs(github))),
      )
    : undefined;
  // node's own start-up, so the github.json ratio can also be read without either launcher
  const nodeRuns: ProcessRun[] = [];
  for (let r = 0; r < runs; r++)
    nodeRuns.push(expectOk("node (empty script)", await run(process.execPath, ["-e", ""], { cwd: scratch })));
  const nodeStartup = summary(nodeRuns);
  // the launcher's own start-up: `npx connectorkit --version`, or `npx tsx` on an empty file
  const launcherRuns: ProcessRun[] = [];
  if (project)
    for (let r = 0; r < runs; r++)
      launcherRuns.push(
        expectOk(
          "npx connectorkit --version",
          await run("npx", ["connectorkit", "--version"], { cwd: project }),
        ),
      );
  const launcher = project ? summary(launcherRuns) : small.base;

  // the table
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const rows: string[][] = [
    ["work", "10", String(largest), "per added connector", "target", "", "CPU time, same measure"],
  ];
  for (const work of ["pull", "plan", "build"]) {
    const a = measured.get(`${work} ${sizes[0]}`) as Sample;
    const b = measured.get(`${work} ${largest}`) as Sample;
    const per = (b.ms - a.ms) / (largest - sizes[0]);
    const cpu = (b.cpuMs - a.cpuMs) / (largest - sizes[0]);
    rows.push([
      work === "build" ? "build" : `sync ${work}`,
      s(a.ms),
      s(b.ms),
      `${per.toFixed(2)} ms`,
      "≤ 1 ms",
      mark(per <= 1),
      `${cpu.toFixed(2)} ms`,
    ]);
    if (per > 1) problems.push(`${work}: ${per.toFixed(2)} ms per added connector`);
  }
  const floor = Math.ceil(applyRequests(largest) / applyConcurrency) * applyLatencyMs;
  const applyRatio = apply.ms / floor;
  rows.push([
    `apply ${largest} creates (${applyRequests(largest)} writes), ${applyLatencyMs} ms/request, concurrency ${applyConcurrency}`,
    "",
    s(apply.ms),
    `floor ${s(floor)}: ${applyRatio.toFixed(2)}×`,
    "≤ 1.25×",
    mark(applyRatio <= 1.25),
    `${s(apply.cpuMs)} of CPU`,
  ]);
  if (applyRatio > 1.25) problems.push(`apply: ${applyRatio.toFixed(2)}× the floor`);
  rows.push([
    `  the same writes by a bare node:http client`,
    "",
    s(minimalMs),
    `${(minimalMs / floor).toFixed(2)}× the floor`,
    "",
    "",
    "",
  ]);
  const smallRatio = small.subject.ms / small.base.ms;
  rows.push([
    "generate a ten-line spec",
    "",
    s(small.subject.ms),
    `npx tsx empty file ${s(small.base.ms)}: ${smallRatio.toFixed(2)}×`,
    "≤ 1.5×",
    mark(smallRatio <= 1.5),
    `${(small.subject.cpuMs / small.base.cpuMs).toFixed(2)}×`,
  ]);
  if (smallRatio > 1.5) problems.push(`generate ten-line spec: ${smallRatio.toFixed(2)}×`);
  if (large) {
    const largeRatio = large.subject.ms / large.base.ms;
    rows.push([
      "generate github.json (13 MB)",
      "",
      s(large.subject.ms),
      `node read + parse ${s(large.base.ms)}: ${largeRatio.toFixed(2)}×`,
      "≤ 4×",
      mark(largeRatio <= 4),
      `${(large.subject.cpuMs / large.base.cpuMs).toFixed(2)}×`,
    ]);
    if (largeRatio > 4) problems.push(`generate github.json: ${largeRatio.toFixed(2)}×`);
    // the same, each side less the start-up of its launcher: the work a run adds to reading the spec
    const own = large.subject.ms - launcher.ms;
    const parse = large.base.ms - nodeStartup.ms;
    rows.push([
      "  the same, less start-ups",
      "",
      s(own),
      `read + parse ${s(parse)}: ${(own / parse).toFixed(2)}×`,
      "",
      "",
      "",
    ]);
  } else {
    rows.push(["generate github.json", "", "skipped: no ../shared/corpus", "", "≤ 4×", "", ""]);
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(`\n${line(rows[0] as string[])}`);
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const row of rows.slice(1)) console.log(line(row));

  const mb = (sample: Sample | undefined) => (sample ? `${sample.rssMb.toFixed(0)} MB` : "—");
  console.log("\nPeak RSS (largest Node process of the run, MB):");
  for (const work of ["pull", "plan", "build"]) {
    const a = measured.get(`${work} ${sizes[0]}`);
    const b = measured.get(`${work} ${largest}`);
    const perKb = a && b ? ((b.rssMb - a.rssMb) * 1024) / (largest - sizes[0]) : Number.NaN;
    console.log(
      `  ${work.padEnd(8)} ${sizes[0]}: ${mb(a)}, ${largest}: ${mb(b)} (${perKb.toFixed(0)} KB per added connector)`,
    );
  }
  console.log(`  apply    ${largest}: ${mb(apply)}`);
  console.log(`  generate ten-line spec: ${mb(small.subject)} (npx tsx empty file ${mb(small.base)})`);
  if (large)
    console.log(
      `  generate github.json: ${mb(large.subject)} (node read + parse ${mb(large.base)}; the file is ${(statSync(github).size / 2 ** 20).toFixed(0)} MB)`,
    );
  console.log(`\nAt the end: ${loadNow()}.`);
  if (problems.length > 0) console.log(`\n${problems.length} missed: ${problems.join("; ")}`);
} finally {
  emulator.close();
  slow.close();
  for (const dir of [scratch, project]) if (dir) rmSync(dir, { recursive: true, force: true });
}
process.exitCode = problems.length > 0 ? 1 : 0;
