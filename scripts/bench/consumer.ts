// A fresh project with connectorkit installed from its packed tarball, as a team installs it: the
// install test's project and the scale bench's (which times the commands as users run them there).
// npm ci --offline installs from npm's cache: the lockfile is the project's own, less its
// devDependencies, plus the tarball, so every dependency resolves to the version the project
// tested and nothing is fetched.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** This checkout. */
export const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end; a non-zero exit is a result, not an error. */
export async function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, [...args], {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

export interface Packed {
  readonly tarball: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly string[];
}

/** `npm pack` of the checkout at `from` (its prepack script builds dist/ first). */
export async function pack(into: string, from = root): Promise<Packed> {
  const result = await run(npm, ["pack", "--json", "--pack-destination", into], from);
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  // prepack's output comes first on stdout; the JSON report is the last thing printed
  const report = JSON.parse(result.stdout.slice(result.stdout.indexOf("[\n"))) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  const [entry] = report;
  if (!entry) throw new Error("npm pack printed no report");
  return {
    tarball: join(into, entry.filename),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
    files: entry.files.map((file) => file.path),
  };
}

interface LockEntry {
  readonly dev?: boolean;
  readonly [key: string]: unknown;
}

/**
 * A new folder with package.json as `npm init -y` writes it (CommonJS), connectorkit installed
 * from `tarball` (packed from the checkout at `from`) as a devDependency, and typescript and
 * @types/node linked from this checkout.
 */
export async function consumer(tarball: string, from = root): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "connectorkit-consumer-"));
  const ours = JSON.parse(readFileSync(join(from, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(join(from, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  const manifest = {
    name: "consumer",
    version: "1.0.0",
    main: "index.js",
    type: "commonjs",
    devDependencies: { connectorkit: spec },
  };
  const packages: Record<string, unknown> = {
    "": { name: manifest.name, version: manifest.version, devDependencies: manifest.devDependencies },
    "node_modules/connectorkit": {
      version: ours.version,
      resolved: spec,
      integrity,
      dev: true,
      license: ours.license,
      dependencies: ours.dependencies,
      bin: ours.bin,
      engines: ours.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== "" && entry.dev !== true) packages[path] = { ...entry, dev: true };
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, "package-lock.json"),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  const installed = await run(npm, ["ci", "--offline", "--no-audit", "--no-fund"], dir);
  if (installed.code !== 0) {
    throw new Error(
      `npm ci --offline failed (is npm's cache filled? run npm ci in ${from} first):\n${installed.stderr}`,
    );
  }
  mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
  symlinkSync(join(root, "node_modules/typescript"), join(dir, "node_modules/typescript"), "dir");
  symlinkSync(join(root, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
  return dir;
}
