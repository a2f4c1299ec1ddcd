// Usage: tsx scripts/bench/types.ts [N] [--runs R]
// Type-checking cost of the DSL against its baseline: N distinct connectors written with the DSL,
// and the same N payloads as object literals checked with `satisfies Payload`. Each file is
// checked by `tsc --extendedDiagnostics` R times; prints median check time, instantiations and ratios.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connector } from "../../dsl/index.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const count = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] || 3);
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
for (const file of ["dsl", "literal"]) {
  await writeFile(join(dir, `${file}.json`), JSON.stringify({ compilerOptions, files: [`${file}.ts`] }));
}

const dsl = await check(dir, "dsl");
const literal = await check(dir, "literal");
await rm(dir, { recursive: true });

const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(`${count} connectors, median of ${runs} tsc runs (TypeScript 5.9)`);
console.log("                  check time   instantiations");
console.log(
  `DSL               ${dsl.check.toFixed(2).padStart(8)} s   ${String(dsl.instantiations).padStart(14)}`,
);
console.log(
  `satisfies Payload ${literal.check.toFixed(2).padStart(8)} s   ${String(literal.instantiations).padStart(14)}`,
);
console.log(
  `ratio (DSL / literals): check ${ratio(dsl.check, literal.check)}×, instantiations ${ratio(dsl.instantiations, literal.instantiations)}× (target ≤ 1.5×)`,
);
