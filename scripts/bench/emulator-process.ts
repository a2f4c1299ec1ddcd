// The benches' emulator: scripts/emulator.ts in a process of its own, as Scalekit's servers are.
// In the bench's process its work would share an event loop (and pauses) with the bench's own,
// such as collecting the output of 1,000-line runs.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../emulator.ts", import.meta.url));

export interface EmulatorProcess {
  readonly url: string;
  close(): void;
}

/** Starts the emulator with `args` (its CLI flags) on a free port; resolves once it listens. */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
    if (url) return { url, close: () => child.kill() };
  }
  throw new Error("the emulator ended before listening");
}

/** Empties an emulator (its control routes take JSON only). */
export async function resetEmulator(url: string): Promise<void> {
  const response = await fetch(`${url}/_emulator/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`resetting the emulator: ${response.status} ${await response.text()}`);
}
