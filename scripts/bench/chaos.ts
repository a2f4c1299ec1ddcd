// Usage: tsx scripts/bench/chaos.ts [--runs 100] [--faults SPEC] [--parallel 10]
// Sync under injected faults: for each seed, an emulator whose every request may fail (503,
// 429, connection reset, or a write applied and its answer lost), one `sync apply --prune`,
// then a fault-free look at the result. Invariants, checked every run: no duplicate names and no
// connector with two connections, nothing unmanaged changed or deleted, apply exits 0 only when the
// remote (connectors and their connections) equals the definitions, and no secret (the
// environment's, an OAuth app's) appears in the output. Prints the convergence rate; exits 1 if any invariant broke.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { connector } from "../../dsl/index.ts";
import type { Payload, Provider } from "../../dsl/payload.ts";
import { createScalekitClient } from "../client/index.ts";
import { createEmulator } from "../emulator/app.ts";
import { runSync } from "../sync/cli.ts";
import { canonical } from "../sync/connector/canonical.ts";
import { diffConnectors } from "../sync/connector/diff.ts";
import { isManaged, managedBody } from "../sync/connector/ownership.ts";
import { loadDefinitions } from "../sync/definitions.ts";
import { Collector } from "../sync/output.ts";

export const defaultFaults = "5xx=0.1,429=0.05,reset=0.05,lost=0.05";
const dslIndex = fileURLToPath(new URL("../../dsl/index.ts", import.meta.url));
const defined = 16;

/** The definitions every run applies: three auth kinds, so updates touch different shapes. */
function definitionSource(index: number): string {
  const name = JSON.stringify(`Svc ${index}`);
  const head = `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector(${name}).description("current")`;
  if (index % 3 === 0) {
    return `${head}.oauth({ authorizeUri: "https://id.example.com/a", tokenUri: "https://id.example.com/t" }).scope("read").scope("write").proxy("https://api.example.com");\n`;
  }
  return `${head}.${index % 3 === 1 ? "bearer" : "apiKey"}().proxy("https://api${index}.example.com");\n`;
}

const bearer = (name: string, description: string): Payload =>
  connector(name as "N")
    .description(description)
    .bearer()
    .proxy("https://api.example.com")
    .payload();

/** Writes the definitions once per process; returns their folder. */
export function writeDefinitions(root: string): string {
  const dir = join(root, "connectors");
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < defined; i++) writeFileSync(join(dir, `svc-${i}.ts`), definitionSource(i));
  return dir;
}

export interface ChaosResult {
  readonly seed: number;
  readonly exitCode: number;
  readonly converged: boolean;
  /** Invariant breaks: duplicates, unmanaged changes, or a success claim that is not true. */
  readonly violations: readonly string[];
  /** What apply reported it could not do (when it exited 1). */
  readonly left: readonly string[];
}

interface StoredConnection {
  readonly provider_key: string;
  readonly key_id: string;
  readonly enabled: boolean;
  readonly oauth?: { readonly client_id: string };
}

async function stateOf(app: { fetch(request: Request): Promise<Response> }): Promise<Provider[]> {
  return (await fullStateOf(app)).providers;
}

async function fullStateOf(app: {
  fetch(request: Request): Promise<Response>;
}): Promise<{ providers: Provider[]; connections: StoredConnection[] }> {
  const response = await app.fetch(new Request("http://localhost/_emulator/state"));
  return (await response.json()) as { providers: Provider[]; connections: StoredConnection[] };
}

/** The OAuth app credentials of Svc i (every third definition is OAuth). */
const oauthSecret = (index: number) => `chaos-oauth-secret-${index}-Zx81`;
const oauthEnv = (): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: defined }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .flatMap((i) => [
        [`CONNECTORKIT_OAUTH_SVC_${i}_CLIENT_ID`, `chaos-client-${i}`],
        [`CONNECTORKIT_OAUTH_SVC_${i}_CLIENT_SECRET`, oauthSecret(i)],
      ]),
  );

/** One seeded run: seed the remote fault-free, apply once under faults, check the outcome. */
export async function chaosRun(
  seed: number,
  definitionsDir: string,
  faults = defaultFaults,
): Promise<ChaosResult> {
  const work = mkdtempSync(join(tmpdir(), "connectorkit-chaos-"));
  try {
    const statePath = join(work, "state.json");
    const clean = createEmulator({ statePath });
    const seeder = createScalekitClient({
      environmentUrl: "http://localhost",
      clientId: clean.clientId,
      clientSecret: clean.clientSecret,
      fetch: clean.fetch,
    });
    for (let i = 0; i < 3; i++) await seeder.createCustomProvider(bearer(`Hand Made ${i}`, "not ours"));
    for (let i = 0; i < 4; i++)
      await seeder.createCustomProvider(managedBody(bearer(`Svc ${i * 3 + 1}`, "stale")));
    for (let i = 0; i < 3; i++) await seeder.createCustomProvider(managedBody(bearer(`Gone ${i}`, "old")));
    await clean.close();
    const before = (await stateOf(createEmulator({ statePath }))).filter((p) => !isManaged(p));

    const emulator = createEmulator({ statePath, faults, seed });
    const stdout = new Collector();
    const stderr = new Collector();
    const exitCode = await runSync(["apply", "--prune", "--yes", "--connectors", definitionsDir], {
      stdout,
      stderr,
      cwd: work,
      env: {
        SCALEKIT_ENVIRONMENT_URL: "http://localhost",
        SCALEKIT_CLIENT_ID: emulator.clientId,
        SCALEKIT_CLIENT_SECRET: emulator.clientSecret,
        ...oauthEnv(),
      },
      interactive: false,
      prompt: { confirm: async () => false, text: async () => undefined },
      tuning: { fetch: emulator.fetch, retry: { baseDelayMs: 5, maxDelayMs: 50 } },
    });
    await emulator.close();

    const { providers: after, connections } = await fullStateOf(createEmulator({ statePath }));
    const violations: string[] = [];
    const printed = `${stdout.text}${stderr.text}`;
    if (printed.includes(emulator.clientSecret)) violations.push("the client secret was printed");
    for (const [name, value] of Object.entries(oauthEnv()))
      if (name.endsWith("_SECRET") && printed.includes(value)) violations.push(`${name} was printed`);
    const names = after.map((p) => p.display_name);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
      violations.push(`duplicate "${name}"`);
    for (const original of before) {
      const now = after.find((p) => p.identifier === original.identifier);
      if (!now) violations.push(`unmanaged "${original.display_name}" was deleted`);
      else if (JSON.stringify(now) !== JSON.stringify(original))
        violations.push(`unmanaged "${original.display_name}" was changed`);
    }
    const { definitions } = await loadDefinitions([definitionsDir], work);
    const managed = after.filter(isManaged);
    for (const provider of after) {
      const made = connections.filter((c) => c.provider_key === provider.identifier);
      if (made.length > 1) violations.push(`"${provider.display_name}" has ${made.length} connections`);
    }
    const converged =
      managed.length === definitions.length &&
      definitions.every((definition) => {
        const found = managed.find((p) => p.display_name === definition.display_name);
        const connection = connections.find((c) => c.provider_key === found?.identifier);
        const index = Number(definition.display_name.replace("Svc ", ""));
        return (
          found !== undefined &&
          diffConnectors(canonical(found), canonical(definition.payload)).length === 0 &&
          connection?.enabled === true &&
          (index % 3 !== 0 || connection.oauth?.client_id === `chaos-client-${index}`)
        );
      });
    if (exitCode === 0 && !converged)
      violations.push("apply exited 0 but the remote does not match the definitions");
    const left = stdout.text
      .split("\n")
      .filter((line) => line.startsWith("✗"))
      .filter((line, index, all) => all.indexOf(line) === index);
    // retries say what they wait for on stderr: progress, not something left undone
    if (stderr.text)
      left.push(
        ...stderr.text
          .trim()
          .split("\n")
          .filter((line) => !line.startsWith("… ")),
      );
    return { seed, exitCode, converged, violations, left };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
  };
  const runs = Number(flag("--runs", "100"));
  const parallel = Number(flag("--parallel", "10"));
  const faults = flag("--faults", defaultFaults);
  const root = mkdtempSync(join(tmpdir(), "connectorkit-chaos-defs-"));
  const started = performance.now();
  try {
    const dir = writeDefinitions(root);
    const results: ChaosResult[] = [];
    for (let first = 1; first <= runs; first += parallel) {
      const seeds = Array.from({ length: Math.min(parallel, runs - first + 1) }, (_, i) => first + i);
      results.push(...(await Promise.all(seeds.map((seed) => chaosRun(seed, dir, faults)))));
    }
    const converged = results.filter((r) => r.converged).length;
    const broken = results.filter((r) => r.violations.length > 0);
    console.log(
      `faults ${faults}; ${runs} runs of one \`sync apply --prune\` (${defined} definitions, 3 unmanaged, 4 stale, 3 to prune)`,
    );
    for (const r of results.filter((r) => !r.converged)) {
      console.log(
        `seed ${r.seed}: not converged (exit ${r.exitCode}); left:\n  ${r.left.join("\n  ") || "(nothing reported)"}`,
      );
    }
    for (const r of broken) console.log(`seed ${r.seed}: INVARIANT BROKEN: ${r.violations.join("; ")}`);
    console.log(`converged in one apply: ${converged}/${runs} (${((100 * converged) / runs).toFixed(1)}%)`);
    console.log(
      `invariants (no duplicates, unmanaged untouched, exit 0 only when converged, no secret printed): ${broken.length === 0 ? "held in every run" : `broken in ${broken.length} runs`}`,
    );
    console.log(`wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = broken.length > 0 ? 1 : 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
