// Whole processes as a user runs them, timed from the outside: wall time, exit code, output, the
// peak RSS of the largest Node process of the run and the CPU time of all of them (npx, tsx's
// launcher and the script each report theirs through a preloaded module, so no platform tool such
// as /usr/bin/time is needed). CPU time is what a shared machine's load distorts least.
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface ProcessRun {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size of the largest Node process of the run, in MB. */
  readonly peakRssMb: number;
  /** User and system CPU time of every Node process of the run, in ms. */
  readonly cpuMs: number;
}

export interface ProcessOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Creates the preloaded RSS reporter in `scratch`; returns a runner that uses it. */
export function processRunner(scratch: string) {
  const hook = join(scratch, "report-rss.mjs");
  const rssFile = join(scratch, "rss.txt");
  writeFileSync(
    hook,
    `import { appendFileSync } from "node:fs";\nprocess.on("exit", () => { const u = process.resourceUsage(); appendFileSync(process.env.CONNECTORKIT_BENCH_RSS, \`\${u.maxRSS} \${u.userCPUTime + u.systemCPUTime}\\n\`); });\n`,
  );
  const preload = `--import=${pathToFileURL(hook).href}`;

  return function run(
    command: string,
    args: readonly string[],
    options: ProcessOptions,
  ): Promise<ProcessRun> {
    rmSync(rssFile, { force: true });
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...options.env,
        NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "),
        CONNECTORKIT_BENCH_RSS: rssFile,
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const ms = performance.now() - started;
        let peakKb = 0;
        let cpuMicros = 0;
        try {
          for (const line of readFileSync(rssFile, "utf8").split("\n")) {
            const [rss, cpu] = line.split(" ").map(Number);
            peakKb = Math.max(peakKb, rss || 0);
            cpuMicros += cpu || 0;
          }
        } catch {
          // a process killed before exit handlers ran reports nothing
        }
        resolve({
          ms,
          code,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          peakRssMb: peakKb / 1024,
          cpuMs: cpuMicros / 1000,
        });
      });
    });
  };
}

export type RunProcess = ReturnType<typeof processRunner>;

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
