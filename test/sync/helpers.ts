// Shared helpers for the sync and client tests: emulators on 127.0.0.1, temporary projects of
// connector definitions, captured output, and the secret scan every test ends with.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Payload, Provider } from "../../dsl/payload.ts";
import { createScalekitClient, type FetchLike, type ScalekitClient } from "../../scripts/client/index.ts";
import type { EmulatorOptions } from "../../scripts/emulator/app.ts";
import { type RunningEmulator, startEmulator } from "../../scripts/emulator/server.ts";
import { runSync } from "../../scripts/sync/cli.ts";
import type { Prompter } from "../../scripts/sync/confirm.ts";
import type { SyncIO } from "../../scripts/sync/io.ts";
import { Collector } from "../../scripts/sync/output.ts";

export const dslIndex = fileURLToPath(new URL("../../dsl/index.ts", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Retries without real waiting, so fault tests stay fast (Retry-After is still honoured). */
export const quickRetry = { retry: { baseDelayMs: 1, maxDelayMs: 8 } } as const;

/** A distinctive secret, so the secret scan cannot pass by accident. */
export const testSecret = "ck-test-secret-7Qz9xW";

export const startTestEmulator = (options: EmulatorOptions = {}): Promise<RunningEmulator> =>
  startEmulator({ clientId: "ck-test-client", clientSecret: testSecret, ...options, port: 0 });

/** A fetch that remembers every access token the token endpoint hands out. */
export function recordingFetch(inner: FetchLike = (request) => fetch(request)): {
  fetch: FetchLike;
  tokens: string[];
} {
  const tokens: string[] = [];
  return {
    tokens,
    fetch: async (request) => {
      const response = await inner(request);
      if (new URL(request.url).pathname === "/oauth/token" && response.ok) {
        const body = (await response.clone().json()) as { access_token?: string };
        if (body.access_token) tokens.push(body.access_token);
      }
      return response;
    },
  };
}

/** Fails when any secret or token appears in any of the texts. */
export function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  expect(secrets.filter((secret) => secret.length > 0).length).toBeGreaterThan(0);
  for (const text of texts) for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
}

export interface LogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly fault?: string;
}

export const requestLog = async (url: string): Promise<LogEntry[]> =>
  (await (await fetch(`${url}/_emulator/requests`)).json()) as LogEntry[];

export const remoteState = async (url: string): Promise<Provider[]> =>
  ((await (await fetch(`${url}/_emulator/state`)).json()) as { providers: Provider[] }).providers;

export async function addConnection(url: string, identifier: string): Promise<string> {
  const response = await fetch(`${url}/_emulator/connections`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier }),
  });
  return ((await response.json()) as { connection_id: string }).connection_id;
}

export interface Project {
  readonly dir: string;
  write(path: string, text: string): void;
  remove(): void;
}

/** A temporary working directory; `files` are written relative to it. */
export function project(files: Readonly<Record<string, string>> = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), "connectorkit-sync-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** DSL source for a bearer connector, importing the DSL by absolute path. */
export function bearerSource(
  name: string,
  description = `${name} API`,
  url = "https://api.example.com",
): string {
  return `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector(${JSON.stringify(name)}).description(${JSON.stringify(description)}).bearer().proxy(${JSON.stringify(url)});\n`;
}

/** DSL source for an OAuth connector with the given scopes. */
export function oauthSource(name: string, scopes: readonly string[]): string {
  const calls = scopes.map((scope) => `.scope(${JSON.stringify(scope)})`).join("");
  return `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector(${JSON.stringify(name)}).oauth({ authorizeUri: "https://id.example.com/authorize", tokenUri: "https://id.example.com/token" })${calls}.proxy("https://api.example.com");\n`;
}

/** DSL source for an API-key connector. */
export function apiKeySource(name: string): string {
  return `import { connector } from ${JSON.stringify(dslIndex)};\nexport default connector(${JSON.stringify(name)}).description("keyed").apiKey().proxy("https://api.example.com");\n`;
}

export const refusePrompts: Prompter = {
  confirm: async () => {
    throw new Error("unexpected confirm prompt");
  },
  text: async () => {
    throw new Error("unexpected text prompt");
  },
};

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sync <argv>` in-process with captured output, and checks that output for secrets. */
export async function sync(
  argv: readonly string[],
  options: {
    readonly cwd: string;
    readonly env?: Record<string, string | undefined>;
    readonly interactive?: boolean;
    readonly prompt?: Prompter;
    readonly fetch?: FetchLike;
  },
): Promise<Run> {
  const stdout = new Collector();
  const stderr = new Collector();
  const recorder = recordingFetch(options.fetch);
  const env = { ...options.env };
  const io: SyncIO = {
    stdout,
    stderr,
    cwd: options.cwd,
    env,
    interactive: options.interactive ?? false,
    prompt: options.prompt ?? refusePrompts,
    tuning: { ...quickRetry, fetch: recorder.fetch },
  };
  const code = await runSync(argv, io);
  // every run, whatever it tests: no secret and no issued token in the output
  const secrets = [testSecret, "local-secret", env.SCALEKIT_CLIENT_SECRET ?? "", ...recorder.tokens];
  expectNoSecrets([stdout.text, stderr.text], secrets);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The SCALEKIT_* variables for an emulator. */
export const envFor = (running: RunningEmulator): Record<string, string> => ({
  SCALEKIT_ENVIRONMENT_URL: running.url,
  SCALEKIT_CLIENT_ID: running.emulator.clientId,
  SCALEKIT_CLIENT_SECRET: running.emulator.clientSecret,
});

/** A client of the running emulator with its own credentials, retrying quickly. */
export const clientFor = (running: RunningEmulator): ScalekitClient =>
  createScalekitClient({
    environmentUrl: running.url,
    clientId: running.emulator.clientId,
    clientSecret: running.emulator.clientSecret,
    ...quickRetry,
  });

/** A provider as the API serves it, for pure plan tests. */
export function served(payload: Payload, identifier: string, managed: boolean): Provider {
  return {
    id: `prv_${identifier}`,
    identifier,
    display_name: payload.display_name,
    description: payload.description ?? "",
    categories: [],
    auth_patterns: payload.auth_patterns,
    icon_src: payload.icon_src ?? "",
    display_priority: 0,
    coming_soon: false,
    proxy_url: payload.proxy_url,
    proxy_enabled: payload.proxy_enabled ?? false,
    is_custom: true,
    is_custom_mcp: false,
    metadata: { ...payload.metadata, ...(managed && { managed_by: "connectorkit" }) },
  };
}
