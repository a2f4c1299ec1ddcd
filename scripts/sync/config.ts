// Reads connectorkit.config.ts and .env from the working directory. Every problem names the
// file and the key, and says how to fix it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { ConnectorkitConfig, EnvironmentConfig } from "../../dsl/config.ts";
import { isObject } from "../../dsl/rules/issue.ts";
import { importDefinitions } from "../lib/import-definitions.ts";
import { exportsOf } from "../lib/module-exports.ts";
import type { Owner } from "./connector/ownership.ts";
import type { Move } from "./connector/renames.ts";

export const configFile = "connectorkit.config.ts";

/** A problem the user fixes in a file or a flag; printed as is, exit 1. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

export type Env = Record<string, string | undefined>;

/** Adds the pairs of `.env` in `cwd` that `env` does not set already (the shell wins). */
export function loadDotEnv(cwd: string, env: Env): void {
  const path = join(cwd, ".env");
  if (!existsSync(path)) return;
  let pairs: Record<string, string>;
  try {
    pairs = parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new UsageError(
      `cannot read .env: ${error instanceof Error ? error.message : String(error)}`,
      "fix the file",
    );
  }
  for (const [key, value] of Object.entries(pairs)) if (env[key] === undefined) env[key] = value;
}

const where = (path: string) => `${configFile}: ${path}`;

function checkEnvironment(name: string, value: unknown): EnvironmentConfig {
  const at = `environments.${name}`;
  if (!isObject(value)) {
    throw new UsageError(
      `${where(at)} must be an object`,
      "use { url, clientId, clientSecret, production? }",
    );
  }
  const known = ["url", "clientId", "clientSecret", "production"];
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const near = known.find((key) => closeTo(unknown[0] ?? "", key));
    throw new UsageError(
      `${where(at)}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((key) => JSON.stringify(key)).join(", ")}`,
      near
        ? `did you mean ${JSON.stringify(near)}? The keys are ${known.join(", ")}`
        : `the keys are ${known.join(", ")}`,
    );
  }
  for (const key of ["url", "clientId", "clientSecret"] as const) {
    if (value[key] !== undefined && typeof value[key] !== "string") {
      throw new UsageError(
        `${where(`${at}.${key}`)} must be a string`,
        "read it from an environment variable",
      );
    }
  }
  if (value.production !== undefined && typeof value.production !== "boolean") {
    throw new UsageError(`${where(`${at}.production`)} must be true or false`, "use production: true");
  }
  return value as unknown as EnvironmentConfig;
}

/** Loads connectorkit.config.ts from `cwd`, or returns undefined when there is none. */
export async function loadConfig(cwd: string): Promise<ConnectorkitConfig | undefined> {
  const path = join(cwd, configFile);
  if (!existsSync(path)) return undefined;
  const [imported] = await importDefinitions([path]);
  if (!imported?.ok) {
    throw new UsageError(`cannot load ${configFile}: ${imported?.reason}`, "fix the error in the file");
  }
  const module = exportsOf(imported.module);
  const config = module.default;
  if (!isObject(config)) {
    throw new UsageError(`${configFile} has no default export`, "export default defineConfig({ … })");
  }
  const known = ["project", "moved", "connectors", "connections", "environments"];
  const unknown = Object.keys(config).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const [first] = unknown;
    const near = known.find((key) => first !== undefined && closeTo(first, key));
    throw new UsageError(
      `${configFile}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((key) => JSON.stringify(key)).join(", ")}`,
      near
        ? `did you mean ${JSON.stringify(near)}? The keys are ${known.join(", ")}`
        : `the keys are ${known.join(", ")}`,
    );
  }
  const { connectors, connections, environments, project, moved } = config;
  if (
    connections !== undefined &&
    (!isObject(connections) ||
      Object.keys(connections).some((key) => key !== "managed") ||
      (connections.managed !== undefined && typeof connections.managed !== "boolean"))
  ) {
    throw new UsageError(
      `${where("connections")} must be { managed?: boolean }`,
      "use connections: { managed: false }",
    );
  }
  const moves = moved ?? [];
  if (
    !Array.isArray(moves) ||
    !moves.every(
      (entry) =>
        isObject(entry) &&
        typeof entry.from === "string" &&
        typeof entry.to === "string" &&
        entry.from !== entry.to,
    )
  ) {
    throw new UsageError(
      `${where("moved")} must be a list of { from, to } display names that differ`,
      'use moved: [{ from: "Old Name", to: "New Name" }]',
    );
  }
  if (
    project !== undefined &&
    (typeof project !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(project))
  ) {
    throw new UsageError(
      `${where("project")} must be a name of letters, digits, ".", "_" and "-" (at most 64), not ${JSON.stringify(project)}`,
      'use e.g. project: "billing-web"',
    );
  }
  const isPaths =
    connectors === undefined ||
    typeof connectors === "string" ||
    (Array.isArray(connectors) && connectors.every((item) => typeof item === "string"));
  if (!isPaths) {
    throw new UsageError(
      `${where("connectors")} must be a path or a list of paths`,
      'use connectors: "connectors"',
    );
  }
  if (environments !== undefined && !isObject(environments)) {
    throw new UsageError(`${where("environments")} must be an object`, "use environments: { dev: { … } }");
  }
  for (const [name, value] of Object.entries(environments ?? {})) checkEnvironment(name, value);
  return config as ConnectorkitConfig;
}

/** Two names one typo apart (an edit distance of at most 2), for "did you mean". */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1),
      );
    previous = row;
  }
  return (previous[b.length] ?? 99) <= 2;
}

/** Whether connections are made by apply unless a definition says otherwise (the config's default). */
export const connectionsManaged = (config: ConnectorkitConfig | undefined): boolean =>
  config?.connections?.managed !== false;

/** The config's renames that keep the identifier (renames.ts). */
export const movesFrom = (config: ConnectorkitConfig | undefined): Move[] => [...(config?.moved ?? [])];

/** Whose connectors sync manages: the config's project, if it names one. */
export const ownerFrom = (config: ConnectorkitConfig | undefined): Owner =>
  config?.project === undefined ? {} : { project: config.project };

/** The definition paths: --connectors (repeatable), else the config's `connectors`, else connectors/. */
export function connectorPaths(
  flag: string | readonly string[] | undefined,
  config: ConnectorkitConfig | undefined,
): string[] {
  if (typeof flag === "string") return [flag];
  if (flag !== undefined && flag.length > 0) return [...flag];
  const configured = config?.connectors;
  if (configured === undefined) return ["connectors"];
  return typeof configured === "string" ? [configured] : [...configured];
}
