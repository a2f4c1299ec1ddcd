// Which Scalekit environment sync talks to: a named environment of connectorkit.config.ts
// (--env), the SCALEKIT_* variables, or, with neither, an embedded emulator whose state lives
// in .connectorkit/emulator.json, so sync works on a fresh clone without an account.
import { join } from "node:path";
import type { ConnectorkitConfig } from "../../dsl/config.ts";
import {
  createScalekitClient,
  type FetchLike,
  type RetryNotice,
  type RetryPolicy,
  type ScalekitClient,
} from "../client/index.ts";
import { configFile, type Env, UsageError } from "./config.ts";

export interface RemoteTarget {
  readonly kind: "remote";
  /** The config's environment name, or the URL's host for SCALEKIT_* targets. */
  readonly name: string;
  readonly origin: "config" | "variables";
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly production: boolean;
}

export interface EmbeddedTarget {
  readonly kind: "embedded";
  readonly name: "embedded";
  readonly statePath: string;
  readonly production: false;
}

export type Target = RemoteTarget | EmbeddedTarget;

export const envVars = {
  url: "SCALEKIT_ENVIRONMENT_URL",
  clientId: "SCALEKIT_CLIENT_ID",
  clientSecret: "SCALEKIT_CLIENT_SECRET",
  production: "SCALEKIT_PRODUCTION",
} as const;

const local = new Set(["localhost", "127.0.0.1", "[::1]"]);

function checkUrl(url: string, where: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `${where} ${JSON.stringify(url)} is not a URL`,
      "use e.g. https://acme.scalekit.dev",
    );
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && local.has(parsed.hostname))) {
    throw new UsageError(
      `${where} must be an https:// URL, not ${JSON.stringify(url)}`,
      "use e.g. https://acme.scalekit.dev",
    );
  }
  return parsed;
}

/**
 * Scalekit's production environments live on scalekit.com (development ones on scalekit.dev).
 * Compared on the parsed host name (percent-escapes decoded, lowercased by the URL parser) with
 * its trailing dots removed: `acme.scalekit.com.` is the same host as `acme.scalekit.com`.
 */
export const onProductionDomain = (url: URL): boolean => {
  const host = url.hostname.replace(/\.+$/, "");
  return host === "scalekit.com" || host.endsWith(".scalekit.com");
};

/** SCALEKIT_PRODUCTION: `true` or `false` (any case), or unset; anything else is a mistake to report. */
function productionFlag(raw: string | undefined): boolean {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new UsageError(
    `${envVars.production} must be true or false, not ${JSON.stringify(raw)}`,
    `set ${envVars.production}=true for a production environment, false (or unset) otherwise`,
  );
}

export function resolveTarget(options: {
  readonly cwd: string;
  readonly env: Env;
  readonly envName: string | undefined;
  readonly config: ConnectorkitConfig | undefined;
}): Target {
  const { env, envName, config } = options;
  if (envName !== undefined) {
    if (!config) {
      throw new UsageError(
        `--env ${envName}: there is no ${configFile} in ${options.cwd}`,
        `create one with defineConfig({ environments: { ${envName}: { url, clientId, clientSecret } } })`,
      );
    }
    const chosen = config.environments?.[envName];
    const known = Object.keys(config.environments ?? {});
    if (!chosen) {
      throw new UsageError(
        `--env ${envName}: ${configFile} has no environment "${envName}"`,
        known.length > 0 ? `use one of: ${known.join(", ")}` : "add it under environments",
      );
    }
    for (const key of ["url", "clientId", "clientSecret"] as const) {
      if (!chosen[key]) {
        throw new UsageError(
          `${configFile}: environments.${envName}.${key} is empty`,
          "set it, usually from an environment variable (export it, or put it in .env)",
        );
      }
    }
    const url = checkUrl(chosen.url ?? "", `${configFile}: environments.${envName}.url`);
    return {
      kind: "remote",
      name: envName,
      origin: "config",
      url: url.origin,
      clientId: chosen.clientId ?? "",
      clientSecret: chosen.clientSecret ?? "",
      production: chosen.production === true || onProductionDomain(url),
    };
  }

  const given = [envVars.url, envVars.clientId, envVars.clientSecret].filter((name) => env[name]);
  if (given.length === 0) {
    return {
      kind: "embedded",
      name: "embedded",
      statePath: join(options.cwd, ".connectorkit", "emulator.json"),
      production: false,
    };
  }
  const missing = [envVars.url, envVars.clientId, envVars.clientSecret].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UsageError(
      `${given.join(" and ")} ${given.length === 1 ? "is" : "are"} set but ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not`,
      "set all three (in the shell or .env), or none to use the embedded emulator",
    );
  }
  const url = checkUrl(env[envVars.url] ?? "", envVars.url);
  const flagged = productionFlag(env[envVars.production]);
  return {
    kind: "remote",
    name: url.host,
    origin: "variables",
    url: url.origin,
    clientId: env[envVars.clientId] ?? "",
    clientSecret: env[envVars.clientSecret] ?? "",
    production: flagged || onProductionDomain(url),
  };
}

/** The first line sync prints. */
export function describeTarget(target: Target): string {
  if (target.kind === "embedded") {
    return `Target: embedded emulator (state in .connectorkit/emulator.json); no Scalekit environment is configured (set ${envVars.url} or use --env)`;
  }
  const from = target.origin === "config" ? `environment "${target.name}"` : `${envVars.url}`;
  return `Target: ${from} (${target.url})${target.production ? ", production" : ""}`;
}

/** The target for --json output: never the credentials. */
export const targetData = (target: Target): Record<string, unknown> =>
  target.kind === "embedded"
    ? { kind: "embedded", statePath: ".connectorkit/emulator.json" }
    : { kind: "remote", name: target.name, url: target.url, production: target.production };

export interface ClientTuning {
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  readonly deadlineMs?: number;
  readonly onRetry?: (notice: RetryNotice) => void;
  readonly onSecret?: (value: string, user?: string) => void;
}

export interface OpenTarget {
  readonly client: ScalekitClient;
  close(): Promise<void>;
}

/**
 * Opens a client for the target; the embedded emulator is loaded only when it is the target, and
 * with `serve` it listens on 127.0.0.1 for the run (a browser must reach its authorization pages).
 */
export async function openTarget(
  target: Target,
  tuning: ClientTuning = {},
  options: { readonly serve?: boolean } = {},
): Promise<OpenTarget> {
  if (target.kind === "remote") {
    const client = createScalekitClient({
      environmentUrl: target.url,
      clientId: target.clientId,
      clientSecret: target.clientSecret,
      ...tuning,
    });
    return { client, close: async () => {} };
  }
  if (options.serve) {
    const { startEmulator } = await import("../emulator/server.ts");
    const running = await startEmulator({ statePath: target.statePath, port: 0 }).catch((error: unknown) => {
      throw new UsageError(
        `cannot open the embedded emulator: ${error instanceof Error ? error.message : String(error)}`,
        "delete .connectorkit/emulator.json to start again from an empty emulator",
      );
    });
    const client = createScalekitClient({
      ...tuning,
      environmentUrl: running.url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
    });
    return { client, close: () => running.close() };
  }
  const { createEmulator } = await import("../emulator/app.ts");
  let emulator: ReturnType<typeof createEmulator>;
  try {
    emulator = createEmulator({ statePath: target.statePath });
  } catch (error) {
    throw new UsageError(
      `cannot open the embedded emulator: ${error instanceof Error ? error.message : String(error)}`,
      "delete .connectorkit/emulator.json to start again from an empty emulator",
    );
  }
  const client = createScalekitClient({
    ...tuning,
    environmentUrl: "http://embedded.emulator",
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    fetch: emulator.fetch,
  });
  return { client, close: () => emulator.close() };
}
