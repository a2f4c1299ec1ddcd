// Usage: tsx scripts/bench/sync.ts [--count 1000] [--latency 25] [--concurrency 4]
// How fast sync is against the emulator (scripts/emulator.ts --latency 25, its own process, as a
// remote server would be, so its work does not share sync's event loop): `sync apply` of N new
// connectors, each with its connection (target ≤ 1.25× the floor ⌈N/concurrency⌉ × 3 writes ×
// latency), the same writes one request at a time as the docs' curl flow does, and a no-op plan
// (target 1 + ⌈N/100⌉ + ⌈N/30⌉ requests: the token, the connector pages, the connection pages).
// Exits 1 when a target is missed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScalekitClient } from "../client/index.ts";
import { appConnectionsPageSize } from "../client/preview.ts";
import { runSync } from "../sync/cli.ts";
import { managedBody } from "../sync/connector/ownership.ts";
import { loadDefinitions } from "../sync/definitions.ts";
import { Collector } from "../sync/output.ts";
import { resetEmulator, startEmulatorProcess } from "./emulator-process.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const index = args.indexOf(name);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number ≥ 1`);
  return value;
};
const count = flag("--count", 1000);
const latencyMs = flag("--latency", 25);
const concurrency = flag("--concurrency", 4);
const pageSizeCap = 100;
/** A bearer connector's apply: its create, its connection's create, and the connection's enable. */
const writesPerConnector = 3;
const dslIndex = fileURLToPath(new URL("../../dsl/index.ts", import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pad = (i: number) => String(i).padStart(5, "0");

const credentials = { id: "bench", secret: "bench-secret" };
const emulator = await startEmulatorProcess([
  "--latency",
  String(latencyMs),
  "--page-size-cap",
  String(pageSizeCap),
  "--client-id",
  credentials.id,
  "--client-secret",
  credentials.secret,
]);
const { url } = emulator;

const root = mkdtempSync(join(tmpdir(), "connectorkit-bench-sync-"));
let missed = false;
try {
  const lines = [`import { connector } from ${JSON.stringify(dslIndex)};`];
  for (let i = 0; i < count; i++) {
    lines.push(
      `export const c${pad(i)} = connector("Bench ${pad(i)}").description("bench connector ${i}").bearer().proxy("https://api${i}.example.com");`,
    );
  }
  writeFileSync(join(root, "bench-connectors.ts"), `${lines.join("\n")}\n`);
  const env = {
    SCALEKIT_ENVIRONMENT_URL: url,
    SCALEKIT_CLIENT_ID: credentials.id,
    SCALEKIT_CLIENT_SECRET: credentials.secret,
  };
  const log = async () => (await (await fetch(`${url}/_emulator/requests`)).json()) as unknown[];

  console.log(
    `sync bench: ${count} connectors; emulator process on 127.0.0.1 with ${latencyMs} ms latency, page size ${pageSizeCap}; concurrency ${concurrency}`,
  );
  let started = performance.now();
  const { definitions, errors } = await loadDefinitions([root], root);
  if (errors.length > 0) throw new Error(`bench definitions are invalid: ${errors[0]?.message}`);
  console.log(
    `load and validate ${count} definitions: ${seconds(performance.now() - started)} (apply below loads them again, within its time)`,
  );

  // apply through the CLI as a user runs it (in this process; the emulator in its own): the token,
  // both listings, the plan, then per connector its create, its connection's create and enable
  started = performance.now();
  const applied = new Collector();
  const applyCode = await runSync(
    ["apply", "--yes", "--concurrency", String(concurrency), "--connectors", root],
    {
      stdout: applied,
      stderr: new Collector(),
      cwd: root,
      env: { ...env },
      interactive: false,
      prompt: { confirm: async () => false, text: async () => undefined },
    },
  );
  const applyMs = performance.now() - started;
  const allMade =
    applyCode === 0 &&
    applied.text.includes(`Applied: ${count} created`) &&
    applied.text.includes(`connections: ${count} created`);
  const floorMs = Math.ceil(count / concurrency) * writesPerConnector * latencyMs;
  const ratio = applyMs / floorMs;
  console.log(
    `apply (token, listings, plan, ${count} connectors and their connections): ${seconds(applyMs)}; floor ⌈${count}/${concurrency}⌉ × ${writesPerConnector} writes × ${latencyMs} ms = ${seconds(floorMs)}; ${ratio.toFixed(2)}× the floor (target ≤ 1.25×) ${ratio <= 1.25 ? "✓" : "✗"}${allMade ? "" : `; NOT ALL MADE (exit ${applyCode})`}`,
  );
  missed ||= ratio > 1.25 || !allMade;

  // the no-op plan, through the CLI as a user runs it; its requests counted from the emulator's log
  const before = (await log()).length;
  started = performance.now();
  const stdout = new Collector();
  const code = await runSync(["plan", "--connectors", root], {
    stdout,
    stderr: new Collector(),
    cwd: root,
    env: { ...env },
    interactive: false,
    prompt: { confirm: async () => false, text: async () => undefined },
  });
  const planMs = performance.now() - started;
  const requests = (await log()).length - before;
  const expected = 1 + Math.ceil(count / pageSizeCap) + Math.ceil(count / appConnectionsPageSize);
  const noChanges = code === 0 && stdout.text.includes("No changes.");
  console.log(
    `no-op plan: ${requests} requests (target 1 + ⌈${count}/${pageSizeCap}⌉ + ⌈${count}/${appConnectionsPageSize}⌉ = ${expected}: the token, the connector pages, the connection pages) ${requests === expected ? "✓" : "✗"}; ${seconds(planMs)} including loading definitions; ${noChanges ? '"No changes."' : "UNEXPECTED OUTPUT"}`,
  );
  missed ||= requests !== expected || !noChanges;

  // the docs' flow: one request at a time, each waiting for the last
  await resetEmulator(url);
  started = performance.now();
  const sequential = createScalekitClient({
    environmentUrl: url,
    clientId: env.SCALEKIT_CLIENT_ID,
    clientSecret: env.SCALEKIT_CLIENT_SECRET,
  });
  for (const definition of definitions) {
    const made = await sequential.createCustomProvider(managedBody(definition.payload));
    const connection = await sequential.createConnection({ providerKey: made.identifier, type: "BEARER" });
    await sequential.setConnectionEnabled(connection.id, true);
  }
  const sequentialMs = performance.now() - started;
  console.log(
    `the same writes one request at a time (the docs' curl flow): ${seconds(sequentialMs)}; apply is ${(sequentialMs / applyMs).toFixed(1)}× faster`,
  );
} finally {
  emulator.close();
  rmSync(root, { recursive: true, force: true });
}
process.exitCode = missed ? 1 : 0;
