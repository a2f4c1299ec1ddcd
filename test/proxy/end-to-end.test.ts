// The whole path a user takes, from a corpus document to the vendor's typed answer: `generate
// --types` on the document, `sync apply` to the emulator, a static connected account made on it,
// then a ten-line TypeScript file using proxyClient, checked by the real compiler and run as its
// own process with the SCALEKIT_* variables; it gets the answer of a local stand-in for the vendor
// through the emulator's proxy. A misspelt path fails the compiler, naming the path.
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGenerate } from "../../scripts/codegen/run.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { specDir } from "../codegen/corpus-docs.ts";
import { json, startUpstream, type Upstream } from "../emulator/upstream.ts";
import { findLeaks } from "../oauth/leaks.ts";
import {
  clientFor,
  envFor,
  type Project,
  project,
  repoRoot,
  startTestEmulator,
  sync,
  testSecret,
} from "../sync/helpers.ts";
import { diagnose } from "../types/compile.ts";

const spec = join(specDir, "elevenlabs.json");
const canary = "canary-xi-Nf6Bq3Ms";
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;

const app = (
  path: string,
) => `import { proxyClient } from ${JSON.stringify(join(repoRoot, "scripts/proxy/index.ts"))};
import type { paths } from "./connectors/elevenlabs.api.ts";
import elevenlabs from "./connectors/elevenlabs.ts";

const client = proxyClient<paths>(elevenlabs, { identifier: "user-1" });
const { data, error } = await client.GET(${JSON.stringify(path)});
if (error) throw new Error(\`the vendor refused: \${JSON.stringify(error)}\`);
const tier: string = data.subscription.tier;
console.log(JSON.stringify({ tier, newUser: data.is_new_user }));
`;

function run(
  file: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("SCALEKIT_")),
  );
  const child = spawn(process.execPath, ["--import", tsxLoader, file], { cwd, env: { ...base, ...env } });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr.on("data", (chunk) => {
    out += chunk;
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

describe.skipIf(!existsSync(spec))("from a corpus document to the vendor's typed answer", () => {
  let vendor: Upstream;
  let running: RunningEmulator;
  let work: Project;

  beforeAll(async () => {
    vendor = await startUpstream((request) =>
      request.url === "/v1/user" && request.headers["xi-api-key"] === canary
        ? json(200, {
            is_new_user: false,
            xi_api_key: "shown-by-the-vendor",
            subscription: { tier: "creator" },
          })
        : json(401, { detail: [{ loc: ["header"], msg: "invalid api key", type: "auth" }] }),
    );
    running = await startTestEmulator({ connectTo: [`api.elevenlabs.io=${vendor.origin}`] });
    work = project({ "package.json": '{ "type": "module" }\n' });
  });
  afterAll(async () => {
    await running?.close();
    await vendor?.close();
    work?.remove();
  });

  it("generate --types, apply, a connected account, then a ten-line file that compiles and gets the answer", async () => {
    const generated = await runGenerate([{ kind: "spec", spec }], {
      out: join(work.dir, "connectors"),
      types: true,
    });
    expect(generated.errors).toEqual([]);
    expect(generated.results[0]?.types?.file).toMatch(/elevenlabs\.api\.d\.ts$/);

    const env = envFor(running);
    const applied = await sync(["apply", "--yes"], { cwd: work.dir, env });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const client = clientFor(running);
    const provider = (await client.listCustomProviders()).find((p) => p.display_name === "ElevenLabs");
    const connection = (await client.listConnections()).connections.find(
      (c) => c.providerKey === provider?.identifier,
    );
    await client.createConnectedAccount({
      connection: connection?.name ?? "",
      identifier: "user-1",
      details: { api_key: canary },
    });

    const file = join(work.dir, "app.ts");
    const source = app("/v1/user");
    expect(source.trimEnd().split("\n")).toHaveLength(9);
    writeFileSync(file, source);
    expect(diagnose(new Map([[file, source]])).get(file)).toBeUndefined();

    const result = await run(file, work.dir, env);
    expect(result.out).toBe('{"tier":"creator","newUser":false}\n');
    expect(result.code).toBe(0);
    expect(vendor.received.at(-1)?.headers["xi-api-key"]).toBe(canary);
    expect(findLeaks(result.out, [testSecret])).toEqual([]);
  }, 60_000);

  it("fails the compiler on a misspelt path, naming it", () => {
    const file = join(work.dir, "typo.ts");
    const message = diagnose(new Map([[file, app("/v1/usr")]])).get(file) ?? "";
    expect(message).toContain(
      "GET /v1/usr is not in the vendor's API: check the path (relative to proxy_url) and the method",
    );
  });
});

if (!existsSync(spec)) {
  it.skip(`the user's path from a corpus document: ${spec} is absent (../shared/corpus), so it is skipped`, () => {});
}
