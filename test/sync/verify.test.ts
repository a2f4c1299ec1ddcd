// `sync verify` against the emulator on 127.0.0.1, whose tool proxy reaches fake vendor APIs
// through --connect-to. Each vendor accepts only the right credential form; for each, the right
// definition is `ok` and each wrong one gets the matching failure and a hint that points at the
// mistake. The temporary connected account never outlives a run, and the canary credential
// appears nowhere: not in output, the emulator's request log, or its state file.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { closedOrigin, type Received, startUpstream, type Upstream } from "../emulator/upstream.ts";
import {
  clientFor,
  dslIndex,
  envFor,
  type Project,
  project,
  requestLog,
  startTestEmulator,
  sync,
} from "./helpers.ts";

const canary = "canary-Vx8Qm2Lt6Rz4";
const basicPair = `${canary}/token:x`;
/** Every form the canary could leak in. */
const canaryForms = [
  canary,
  encodeURIComponent(canary),
  Buffer.from(canary).toString("base64"),
  Buffer.from(canary).toString("base64url"),
  Buffer.from(basicPair).toString("base64"),
];

const accepts = (ok: (request: Received) => boolean, path: string) => (request: Received) =>
  request.url.split("?")[0] !== path
    ? { status: 404 }
    : ok(request)
      ? { status: 200, body: "{}" }
      : { status: 401 };

let upstreams: Upstream[] = [];
let running: RunningEmulator;
let stateDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  const key = await startUpstream(accepts((r) => r.headers["x-api-key"] === `Token ${canary}`, "/v1/me"));
  const basic = await startUpstream(
    accepts((r) => r.headers.authorization === `Basic ${Buffer.from(basicPair).toString("base64")}`, "/me"),
  );
  const tenant = await startUpstream(accepts((r) => r.headers.authorization === canary, "/api/me"));
  const v2 = await startUpstream(accepts((r) => r.headers.authorization === `Bearer ${canary}`, "/v2/me"));
  const broken = await startUpstream(() => ({ status: 503 }));
  const picky = await startUpstream(() => ({ status: 400 }));
  const stalled = await startUpstream(() => ({ status: 200, stall: true }));
  const moved = await startUpstream(() => ({
    status: 301,
    headers: { location: "https://api.new.example/me" },
  }));
  const limited = await startUpstream(() => ({ status: 429, headers: { "retry-after": "1" } }));
  upstreams = [key, basic, tenant, v2, broken, picky, stalled, moved, limited];
  stateDir = mkdtempSync(join(tmpdir(), "connectorkit-verify-"));
  running = await startTestEmulator({
    statePath: join(stateDir, "emulator.json"),
    proxyTimeoutMs: 1500,
    connectTo: [
      `api.key.example=${key.origin}`,
      `api.basic.example=${basic.origin}`,
      `tenant.verify.example=${tenant.origin}`,
      `api.v2.example=${v2.origin}`,
      `api.broken.example=${broken.origin}`,
      `api.picky.example=${picky.origin}`,
      `api.stalled.example=${stalled.origin}`,
      `api.moved.example=${moved.origin}`,
      `api.limited.example=${limited.origin}`,
      `down.verify.example=${await closedOrigin()}`,
    ],
  });
  env = envFor(running);
});

afterAll(async () => {
  await running.close();
  await Promise.all(upstreams.map((upstream) => upstream.close()));
  rmSync(stateDir, { recursive: true, force: true });
});

let work: Project;
beforeEach(async () => {
  await fetch(`${running.url}/_emulator/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  work = project();
});
afterEach(() => work.remove());

/** The connection name these tests declare for a connector: its display name lowercased without spaces. */
const connectionOf = (name: string) => name.toLowerCase().replaceAll(" ", "");

/**
 * Writes `chain` (what follows connector(name)) as connectors/<file>.ts (modules are cached by
 * path), with a declared connection name so results read the same every run.
 */
const define = (name: string, chain: string, file = "c") =>
  work.write(
    `connectors/${file}.ts`,
    `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector(${JSON.stringify(name)})${chain}${chain.includes(".connection(") ? "" : `.connection({ name: ${JSON.stringify(connectionOf(name))} })`};\n`,
  );

const accountsLeft = async (connection: string) => clientFor(running).listConnectedAccounts({ connection });

/** apply, then verify; checks the run left no account and no canary anywhere. */
async function applyAndVerify(name: string, args: string[] = [], extra: Record<string, string> = {}) {
  const apply = await sync(["apply", "--yes"], { cwd: work.dir, env });
  expect(apply.code, apply.stdout + apply.stderr).toBe(0);
  const run = await sync(["verify", ...args], {
    cwd: work.dir,
    env: {
      ...env,
      NO_COLOR: "1",
      CONNECTORKIT_VERIFY_API_KEY: canary,
      CONNECTORKIT_VERIFY_TOKEN: canary,
      ...extra,
    },
  });
  expect(await accountsLeft(connectionOf(name))).toEqual([]);
  await running.emulator.close(); // flushes the state file
  const places = [
    run.stdout,
    run.stderr,
    JSON.stringify(await requestLog(running.url)),
    readFileSync(join(stateDir, "emulator.json"), "utf8"),
  ];
  for (const place of places) for (const form of canaryForms) expect(place).not.toContain(form);
  return run;
}

describe("an API key in a custom header with a prefix", () => {
  const api = '.apiKey({ header: "X-API-Key" })';
  const right = `${api}.mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me")`;

  it("is ok with the right definition", async () => {
    define("Key Api", right);
    const run = await applyAndVerify("Key Api");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "✔ Key Api  ok  GET /me → 200  (temporary account on connection keyapi, deleted)",
    );
    expect(run.stdout).toContain("Verified 1 connector: 1 ok.");
  });

  it("is rejected without the prefix, and the hint names the header and the missing prefix", async () => {
    define("Key Api", `${api}.proxy("https://api.key.example/v1").verify("GET /me")`);
    const run = await applyAndVerify("Key Api");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Key Api  rejected  GET /me → 401");
    expect(run.stdout).toContain(
      "the raw api_key in the X-API-Key header, with no prefix or suffix (API_KEY)",
    );
    expect(run.stdout).toContain('.mutate("api_key", { prefix: "Token " })');
    expect(run.stdout).toContain("CONNECTORKIT_VERIFY_KEY_API_API_KEY holds a valid credential");
  });

  it("is rejected in Authorization, and the hint says where it was sent", async () => {
    define(
      "Key Api",
      `.apiKey().mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me")`,
    );
    const run = await applyAndVerify("Key Api");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('in the Authorization header, with api_key prefix "Token "');
    expect(run.stdout).toContain("auth_header_key_override");
  });

  it("is rejected as Bearer, and the hint offers the API-key form", async () => {
    define("Key Api", `.bearer().proxy("https://api.key.example/v1").verify("GET /me")`);
    const run = await applyAndVerify("Key Api");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"Bearer <token>" in the Authorization header');
    expect(run.stdout).toContain("use .apiKey({ header })");
  });
});

describe("Basic with a username suffix", () => {
  const extra = { CONNECTORKIT_VERIFY_USERNAME: canary, CONNECTORKIT_VERIFY_PASSWORD: "x" };

  it("is ok with the suffix", async () => {
    define(
      "Basic Api",
      `.basic().mutate("username", { suffix: "/token" }).proxy("https://api.basic.example").verify("GET /me")`,
    );
    const run = await applyAndVerify("Basic Api", [], extra);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✔ Basic Api  ok");
  });

  it("is rejected without it, and the hint names the suffix to check", async () => {
    define("Basic Api", `.basic().proxy("https://api.basic.example").verify("GET /me")`);
    const run = await applyAndVerify("Basic Api", [], extra);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Basic Api  rejected  GET /me → 401");
    expect(run.stdout).toContain('a suffix it expects such as "/token" (.mutate("username", { suffix }))');
    expect(run.stdout).toContain(
      "CONNECTORKIT_VERIFY_BASIC_API_USERNAME, CONNECTORKIT_VERIFY_BASIC_API_PASSWORD",
    );
  });
});

describe("a templated host reached through --connect-to", () => {
  it("is ok when the account fills {{domain}}", async () => {
    define("Tenant Api", `.field("domain").apiKey().proxy("https://{{domain}}/api").verify("GET /me")`);
    const run = await applyAndVerify("Tenant Api", [], {
      CONNECTORKIT_VERIFY_DOMAIN: "tenant.verify.example",
    });
    expect(run.code).toBe(0);
  });

  it("is unreachable when the field is never filled, naming the placeholder and its variable", async () => {
    define(
      "Tenant Api",
      `.field("domain", { required: false }).apiKey().proxy("https://{{domain}}/api").verify("GET /me")`,
    );
    const run = await applyAndVerify("Tenant Api");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Tenant Api  unreachable  GET /me → 502");
    expect(run.stdout).toContain(
      "has no value on this connected account.\n  → Check the value of {{domain}}, filled from CONNECTORKIT_VERIFY_TENANT_API_DOMAIN",
    );
  });

  it("is unreachable when the host refuses connections, naming the host", async () => {
    define(
      "Tenant Api",
      `.field("sub").apiKey().proxy("https://{{sub}}.verify.example/api").verify("GET /me")`,
    );
    const run = await applyAndVerify("Tenant Api", [], { CONNECTORKIT_VERIFY_SUB: "down" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("unreachable");
    expect(run.stdout).toContain(
      "host {{sub}}.verify.example: upstream unreachable: down.verify.example: ECONNREFUSED.",
    );
  });
});

describe("an API under /v2", () => {
  it("is ok with /v2 in proxy_url", async () => {
    define("Versioned Api", `.bearer().proxy("https://api.v2.example/v2").verify("GET /me")`);
    expect((await applyAndVerify("Versioned Api")).code).toBe(0);
  });

  it("is not_found without it, and the hint sets proxy_url's path against the request path", async () => {
    define("Versioned Api", `.bearer().proxy("https://api.v2.example").verify("GET /me")`);
    const run = await applyAndVerify("Versioned Api");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Versioned Api  not_found  GET /me → 404");
    expect(run.stdout).toContain(
      'nothing at https://api.v2.example/me (404): proxy_url\'s path "/" + the request path "/me".',
    );
  });

  it("takes --request over the definition's request", async () => {
    define("Versioned Api", `.bearer().proxy("https://api.v2.example").verify("GET /me")`);
    const run = await applyAndVerify("Versioned Api", ["--request", "GET /v2/me"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ok  GET /v2/me → 200");
  });
});

describe("other answers", () => {
  it.each([
    ["a 5xx", "Broken Api", "api.broken.example", 503, "→ The upstream failed (503)"],
    [
      "no answer in time",
      "Stalled Api",
      "api.stalled.example",
      504,
      "→ Upstream api.stalled.example did not answer within 1500 ms.",
    ],
    [
      "a 429, sent once",
      "Limited Api",
      "api.limited.example",
      429,
      "→ The upstream is limiting requests (429)",
    ],
    [
      "a redirect, naming where the API moved",
      "Moved Api",
      "api.moved.example",
      301,
      "→ The upstream redirects to api.new.example (301), and the proxy does not follow redirects.",
    ],
  ])("is error on %s", async (_case, name, host, status, hint) => {
    const before = upstreams.map((upstream) => upstream.received.length);
    define(name, `.bearer().proxy("https://${host}").verify("GET /me")`);
    const run = await applyAndVerify(name);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✖ ${name}  error  GET /me → ${status}`);
    expect(run.stdout).toContain(hint);
    // the proxy call is never repeated, whatever the answer
    const sent = upstreams.reduce((sum, upstream, i) => sum + upstream.received.length - (before[i] ?? 0), 0);
    expect(sent).toBe(1);
  });

  it("counts a status the definition accepts as ok, and suggests accept for one it does not", async () => {
    define(
      "Picky Api",
      `.bearer().proxy("https://api.picky.example").verify("POST /search", { accept: [400], body: { q: "" } })`,
    );
    expect((await applyAndVerify("Picky Api")).code).toBe(0);
    const run = await sync(["verify", "--request", "GET /me"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_TOKEN: canary },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('.verify("GET /me", { accept: [400] })');
  });

  it("checks every definition by default, exits 1 when any is not ok, and sums up", async () => {
    work.write(
      "connectors/two.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\n` +
        `export const a = connector("Key Api").apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me");\n` +
        `export const b = connector("Versioned Api").bearer().proxy("https://api.v2.example").verify("GET /me");\n`,
    );
    const run = await applyAndVerify("Key Api", [], {
      CONNECTORKIT_VERIFY_API_KEY: "",
      CONNECTORKIT_VERIFY_TOKEN: "",
      CONNECTORKIT_VERIFY_KEY_API_API_KEY: canary,
      CONNECTORKIT_VERIFY_VERSIONED_API_TOKEN: canary,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✔ Key Api  ok");
    expect(run.stdout).toContain("✖ Versioned Api  not_found");
    expect(run.stdout).toContain("Verified 2 connectors: 1 ok, 1 not_found.");
    expect(await accountsLeft("versionedapi")).toEqual([]);
  });

  it("prints the documented JSON", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`);
    const run = await applyAndVerify("Key Api", ["--json"]);
    expect(run.code).toBe(1);
    const data = JSON.parse(run.stdout) as { results: Record<string, unknown>[] };
    expect(data.results).toEqual([
      {
        name: "Key Api",
        identifier: expect.stringMatching(/^connectorkit-verify-[0-9a-z]+-[0-9a-f]{8}$/),
        connection: "keyapi",
        request: "GET /me",
        status: "rejected",
        http_status: 401,
        hint: expect.stringContaining("Authorization header"),
      },
    ]);
    expect(run.stderr).toMatch(/^Target: SCALEKIT_ENVIRONMENT_URL/);
  });
});

describe("before anything is checked", () => {
  it("says apply first for a connector not deployed, or deployed but different", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`, "first");
    const missing = await sync(["verify"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "✖ Key Api: not deployed to the target\n  → apply first (sync apply), then verify",
    );
    expect(await sync(["apply", "--yes"], { cwd: work.dir, env })).toMatchObject({ code: 0 });
    rmSync(join(work.dir, "connectors", "first.ts"));
    define("Key Api", `.apiKey().proxy("https://api.key.example/v2").verify("GET /me")`, "second");
    const changed = await sync(["verify"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain("deployed, but different from its definition (proxy_url)");
    expect(changed.stderr).toContain("apply first");
    expect(await accountsLeft("keyapi")).toEqual([]);
  });

  it("names an unknown connector and a malformed --request, with the fix", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`);
    const unknown = await sync(["verify", "Nope"], { cwd: work.dir, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      '✖ Nope: no definition has this display_name\n  → use one of: "Key Api"',
    );
    const malformed = await sync(["verify", "--request", "me"], { cwd: work.dir, env });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('✖ --request: verify request "me" is not "METHOD /path"');
    expect(malformed.stderr).toContain('→ write it as "METHOD /path", e.g. --request "GET /me"');
  });

  it("says how to choose a request when there is none", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1")`);
    const run = await sync(["verify", "Key Api"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("✖ Key Api: verify cannot choose a request");
    expect(run.stderr).toContain('add .verify("GET /path") to the definition');
    expect(run.stderr).toContain('or pass --request "GET /path"');
  });

  it("names the variables to set when credentials are missing, and creates nothing", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`);
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    const run = await sync(["verify"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("✖ Key Api: no value for CONNECTORKIT_VERIFY_KEY_API_API_KEY");
    expect(run.stderr).toContain("CONNECTORKIT_VERIFY_API_KEY also works when one connector is verified");
    const log = await requestLog(running.url);
    expect(log.some((entry) => entry.path.startsWith("/api/v1/connected_accounts"))).toBe(false);
  });

  it("lists every connector's missing credentials at once, not the first only", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`, "a");
    define("Other Api", `.basic().proxy("https://api.other.example/v1").verify("GET /me")`, "b");
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    const run = await sync(["verify"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("✖ Key Api: no value for CONNECTORKIT_VERIFY_KEY_API_API_KEY");
    expect(run.stderr).toMatch(/✖ Other Api: no value for CONNECTORKIT_VERIFY_OTHER_API_USERNAME/);
    expect(run.stderr).toMatch(/\d+ problems; nothing was checked/);
  });

  it("asks at a terminal, with a hidden prompt for the secret", async () => {
    define(
      "Key Api",
      `.apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me")`,
    );
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    const asked: string[] = [];
    const run = await sync(["verify"], {
      cwd: work.dir,
      env,
      interactive: true,
      prompt: {
        confirm: async () => false,
        text: async () => undefined,
        secret: async (message) => {
          asked.push(message);
          return canary;
        },
      },
    });
    expect(run.code).toBe(0);
    expect(asked).toEqual(["Key Api: API Key (CONNECTORKIT_VERIFY_KEY_API_API_KEY)"]);
  });

  it("never asks for a secret where the answer would show", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`);
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    // the default test prompter has no hidden prompt, and fails the test if text() is called
    const run = await sync(["verify"], { cwd: work.dir, env, interactive: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("✖ Key Api: no value for CONNECTORKIT_VERIFY_KEY_API_API_KEY");
  });

  it("needs --identifier for OAuth, saying how to get one", async () => {
    define(
      "Oauth Api",
      `.oauth({ authorizeUri: "https://id.example.com/a", tokenUri: "https://id.example.com/t" }).proxy("https://api.key.example").verify("GET /me")`,
    );
    const run = await sync(["verify"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("connectorkit cannot make one from variables");
    expect(run.stderr).toContain("pass --authorize to authorize a temporary account now");
    expect(run.stderr).toContain("or --identifier ID of an authorized connected account");
  });
});

describe("the embedded emulator", () => {
  it("runs the whole chain after apply alone, and keeps credentials off its state file", async () => {
    define(
      "Tenant Api",
      `.field("domain", { required: false }).apiKey().proxy("https://{{domain}}/api").verify("GET /me")`,
    );
    const local = { NO_COLOR: "1" };
    expect((await sync(["apply"], { cwd: work.dir, env: local })).code).toBe(0);
    const run = await sync(["verify"], {
      cwd: work.dir,
      env: { ...local, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    // no upstream is reachable from here without --connect-to: the unfilled host proves the proxy ran
    expect(run.stdout).toMatch(/^Target: embedded emulator/);
    expect(run.stdout).toContain(
      "✖ Tenant Api  unreachable  GET /me → 502  (temporary account on connection tenantapi, deleted)",
    );
    expect(run.code).toBe(1);
    const state = readFileSync(join(work.dir, ".connectorkit", "emulator.json"), "utf8");
    for (const form of canaryForms) expect(state).not.toContain(form);
  });
});

describe("the connection, looked up", () => {
  it("finds the connection Scalekit named, never guessing it from the display name", async () => {
    // no name declared: the emulator generates one, as Scalekit does
    work.write(
      "connectors/c.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector("Key Api").apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me");\n`,
    );
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env })).code).toBe(0);
    const run = await sync(["verify"], {
      cwd: work.dir,
      env: { ...env, NO_COLOR: "1", CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /ok {2}GET \/me → 200 {2}\(temporary account on connection keyapi-[A-Za-z0-9]{8}, deleted\)/,
    );
  });

  it("never sends a credential through a connection that serves another connector", async () => {
    define(
      "Key Api",
      `.apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me")`,
    );
    const other = `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector("Foreign").apiKey({ header: "X-API-Key" }).proxy("https://api.key.example/v1").connection({ name: "foreign" });\n`;
    work.write("connectors/foreign.ts", other);
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env })).code).toBe(0);
    const before = upstreams[0]!.received.length;
    const run = await sync(["verify", "Key Api", "--connection", "foreign"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✖ Key Api: connection "foreign" serves another connector');
    expect(run.stderr).toContain("this connector's connections: keyapi");
    expect(upstreams[0]!.received.length - before).toBe(0);
    expect(await accountsLeft("foreign")).toEqual([]);
  });

  it("sends each API-key connector only its own key, and refuses a key that names no connector", async () => {
    const second = "canary-second-Pq4Wm1";
    work.write(
      "connectors/two.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\n` +
        `export const a = connector("Key Api").apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me").connection({ name: "keyapi" });\n` +
        `export const b = connector("Tenant Key").apiKey().proxy("https://tenant.verify.example/api").verify("GET /me").connection({ name: "tenantkey" });\n`,
    );
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env })).code).toBe(0);
    const [key, , tenant] = upstreams;
    const sent = [key!.received.length, tenant!.received.length];
    const refused = await sync(["verify"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "✖ Key Api: CONNECTORKIT_VERIFY_API_KEY names no connector, and several are verified: its value would go to each of them",
    );
    expect(refused.stderr).toContain("set CONNECTORKIT_VERIFY_TENANT_KEY_API_KEY for Tenant Key");
    expect([key!.received.length, tenant!.received.length]).toEqual(sent);
    expect((await requestLog(running.url)).some((e) => e.path.startsWith("/api/v1/connected_accounts"))).toBe(
      false,
    );

    const each = await sync(["verify"], {
      cwd: work.dir,
      env: {
        ...env,
        CONNECTORKIT_VERIFY_KEY_API_API_KEY: canary,
        CONNECTORKIT_VERIFY_TENANT_KEY_API_KEY: second,
      },
    });
    expect(each.stdout).toContain("✔ Key Api  ok");
    // each upstream saw only its own connector's key
    const keyHeaders = key!.received.slice(sent[0]).map((r) => JSON.stringify(r.headers));
    const tenantHeaders = tenant!.received.slice(sent[1]).map((r) => JSON.stringify(r.headers));
    expect(keyHeaders.join()).toContain(canary);
    expect(keyHeaders.join()).not.toContain(second);
    expect(tenantHeaders.join()).toContain(second);
    expect(tenantHeaders.join()).not.toContain(canary);
  });

  it("refuses a host value that would move the request elsewhere, before sending anything", async () => {
    define("Tenant Api", `.field("domain").apiKey().proxy("https://{{domain}}/api").verify("GET /me")`);
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env })).code).toBe(0);
    for (const value of ["evil.example/x?", "x@evil.example/", "tenant.verify.example:443", "a b"]) {
      const run = await sync(["verify"], {
        cwd: work.dir,
        env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary, CONNECTORKIT_VERIFY_DOMAIN: value },
      });
      expect(run.code, value).toBe(1);
      expect(run.stderr, value).toContain(
        "✖ Tenant Api: the value of {{domain}} holds a character that leaves the host",
      );
    }
    expect((await requestLog(running.url)).some((e) => e.path.startsWith("/api/v1/connected_accounts"))).toBe(
      false,
    );
  });
});

describe("an existing connected account", () => {
  it("is used with --identifier and left in place", async () => {
    define(
      "Key Api",
      `.apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.key.example/v1").verify("GET /me")`,
    );
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    const client = clientFor(running);
    await client.createConnectedAccount({
      connection: "keyapi",
      identifier: "alice",
      details: { api_key: canary },
    });
    const run = await sync(["verify", "--identifier", "alice"], {
      cwd: work.dir,
      env: { ...env, NO_COLOR: "1" },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✔ Key Api  ok  GET /me → 200  (account alice on connection keyapi)");
    expect((await accountsLeft("keyapi")).map((a) => a.identifier)).toEqual(["alice"]);
  });

  it("takes --connection for one connector only", async () => {
    work.write(
      "connectors/two.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\n` +
        `export const a = connector("Api A").apiKey().proxy("https://api.key.example").verify("GET /me");\n` +
        `export const b = connector("Api B").apiKey().proxy("https://api.key.example").verify("GET /me");\n`,
    );
    const run = await sync(["verify", "--connection", "x"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "--connection names one connector's connection, but 2 connectors would be checked",
    );
  });

  it("checks an OAuth connector through its account, and says when that account is not authorized", async () => {
    define(
      "Oauth Api",
      `.oauth({ authorizeUri: "https://id.example.com/a", tokenUri: "https://id.example.com/t" }).proxy("https://api.v2.example/v2").verify("GET /me")`,
    );
    const oauth = {
      ...env,
      CONNECTORKIT_OAUTH_OAUTH_API_CLIENT_ID: "client-1",
      CONNECTORKIT_OAUTH_OAUTH_API_CLIENT_SECRET: "oauth-secret-Lk2",
    };
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env: oauth })).code).toBe(0);
    const client = clientFor(running);
    // an account made without credentials waits for the user's authorization (PENDING_AUTH)
    await client.createConnectedAccount({ connection: "oauthapi", identifier: "bob" });
    const run = await sync(["verify", "--identifier", "bob"], { cwd: work.dir, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Oauth Api  error  GET /me → 400  (account bob on connection oauthapi)");
    expect(run.stdout).toContain("the connected account is PENDING_AUTH, not ACTIVE: authorize it first");
  });

  it("reports a connection that does not exist, with the fix", async () => {
    define("Key Api", `.apiKey().proxy("https://api.key.example/v1").verify("GET /me")`);
    await sync(["apply", "--yes"], { cwd: work.dir, env });
    const run = await sync(["verify", "--connection", "nosuch"], {
      cwd: work.dir,
      env: { ...env, CONNECTORKIT_VERIFY_API_KEY: canary },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✖ Key Api: no connection is named "nosuch"');
    // nothing was made, so there is nothing to delete and nothing to report
    expect(run.stderr).not.toContain("could not be deleted");
    expect((await requestLog(running.url)).some((e) => e.path.startsWith("/api/v1/connected_accounts"))).toBe(
      false,
    );
  });
});
