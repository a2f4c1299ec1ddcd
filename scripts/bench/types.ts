// Usage: tsx scripts/bench/types.ts [N] [--runs R]
// Type-checking cost of the DSL against its baseline: N distinct connectors written with the DSL,
// and the same N payloads as object literals checked with `satisfies Payload`. Each file is
// checked by `tsc --extendedDiagnostics` R times; prints median check time, instantiations and ratios.
// Then the proxy client's: a consumer of github.json's generated types (proxy-types.ts).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { connector } from "../../dsl/index.ts";
import { benchProxyTypes } from "./proxy-types.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "3" } },
  allowPositionals: true,
});
const count = Number(positionals[0] ?? 500);
const runs = Number(values.runs);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error("usage: tsx scripts/bench/types.ts [N] [--runs R]  (whole numbers ≥ 1)");
  process.exit(2);
}
const words = ["Alpha", "Bravo", "Cargo", "Delta", "Echo", "Fable", "Gamma", "Harbor", "Index", "Jade"];
const nameOf = (i: number) => `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`;

/** The i-th connector as DSL source; kinds and options rotate so no two are alike. */
function dslSource(i: number): string {
  const name = JSON.stringify(nameOf(i));
  const host = `https://api${i}.example.com`;
  switch (i % 6) {
    case 0:
      return `connector(${name}).description("Connector ${i}").oauth({ authorizeUri: "${host}/authorize", tokenUri: "${host}/token" }).scope("read", { description: "Read" }).scope("write${i}").proxy("${host}/v1")`;
    case 1:
      return `connector(${name}).description("Connector ${i}").bearer().proxy("${host}")`;
    case 2:
      return `connector(${name}).apiKey({ header: "X-API-Key-${i}" }).mutate("api_key", { prefix: "Token " }).proxy("${host}")`;
    case 3:
      return `connector(${name}).field("domain", { hint: "acme${i}.example.com" }).basic({ password: false }).proxy("https://{{domain}}/api/${i}")`;
    case 4:
      return `connector(${name}).mcp().oauth({ description: "MCP ${i}" }).proxy("https://mcp${i}.example.com/mcp")`;
    default:
      return `connector(${name}).oauth({ authorizeUri: "${host}/a", tokenUri: "${host}/t" }).accountField("tenant").field("region", { inputType: "select", options: [{ value: "eu" }, { value: "us" }] }).proxy("https://{{tenant}}.example.com/${i}")`;
  }
}

/** Builds the same connector at run time, for the literal's payload. */
const payloadOf = (source: string): unknown =>
  new Function("connector", `return ${source}.payload();`)(connector);

async function check(dir: string, file: string): Promise<{ check: number; instantiations: number }> {
  const samples: { check: number; instantiations: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules/.bin/tsc"),
      ["--extendedDiagnostics", "--noEmit", "--incremental", "false", "-p", join(dir, `${file}.json`)],
      { maxBuffer: 1 << 24 },
    );
    const read = (label: string) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(stdout)?.[1]);
    samples.push({ check: read("Check time"), instantiations: read("Instantiations") });
  }
  samples.sort((a, b) => a.check - b.check);
  return samples[Math.floor(samples.length / 2)]!;
}

const dir = await mkdtemp(join(tmpdir(), "connectorkit-bench-types-"));
const sources = Array.from({ length: count }, (_, i) => dslSource(i));
const dslImport = JSON.stringify(join(root, "dsl/index.ts"));
await writeFile(
  join(dir, "dsl.ts"),
  `import { connector } from ${dslImport};\n${sources.map((s, i) => `export const c${i} = ${s};`).join("\n")}\n`,
);
// the same chains with names and URLs widened to string: the builder without its literal checks
const unchecked = sources.map((source) =>
  source
    .replace(/connector\(("[^"]*")\)/, "connector($1 as string)")
    .replace(/\.proxy\(("[^"]*")\)/, ".proxy($1 as string)"),
);
await writeFile(
  join(dir, "unchecked.ts"),
  `import { connector } from ${dslImport};\n${unchecked.map((s, i) => `export const c${i} = ${s};`).join("\n")}\n`,
);
await writeFile(
  join(dir, "literal.ts"),
  `import type { Payload } from ${JSON.stringify(join(root, "dsl/payload.ts"))};\n${sources
    .map((s, i) => `export const c${i} = ${JSON.stringify(payloadOf(s))} satisfies Payload;`)
    .join("\n")}\n`,
);
const compilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  module: "NodeNext",
  moduleResolution: "NodeNext",
  target: "ES2022",
  lib: ["ES2023"],
  types: ["node"],
  typeRoots: [join(root, "node_modules/@types")],
  skipLibCheck: true,
  allowImportingTsExtensions: true,
};
for (const file of ["dsl", "unchecked", "literal"]) {
  await writeFile(join(dir, `${file}.json`), JSON.stringify({ compilerOptions, files: [`${file}.ts`] }));
}

const dsl = await check(dir, "dsl");
const bare = await check(dir, "unchecked");
const literal = await check(dir, "literal");
await rm(dir, { recursive: true });

const ratio = (a: number, b: number) => (a / b).toFixed(2);
const row = (label: string, m: { check: number; instantiations: number }) =>
  console.log(
    `${label.padEnd(34)}${m.check.toFixed(2).padStart(8)} s ${String(m.instantiations).padStart(14)}`,
  );
console.log(`${count} connectors, median of ${runs} tsc runs (TypeScript 5.9)`);
console.log(`${"".padEnd(34)}check time ${"instantiations".padStart(14)}`);
row("DSL", dsl);
row("DSL, literal checks bypassed", bare);
row("satisfies Payload (baseline)", literal);
console.log(
  `DSL / baseline: check ${ratio(dsl.check, literal.check)}×, instantiations ${ratio(dsl.instantiations, literal.instantiations)}× (target ≤ 1.5×)`,
);
console.log(
  `DSL without its literal checks / baseline: check ${ratio(bare.check, literal.check)}×, instantiations ${ratio(bare.instantiations, literal.instantiations)}×`,
);

const proxyDir = await mkdtemp(join(tmpdir(), "connectorkit-bench-proxy-types-"));
try {
  await benchProxyTypes(root, proxyDir, runs);
} finally {
  await rm(proxyDir, { recursive: true });
}
