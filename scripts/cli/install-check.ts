// init's check of the project it writes into: does its package.json install connectorkit in a way
// a fresh clone (CI's) repeats, and if not, the commands that fix it. The commands install the copy
// that is running (install-source.ts), from a tarball under the repository; never the registry.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { classifySpec, type Origin, specIn } from "./install-source.ts";

export interface InstallCheck {
  /** The folder init writes into. */
  readonly dir: string;
  /** Where paths are shown from. */
  readonly cwd: string;
  readonly origin: Origin;
  /** connectorkit's version: the tarball npm pack makes is connectorkit-<version>.tgz. */
  readonly version: string;
}

const notFromRegistry =
  "(The package named connectorkit on the npm registry is not this one: never install it from there.)";

/** A path as a shell word. */
const word = (path: string) => (/^[\w./@:+-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`);

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
};

function nearest(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The repository a folder belongs to (the nearest folder with .git), else the folder itself. */
const repositoryOf = (dir: string) => {
  const git = nearest(dir, ".git");
  return git === undefined ? { root: dir, git: false } : { root: dirname(git), git: true };
};

/** git's reason for ignoring `path` ("source:line:pattern"), or undefined (not ignored, or no git). */
function ignoredBy(root: string, path: string): string | undefined {
  try {
    const out = execFileSync("git", ["check-ignore", "-v", "--", path], { cwd: root, stdio: "pipe" });
    return out.toString().split("\t")[0]?.trim() || undefined;
  } catch {
    // exit 1: not ignored; no git on PATH or not a repository: nothing to say
    return undefined;
  }
}

/** The commands that install the running copy from a tarball under `project`'s repository. */
function installCommands(project: string, check: InstallCheck): string[] {
  const { cwd, origin, version } = check;
  const rel = relative(cwd, project);
  const here = rel === "" ? "" : `cd ${word(rel.startsWith("..") ? project : rel)} && `;
  const repository = repositoryOf(project).root;
  const commit = (path: string) => `then commit ${path}, package.json and package-lock.json.`;
  if (origin.kind === "tarball" && inside(repository, origin.path)) {
    const path = relative(project, origin.path);
    return [`    ${here}npm install --save-dev ./${word(path)}`, `  ${commit(path)} ${notFromRegistry}`];
  }
  const name = origin.kind === "tarball" ? basename(origin.path) : `connectorkit-${version}.tgz`;
  const install = `npm install --save-dev ./vendor/${word(name)}`;
  const commands =
    origin.kind === "tarball"
      ? [`    ${here}mkdir -p vendor && cp ${word(origin.path)} vendor/ && ${install}`]
      : origin.kind === "checkout"
        ? [
            `    ${here}mkdir -p vendor && (cd ${word(origin.dir)} && npm pack --pack-destination ${word(join(project, "vendor"))}) && ${install}`,
          ]
        : [
            `  get ${name} (npm pack in a connectorkit checkout makes it), put it in ${word(relative(cwd, join(project, "vendor")) || "vendor")}/, and run:`,
            `    ${here}${install}`,
          ];
  return [...commands, `  ${commit(`vendor/${name}`)} ${notFromRegistry}`];
}

/** What init prints about the install: `·` when a fresh clone will install it, `!` and the fix when not. */
export function installNotes(check: InstallCheck): string[] {
  const { dir, cwd } = check;
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel === "" ? "." : rel.startsWith("..") ? path : rel;
  };
  const manifest = nearest(dir, "package.json");
  if (manifest === undefined) {
    return [
      `! there is no package.json in ${shown(dir)} or above: run npm init -y there, then install connectorkit from a tarball the repository keeps, so that CI's fresh clone installs it too:`,
      ...installCommands(dir, check),
    ];
  }
  const project = dirname(manifest);
  const spec = specIn(manifest);
  const fix = (problem: string) => [`! ${shown(manifest)} ${problem}`, ...installCommands(project, check)];
  if (spec === undefined) {
    return fix(
      "does not list connectorkit: install it from a tarball the repository keeps, so that CI's fresh clone installs it too:",
    );
  }
  const source = classifySpec(spec, project);
  const from = `installs connectorkit from ${JSON.stringify(spec)}`;
  const notes: string[] = [];
  if (source.kind === "registry") {
    return fix(
      `${from}, the npm registry: this connectorkit is not published there, so that installs whatever someone publishes as ${source.name}. Install a tarball the repository keeps instead:`,
    );
  }
  if (source.kind === "git") {
    return fix(
      `${from}, a git repository: npm builds a git dependency only with a prepare script, which connectorkit has not, so it would install without its compiled files. Install a tarball instead:`,
    );
  }
  if (source.kind === "folder") {
    return fix(
      `${from}, a folder: npm links a folder as it is, unbuilt, and CI's fresh clone has only what the repository holds. Install a tarball the repository keeps instead:`,
    );
  }
  if (source.kind === "url") notes.push(`· ${shown(manifest)} ${from}: each fresh install downloads it`);
  if (source.kind === "tarball") {
    const repository = repositoryOf(project);
    const path = shown(source.path);
    if (!inside(repository.root, source.path)) {
      return [
        `! ${shown(manifest)} ${from}, outside the repository: CI's fresh clone has no ${path}. Keep the tarball in the repository:`,
        ...installCommands(project, existsSync(source.path) ? { ...check, origin: source } : check),
      ];
    }
    if (!existsSync(source.path)) return fix(`${from}, but ${path} does not exist. Install one that does:`);
    const ignored = repository.git ? ignoredBy(repository.root, source.path) : undefined;
    if (ignored !== undefined) {
      return [
        `! ${shown(manifest)} ${from}, but git ignores ${path} (${ignored}), so CI's fresh clone lacks it: commit it with git add -f ${word(path)}, or remove that pattern`,
      ];
    }
    notes.push(`· connectorkit installs from ${path}, in the repository: commit it with package-lock.json`);
  }
  if (!existsSync(join(project, "package-lock.json")) && !existsSync(join(project, "npm-shrinkwrap.json"))) {
    notes.push(
      `! there is no package-lock.json beside ${shown(manifest)}: the workflow's npm ci needs one; run npm install there and commit it`,
    );
  }
  return notes;
}
