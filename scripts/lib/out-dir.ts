// Output folders (--out of build, generate and pull) never lead through a symbolic link: a link
// committed to a repository (`generated -> ~/.ssh`) would have a command write or delete files
// wherever it points. The folder itself and each existing folder between it and the working
// directory are checked. Above the working directory, and above a folder outside it, is the
// user's own layout (macOS's /tmp and /var are links), so it is not; folders still to be made are
// made by mkdir, which makes real ones.
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** An output folder that leads through a symbolic link: which one, and what to do. */
export class LinkedOutError extends Error {
  override name = "LinkedOutError";
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** The folders from the one below `base` down to `target` (both absolute; target under base). */
function below(base: string, target: string): string[] {
  const steps: string[] = [];
  for (let at = target; at !== base && dirname(at) !== at; at = dirname(at)) steps.unshift(at);
  return steps;
}

/**
 * Throws LinkedOutError when `out` (as given to `flag`), or any existing folder between it and
 * the working directory, is a symbolic link.
 */
export function refuseLinkedOut(out: string, flag = "--out", cwd = process.cwd()): void {
  const target = resolve(cwd, out);
  const inside = (() => {
    const rest = relative(cwd, target);
    return rest === "" || (rest !== ".." && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
  })();
  for (const folder of inside ? below(cwd, target) : [target]) {
    let link = false;
    try {
      link = lstatSync(folder).isSymbolicLink();
    } catch {
      return; // missing from here down: mkdir makes real folders
    }
    if (!link) continue;
    const shown = relative(cwd, folder) || folder;
    const to = readlinkSync(folder);
    let leadsTo: string;
    try {
      leadsTo = realpathSync(folder);
    } catch {
      leadsTo = resolve(dirname(folder), to); // a dangling link
    }
    throw new LinkedOutError(
      `${flag} ${out}: ${shown} is a symbolic link (to ${to}); nothing is written through one`,
      `point ${flag} at a real folder (the link leads to ${join(leadsTo, relative(folder, target))}), or remove the link`,
    );
  }
}
