// Formats generated sources with Biome, calling its native binary with the source on stdin
// (about 10 ms a file, where the npm launcher costs a Node start-up each time). The project's
// biome.json applies because the binary runs in the project root.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

function biomeBinary(): string {
  const require = createRequire(import.meta.url);
  const fromEnv = process.env.BIOME_BINARY;
  if (fromEnv) return fromEnv;
  try {
    return require.resolve(
      `@biomejs/cli-${process.platform}-${process.arch}/biome${process.platform === "win32" ? ".exe" : ""}`,
    );
  } catch {
    // musl builds and unusual platforms: the npm launcher finds the right binary
    return require.resolve("@biomejs/biome/bin/biome");
  }
}

let binary: string | undefined;

/** A Biome process started ahead of time: it boots while the spec is still being read. */
export interface Formatter {
  /** The source formatted as Biome would write it; rejects with Biome's message when it cannot parse it. */
  format(source: string): Promise<string>;
  /** Ends the process unused. */
  cancel(): void;
}

export function startFormatter(): Formatter {
  binary ??= biomeBinary();
  const child = spawn(binary, ["format", "--stdin-file-path=connector.ts"], {
    cwd: projectRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const exited = new Promise<string>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else
        reject(new Error(`biome could not format the source: ${Buffer.concat(err).toString("utf8").trim()}`));
    });
  });
  // a formatter that is never used must not leave an unhandled rejection behind
  exited.catch(() => undefined);
  return {
    format(source) {
      child.stdin.end(source);
      return exited;
    },
    cancel() {
      child.kill();
    },
  };
}

/** Formats one source now. */
export function formatSource(source: string): Promise<string> {
  return startFormatter().format(source);
}
