// The init command: the files a project needs to keep connector definitions in its own repository,
// copied from templates/init/. It never overwrites: a file that exists is reported and left alone,
// and .gitignore only gains the lines it lacks. --dir may name a new folder, never one whose parent
// is missing (a typo). Then it checks that package.json installs connectorkit the way CI's fresh
// clone can repeat (install-check.ts).
import { existsSync, mkdirSync, statSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import pkg from "../../package.json" with { type: "json" };
import type { SyncIO } from "../sync/io.ts";
import { addHelp } from "./help.ts";
import { installNotes } from "./install-check.ts";
import { thisCopy } from "./install-source.ts";

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

/** The folder to write into: it may be new, but its parent must exist (a mistyped path is refused). */
function projectFolder(
  root: string,
  shown: string,
): { ok: true; created: boolean } | { ok: false; error: string } {
  if (existsSync(root)) {
    return statSync(root).isDirectory()
      ? { ok: true, created: false }
      : { ok: false, error: `✖ --dir ${shown} is a file\n  → pass the project's folder\n` };
  }
  const parent = dirname(root);
  if (!existsSync(parent)) {
    return {
      ok: false,
      error: `✖ --dir ${shown}: there is no folder ${parent}\n  → check the path, or create the folders first (mkdir -p ${shown})\n`,
    };
  }
  mkdirSync(root);
  return { ok: true, created: true };
}

export async function runInit(dir: string, io: Pick<SyncIO, "stdout" | "stderr" | "cwd">): Promise<number> {
  const root = resolve(io.cwd, dir);
  const shown = (path: string) => relative(io.cwd, join(root, path)) || path;
  const folder = projectFolder(root, dir);
  if (!folder.ok) {
    io.stderr.write(folder.error);
    return 1;
  }
  if (folder.created) io.stdout.write(`✔ created ${relative(io.cwd, root)}/\n`);
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
  const notes = installNotes({ dir: root, cwd: io.cwd, origin: thisCopy(), version: pkg.version });
  if (notes.length > 0) io.stdout.write(`\n${notes.join("\n")}\n`);
  io.stdout.write(
    "\nNext: npx --no connectorkit build    validate connectors/ and write build/<slug>.json\n" +
      "      npx --no connectorkit plan     what apply would change (no environment: a local emulator)\n" +
      "      (--no: run the installed copy; never download a package of that name)\n",
  );
  return 0;
}

/** `init [--dir DIR]`; `done` receives the exit code. */
export function initCommand(
  io: Pick<SyncIO, "stdout" | "stderr" | "cwd">,
  done: (code: number) => void,
): Command {
  const command = new Command("init")
    .description(
      "write connectorkit.config.ts, connectors/example.ts, .gitignore lines and the CI workflow; never overwrites",
    )
    .option("--dir <dir>", "the project folder (its parent folder must exist)", ".")
    .action(async (options: { dir: string }) => done(await runInit(options.dir, io)));
  return addHelp(command);
}
