// Formats generated sources with Biome's native binary (the npm launcher would cost a Node
// start-up per call): one source through stdin, several in one `format --write` over a scratch
// folder. The project's biome.json applies because the binary runs in the project root.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

let binary: string | undefined;

function biomeBinary(): string {
  if (binary) return binary;
  const require = createRequire(import.meta.url);
  const suffix = process.platform === "win32" ? ".exe" : "";
  try {
    binary =
      process.env.BIOME_BINARY ||
      require.resolve(`@biomejs/cli-${process.platform}-${process.arch}/biome${suffix}`);
  } catch {
    // musl builds and unusual platforms: the npm launcher finds the right binary
    binary = require.resolve("@biomejs/biome/bin/biome");
  }
  return binary;
}

/** One source formatted as Biome writes it; rejects with Biome's message when it cannot parse it. */
export function formatSource(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(biomeBinary(), ["format", "--stdin-file-path=connector.ts"], {
      cwd: projectRoot,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else
        reject(new Error(`biome could not format the source: ${Buffer.concat(err).toString("utf8").trim()}`));
    });
    child.stdin.end(source);
  });
}

/** Several sources formatted by one Biome run; a source Biome rejects is retried alone for its message. */
export async function formatSources(sources: readonly string[]): Promise<PromiseSettledResult<string>[]> {
  if (sources.length <= 1) return Promise.allSettled(sources.map(formatSource));
  const dir = await mkdtemp(join(tmpdir(), "connectorkit-format-"));
  try {
    const files = sources.map((_, index) => join(dir, `${index}.ts`));
    await Promise.all(sources.map((source, index) => writeFile(files[index] as string, source)));
    const clean = await new Promise<boolean>((resolve) => {
      execFile(biomeBinary(), ["format", "--write", dir], { cwd: projectRoot }, (error) =>
        resolve(error === null),
      );
    });
    if (!clean) return Promise.allSettled(sources.map(formatSource));
    return Promise.allSettled(files.map((file) => readFile(file, "utf8")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
