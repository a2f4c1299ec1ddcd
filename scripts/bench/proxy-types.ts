// The second half of bench:types: what the vendor's types cost a consumer. `generate --types` on
// the corpus's largest document (github.json, 13 MB) writes 6.5 MB of declarations; a file calling
// four of its operations through proxyClient is type-checked with them, against the same file with
// a types file that holds only those four operations and the components they reach (the consumer
// without the rest of the API). Each is checked by `tsc --extendedDiagnostics`, with skipLibCheck
// (as most projects, and this one, set it) and without.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { renderApiTypes } from "../codegen/api-types/render.ts";
import { stampHash } from "../codegen/header.ts";
import type { Obj } from "../codegen/refs.ts";
import { inferFromSpec, loadSpec } from "../codegen/spec-source.ts";

export interface Measured {
  readonly check: number;
  readonly total: number;
  readonly instantiations: number;
  readonly memoryKb: number;
}

const calls = [
  "/repos/{owner}/{repo}",
  "/repos/{owner}/{repo}/issues",
  "/user",
  "/repos/{owner}/{repo}/pulls",
];

// the client's type alone, as a consumer's compiler sees it from the package's declarations; the
// sources behind proxyClient() are not the consumer's to compile
const consumer = (client: string) => `${client}
import type { paths } from "./github.api.ts";

declare const github: Client<paths>;
const repo = { owner: "octo", repo: "hello" };
export async function work(): Promise<(string | number | undefined)[]> {
  const found = await github.GET("/repos/{owner}/{repo}", { params: { path: repo } });
  const issue = await github.POST("/repos/{owner}/{repo}/issues", { params: { path: repo }, body: { title: "Bug" } });
  const me = await github.GET("/user");
  const pulls = await github.GET("/repos/{owner}/{repo}/pulls", { params: { path: repo, query: { state: "open" } } });
  return [found.data?.full_name, issue.data?.number, me.data?.login, pulls.data?.[0]?.title, found.error?.message];
}
`;

/** `root` with only the paths `keep` and the components they reach, transitively. */
function pruned(root: Obj, keep: readonly string[]): Obj {
  const paths = root.paths as Record<string, unknown>;
  const components = (root.components ?? {}) as Record<string, Record<string, unknown>>;
  const reached = new Map<string, Set<string>>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const target =
        key === "$ref" && typeof value === "string" ? /^#\/components\/([^/]+)\/(.+)$/.exec(value) : null;
      if (target) {
        const [, kind = "", name = ""] = target;
        const names = reached.get(kind) ?? new Set();
        reached.set(kind, names);
        if (!names.has(name)) {
          names.add(name);
          visit(components[kind]?.[name]);
        }
      } else visit(value);
    }
  };
  const kept = Object.fromEntries(keep.map((path) => [path, paths[path]]));
  visit(kept);
  const used = Object.fromEntries(
    [...reached].map(([kind, names]) => [
      kind,
      Object.fromEntries([...names].map((n) => [n, components[kind]?.[n]])),
    ]),
  );
  return { ...root, paths: kept, components: used };
}

async function check(root: string, config: string, runs: number): Promise<Measured> {
  const samples: Measured[] = [];
  for (let run = 0; run < runs; run++) {
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules/.bin/tsc"),
      ["--extendedDiagnostics", "--noEmit", "--incremental", "false", "-p", config],
      { maxBuffer: 1 << 24 },
    );
    const read = (label: string) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(stdout)?.[1]);
    samples.push({
      check: read("Check time"),
      total: read("Total time"),
      instantiations: read("Instantiations"),
      memoryKb: read("Memory used"),
    });
  }
  samples.sort((a, b) => a.total - b.total);
  return samples[Math.floor(samples.length / 2)] as Measured;
}

/** Writes the consumer and both types files to `dir`, checks them, and prints the table. */
export async function benchProxyTypes(root: string, dir: string, runs: number): Promise<void> {
  const spec = join(root, "../shared/corpus/openapi/github.json");
  if (!existsSync(spec)) {
    console.log(`\nproxy client types: skipped, ${spec} is absent (the corpus sits beside the checkout)`);
    return;
  }
  const full = await loadSpec(spec, { stdin: async () => "" });
  const connector = (await inferFromSpec(full, {})).connector;
  const whole = await renderApiTypes(full, { source: "github.json", connector });
  const small = await loadSpec(spec, { stdin: async () => "" });
  const only = await renderApiTypes(
    { ...small, root: pruned(small.root, calls) },
    { source: "github.json", connector },
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
    allowImportingTsExtensions: true,
  };
  const results: [string, Measured, number][] = [];
  for (const [name, types] of [
    ["whole", whole],
    ["used", only],
  ] as const) {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, `${name}/github.api.d.ts`), stampHash(types.text));
    const proxy = `import type { ProxyClient as Client } from ${JSON.stringify(join(root, "scripts/proxy/types.ts"))};`;
    await writeFile(join(dir, `${name}/app.ts`), consumer(proxy));
    // the same calls on openapi-fetch's own client type: what the proxy client's signatures add
    const fetchTypes = join(root, "node_modules/openapi-fetch/dist/index.mjs");
    await writeFile(
      join(dir, `${name}/fetch.ts`),
      consumer(`import type { Client } from ${JSON.stringify(fetchTypes)};`),
    );
    const variants = [
      ["app.ts", true, name],
      ["app.ts", false, `${name}, no skipLibCheck`],
      ["fetch.ts", true, `${name}, openapi-fetch's Client`],
    ] as const;
    for (const [file, skipLibCheck, label] of variants) {
      const config = join(dir, name, `tsconfig.${label.replace(/\W+/g, "-")}.json`);
      await writeFile(
        config,
        JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck }, files: [file] }),
      );
      results.push([label, await check(root, config, runs), types.text.length]);
    }
  }
  const byName = new Map(results.map(([name, measured]) => [name, measured]));
  const row = ([label, m, bytes]: [string, Measured, number]) =>
    console.log(
      `${label.padEnd(30)}${(bytes / 1e6).toFixed(2).padStart(8)} MB${m.total.toFixed(2).padStart(9)} s${m.check.toFixed(2).padStart(9)} s${String(m.instantiations).padStart(16)}${(m.memoryKb / 1024).toFixed(0).padStart(9)} MB`,
    );
  console.log(
    `\nproxy client types: a consumer of github.json's (${whole.paths} paths) calling ${calls.length} of them, median of ${runs} tsc runs`,
  );
  console.log(
    `${"types file".padEnd(30)}${"size".padStart(11)}${"total".padStart(11)}${"check".padStart(11)}${"instantiations".padStart(16)}${"memory".padStart(12)}`,
  );
  for (const result of results) row(result);
  const ratio = (a: Measured | undefined, b: Measured | undefined, key: keyof Measured) =>
    a && b ? (a[key] / b[key]).toFixed(2) : "?";
  const [w, u] = [byName.get("whole"), byName.get("used")];
  console.log(
    `whole API / only the calls made (baseline), skipLibCheck: total ${ratio(w, u, "total")}×, check ${ratio(w, u, "check")}×, memory ${ratio(w, u, "memoryKb")}×`,
  );
  const [wl, ul] = [byName.get("whole, no skipLibCheck"), byName.get("used, no skipLibCheck")];
  console.log(`without skipLibCheck: total ${ratio(wl, ul, "total")}×, check ${ratio(wl, ul, "check")}×`);
  const raw = byName.get("whole, openapi-fetch's Client");
  console.log(
    `proxy client / openapi-fetch's own Client, whole API: check ${ratio(w, raw, "check")}×, instantiations ${ratio(w, raw, "instantiations")}×`,
  );
}
