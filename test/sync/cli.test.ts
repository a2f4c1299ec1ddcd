// The sync command line in-process: targets and config, the confirmation and production guard,
// definition errors before any request, --json, --exit-code and flag errors.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import type { Prompter } from "../../scripts/sync/confirm.ts";
import { resolveTarget } from "../../scripts/sync/target.ts";
import {
  bearerSource,
  dslIndex,
  envFor,
  expectNoSecrets,
  type Project,
  project,
  remoteState,
  requestLog,
  startTestEmulator,
  sync,
  testSecret,
} from "./helpers.ts";

let running: RunningEmulator;
let work: Project;

beforeEach(async () => {
  running = await startTestEmulator();
  work = project({
    "connectors/alpha.ts": bearerSource("Alpha"),
    "connectors/beta.ts": bearerSource("Beta"),
  });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await running.close();
  work.remove();
});

/** A config whose secret comes from the process environment, as users are told to write it. */
function writeConfig(production: boolean) {
  vi.stubEnv("PROD_SECRET", testSecret);
  const env = (name: string, value: string) => `process.env.${name} ?? ${JSON.stringify(value)}`;
  work.write(
    "connectorkit.config.ts",
    `import { defineConfig } from ${JSON.stringify(dslIndex)};
export default defineConfig({
  connectors: "connectors",
  environments: {
    prod: { url: ${env("PROD_URL", running.url)}, clientId: "ck-test-client", clientSecret: process.env.PROD_SECRET, production: ${production} },
  },
});
`,
  );
}

/** Answers prompts as given and records which were asked. */
function answering(typed: string | undefined, confirmed: boolean): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    confirm: async (message) => {
      asked.push(`confirm: ${message}`);
      return confirmed;
    },
    text: async (message) => {
      asked.push(`text: ${message}`);
      return typed;
    },
  };
}

const secretEnv = { PROD_SECRET: testSecret };
const created = async () => (await remoteState(running.url)).length;

describe("production guard", () => {
  beforeEach(() => writeConfig(true));

  it("refuses without a terminal and without --yes, writing nothing", async () => {
    const result = await sync(["apply", "--env", "prod"], { cwd: work.dir, env: secretEnv });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe(`Target: environment "prod" (${running.url}), production`);
    expect(result.stderr).toContain("Pass --yes to apply. Nothing was changed.");
    expect(await created()).toBe(0);
    expectNoSecrets([result.stdout, result.stderr], [testSecret]);
  });

  it("asks for the environment's name on a terminal and stops on anything else", async () => {
    const prompt = answering("production", true);
    const result = await sync(["apply", "--env", "prod"], {
      cwd: work.dir,
      env: secretEnv,
      interactive: true,
      prompt,
    });
    expect(result.code).toBe(1);
    expect(prompt.asked).toStrictEqual([
      'text: "prod" is a production environment. Type its name to apply 4 changes:',
    ]);
    expect(result.stderr).toContain('Aborted: "prod" was not typed. Nothing was changed.');
    expect(await created()).toBe(0);
  });

  it("applies once the name is typed, or with --yes", async () => {
    const typed = await sync(["apply", "--env", "prod"], {
      cwd: work.dir,
      env: secretEnv,
      interactive: true,
      prompt: answering("prod", false),
    });
    expect(typed.code).toBe(0);
    expect(await created()).toBe(2);
    work.write("connectors/gamma.ts", bearerSource("Gamma"));
    const yes = await sync(["apply", "--env", "prod", "--yes"], { cwd: work.dir, env: secretEnv });
    expect(yes.code).toBe(0);
    expect(await created()).toBe(3);
  });
});

describe("confirmation", () => {
  it("asks yes/no (default no) on a terminal for other environments", async () => {
    writeConfig(false);
    const declined = answering(undefined, false);
    const no = await sync(["apply", "--env", "prod"], {
      cwd: work.dir,
      env: secretEnv,
      interactive: true,
      prompt: declined,
    });
    expect(no.code).toBe(1);
    expect(declined.asked).toStrictEqual(['confirm: Apply 4 changes on "prod"?']);
    expect(await created()).toBe(0);
    const yes = await sync(["apply", "--env", "prod"], {
      cwd: work.dir,
      env: secretEnv,
      interactive: true,
      prompt: answering(undefined, true),
    });
    expect(yes.code).toBe(0);
    expect(await created()).toBe(2);
  });

  it("needs no confirmation for the embedded emulator, and says which target it used first", async () => {
    const result = await sync(["apply"], { cwd: work.dir, env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(
      /^Target: embedded emulator \(state in \.connectorkit\/emulator\.json\)/,
    );
    const again = await sync(["plan"], { cwd: work.dir, env: {} });
    expect(again.stdout).toContain("No changes.");
  });
});

describe("targets", () => {
  it("reads SCALEKIT_* from .env, the shell winning", async () => {
    const vars = envFor(running);
    work.write(
      ".env",
      Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    );
    const result = await sync(["plan"], { cwd: work.dir, env: {} });
    expect(result.stdout.split("\n")[0]).toBe(`Target: SCALEKIT_ENVIRONMENT_URL (${running.url})`);
    const shell = await sync(["plan"], {
      cwd: work.dir,
      env: { SCALEKIT_ENVIRONMENT_URL: "http://localhost:1" },
    });
    expect(shell.stdout.split("\n")[0]).toBe("Target: SCALEKIT_ENVIRONMENT_URL (http://localhost:1)");
  });

  it("takes the definitions from the config's connectors, and --connectors over it", async () => {
    work.write("connectorkit.config.ts", 'export default { connectors: "defs" };\n');
    work.write("defs/gamma.ts", bearerSource("Gamma"));
    const configured = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(configured.stdout).toContain("[+] Gamma");
    expect(configured.stdout).not.toContain("Alpha");
    const flagged = await sync(["plan", "--connectors", "connectors"], {
      cwd: work.dir,
      env: envFor(running),
    });
    expect(flagged.stdout).toContain("[+] Alpha");
    expect(flagged.stdout).not.toContain("Gamma");
  });

  it("names what is missing when the variables are half set", async () => {
    const result = await sync(["plan"], { cwd: work.dir, env: { SCALEKIT_ENVIRONMENT_URL: running.url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "SCALEKIT_ENVIRONMENT_URL is set but SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET are not",
    );
  });

  it("lists the configured environments for an unknown --env", async () => {
    writeConfig(false);
    const result = await sync(["plan", "--env", "staging"], { cwd: work.dir, env: secretEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('connectorkit.config.ts has no environment "staging"');
    expect(result.stderr).toContain("use one of: prod");
  });

  it("treats scalekit.com as production and refuses plain http off localhost", () => {
    const base = { cwd: "/x", envName: undefined, config: undefined };
    const vars = { SCALEKIT_CLIENT_ID: "id", SCALEKIT_CLIENT_SECRET: "s" };
    expect(
      resolveTarget({ ...base, env: { ...vars, SCALEKIT_ENVIRONMENT_URL: "https://acme.scalekit.com" } }),
    ).toMatchObject({ production: true, name: "acme.scalekit.com" });
    expect(
      resolveTarget({ ...base, env: { ...vars, SCALEKIT_ENVIRONMENT_URL: "https://acme.scalekit.dev" } }),
    ).toMatchObject({ production: false });
    expect(() =>
      resolveTarget({ ...base, env: { ...vars, SCALEKIT_ENVIRONMENT_URL: "http://acme.scalekit.dev" } }),
    ).toThrow(/must be an https:\/\/ URL/);
  });
});

describe("errors that point at the configuration", () => {
  it("names the environment's own credentials when its client secret is wrong", async () => {
    writeConfig(false);
    vi.stubEnv("PROD_SECRET", "not-the-secret-Kq2");
    const result = await sync(["plan", "--env", "prod"], { cwd: work.dir, env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("401");
    expect(result.stderr).toContain(
      "→ check environments.prod.clientId and clientSecret in connectorkit.config.ts, and the variables they read",
    );
    expect(result.stderr).not.toContain("SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET");
  });

  it("shows a config file's syntax error on real lines, and names an unknown key with the right one", async () => {
    work.write("connectorkit.config.ts", "export default {\n  connectors: 'connectors',,\n};\n");
    const broken = await sync(["plan"], { cwd: work.dir, env: {} });
    expect(broken.code).toBe(1);
    expect(broken.stderr).not.toContain("\\u000a");
    expect(broken.stderr.split("\n").length).toBeGreaterThan(3);
    work.write("connectorkit.config.ts", "export default { enviroments: {} };\n");
    const typo = await sync(["plan"], { cwd: work.dir, env: {} });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('✖ connectorkit.config.ts: unknown key "enviroments"');
    expect(typo.stderr).toContain('→ did you mean "environments"?');
    work.write(
      "connectorkit.config.ts",
      "export default { environments: { prod: { url: 'https://a.example', clientSecert: 'x' } } };\n",
    );
    const nested = await sync(["plan"], { cwd: work.dir, env: {} });
    expect(nested.stderr).toContain('connectorkit.config.ts: environments.prod: unknown key "clientSecert"');
    expect(nested.stderr).toContain('did you mean "clientSecret"?');
  });
});

describe("plan output and exit codes", () => {
  it("prints every definition error with file, path and fix, and sends nothing", async () => {
    work.write("connectors/bad-one.ts", bearerSource("Bad One", "x", "http://insecure.example.com"));
    work.write(
      "connectors/bad-two.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector("Bad Two").metadata({ managed_by: "me" }).bearer().proxy("https://x.example.com");\n`,
    );
    const result = await sync(["apply", "--yes"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/connectors\/bad-one\.ts: proxy_url: .*https/);
    expect(result.stderr).toMatch(/connectors\/bad-two\.ts: metadata\.managed_by: .*reserved/);
    expect(result.stderr).toContain("→ rename the key");
    expect(result.stderr).toContain("nothing was sent to the target");
    expect(await requestLog(running.url)).toStrictEqual([]);
  });

  it("prints the plan as JSON only on stdout", async () => {
    const result = await sync(["plan", "--json"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as {
      target: unknown;
      summary: unknown;
      changes: { action: string }[];
    };
    expect(data.target).toStrictEqual({
      kind: "remote",
      name: new URL(running.url).host,
      url: running.url,
      production: false,
    });
    expect(data.summary).toStrictEqual({
      create: 2,
      update: 0,
      replace: 0,
      delete: 0,
      unchanged: 0,
      blocked: 0,
      connections: { create: 2, update: 0, delete: 0, unchanged: 0 },
    });
    expect(data.changes.map((change) => change.action)).toStrictEqual(["create", "create"]);
    expect(result.stderr).toContain("Target: SCALEKIT_ENVIRONMENT_URL");
    expectNoSecrets([result.stdout, result.stderr], [testSecret]);
  });

  it("exits 2 with --exit-code while changes are pending, 0 once applied", async () => {
    const env = envFor(running);
    expect((await sync(["plan", "--exit-code"], { cwd: work.dir, env })).code).toBe(2);
    expect((await sync(["plan"], { cwd: work.dir, env })).code).toBe(0);
    expect((await sync(["apply", "--yes"], { cwd: work.dir, env })).code).toBe(0);
    const clean = await sync(["plan", "--exit-code"], { cwd: work.dir, env });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No changes.");
  });

  it("skips an exported shared base with a note and plans the connectors built from it", async () => {
    work.write(
      "connectors/base.ts",
      `import { connector } from ${JSON.stringify(dslIndex)};\nexport const base = connector("Gamma").description("shared");\n`,
    );
    work.write(
      "connectors/gamma.ts",
      `import { base } from "./base.ts";\nexport default base.bearer().proxy("https://g.example.com");\n`,
    );
    const result = await sync(["plan"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /· .*connectors\/base\.ts: export "base" \(Gamma\) is unfinished, so it is not deployed/,
    );
    expect(result.stdout).toContain("3 to create");
  });

  it("rejects a bad --concurrency with the allowed range", async () => {
    const result = await sync(["apply", "--concurrency", "0"], { cwd: work.dir, env: {} });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("use a whole number from 1 to 64");
  });

  it("refuses a non-production remote without a terminal and without --yes", async () => {
    const result = await sync(["apply"], { cwd: work.dir, env: envFor(running) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Pass --yes");
    expect(await created()).toBe(0);
  });
});
