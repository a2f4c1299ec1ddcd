// The init command: the files a project needs to keep connector definitions in its own repository,
// copied from templates/init/. It never overwrites: a file that exists is reported and left alone,
// and .gitignore only gains the lines it lacks.
import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import type { SyncIO } from "../sync/io.ts";
import { addHelp } from "./help.ts";

const templates = new URL("../../templates/init/", import.meta.url);

/** [template, where it goes in the project] */
const files = [
  ["connectorkit.config.ts", "connectorkit.config.ts"],
  ["connectors/example.ts", "connectors/example.ts"],
  ["connectorkit.yml", ".github/workflows/connectorkit.yml"],
] as const;

/** Local state: the embedded emulator's file and credentials. */
const ignored = [".connectorkit/", ".env"];

type Outcome = "wrote" | "exists";

async function writeNew(path: string, text: string): Promise<Outcome> {
  await mkdir(dirname(path), { recursive: true });
  try {
    // "wx" fails if the file exists, even if it appeared since we looked
    await writeFile(path, text, { flag: "wx" });
    return "wrote";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    throw error;
  }
}

/** Appends the ignore lines .gitignore lacks; returns them. */
async function ignoreLocalState(path: string): Promise<string[]> {
  const current = existsSync(path) ? await readFile(path, "utf8") : "";
  const lines = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = ignored.filter((line) => !lines.has(line) && !lines.has(line.replace(/\/$/, "")));
  if (missing.length === 0) return [];
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  await appendFile(
    path,
    `${separator}# connectorkit: local emulator state and credentials\n${missing.join("\n")}\n`,
  );
  return missing;
}

/** True when the project's package.json lists connectorkit, so the starter files' imports resolve. */
function dependsOnConnectorkit(dir: string): boolean {
  const path = join(dir, "package.json");
  if (!existsSync(path)) return false;
  try {
    const pkg = JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, string> | undefined>;
    return ["dependencies", "devDependencies"].some((key) => pkg[key]?.connectorkit !== undefined);
  } catch {
    return false;
  }
}

export async function runInit(dir: string, io: Pick<SyncIO, "stdout" | "cwd">): Promise<number> {
  const root = resolve(io.cwd, dir);
  const shown = (path: string) => relative(io.cwd, join(root, path)) || path;
  const skipped: string[] = [];
  for (const [template, target] of files) {
    const text = await readFile(new URL(template, templates), "utf8");
    if ((await writeNew(join(root, target), text)) === "wrote") io.stdout.write(`✔ wrote ${shown(target)}\n`);
    else skipped.push(shown(target));
  }
  const added = await ignoreLocalState(join(root, ".gitignore"));
  io.stdout.write(
    added.length > 0
      ? `✔ added ${added.join(", ")} to ${shown(".gitignore")}\n`
      : `· ${shown(".gitignore")} already ignores ${ignored.join(" and ")}\n`,
  );
  for (const path of skipped) io.stdout.write(`· skipped ${path}: it exists, left as it is\n`);
  if (!dependsOnConnectorkit(root)) {
    io.stdout.write(
      `\n! connectorkit is not in ${shown("package.json")}: run npm install --save-dev connectorkit there, so the files' imports of "connectorkit" resolve\n`,
    );
  }
  io.stdout.write(
    "\nNext: npx connectorkit build    validate connectors/ and write build/<slug>.json\n" +
      "      npx connectorkit plan     what apply would change (no environment: a local emulator)\n",
  );
  return 0;
}

/** `init [--dir DIR]`; `done` receives the exit code. */
export function initCommand(io: Pick<SyncIO, "stdout" | "cwd">, done: (code: number) => void): Command {
  const command = new Command("init")
    .description(
      "write connectorkit.config.ts, connectors/example.ts, .gitignore lines and a CI example; never overwrites",
    )
    .option("--dir <dir>", "the project folder", ".")
    .action(async (options: { dir: string }) => done(await runInit(options.dir, io)));
  return addHelp(command);
}
