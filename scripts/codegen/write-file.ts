// Writing a generated file: never through a symbolic link, never over a file edited since it was
// generated, written by hand, or generated from another source, unless forced.
import {
  closeSync,
  constants as fsConstants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { bannerSource, fileState } from "./header.ts";

/** Whether two banner labels name the same source: paths are compared resolved, anything else as written. */
function sameSource(a: string, b: string): boolean {
  const local = (label: string) =>
    label !== "stdin" && !/^[a-z]+:\/\//i.test(label) && !label.startsWith("the MCP");
  return local(a) && local(b) ? resolve(a) === resolve(b) : a === b;
}

// O_NOFOLLOW where the platform has it: the open itself then refuses a link put there after the check
const noFollow = fsConstants.O_NOFOLLOW ?? 0;

/** Refuses to write where a symbolic link stands: it would put the file somewhere else. */
function refuseLink(path: string, what: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (link) {
    throw new Error(
      `${relative(process.cwd(), path) || path}${what ? ` ${what}` : ""} is a symbolic link; the generator never writes through one (point --out at a real folder, or remove the link)`,
    );
  }
}

// generated files are small: synchronous reads and writes cost less than thread-pool round trips
export function writeGenerated(
  path: string,
  text: string,
  force: boolean,
  source: string,
): "written" | "unchanged" {
  refuseLink(dirname(path), "(the --out folder)");
  refuseLink(path, "");
  let existing: string | undefined;
  try {
    existing = readFileSync(path, "utf8");
  } catch {
    existing = undefined;
  }
  if (existing === text) return "unchanged";
  if (existing !== undefined && !force) {
    const state = fileState(existing);
    if (state !== "generated") {
      const why =
        state === "edited" ? "was edited since it was generated" : "was not written by the generator";
      throw new Error(
        `${relative(process.cwd(), path)} ${why}; it was left as it is (pass --force to replace it)`,
      );
    }
    const owner = bannerSource(existing);
    if (owner !== undefined && !sameSource(owner, source)) {
      throw new Error(
        `${relative(process.cwd(), path)} was generated from ${owner}, and ${source} gives a connector with the same file name; it was left as it is (give this one another name with --name, or pass --force to replace it)`,
      );
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(
    path,
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | noFollow,
    0o644,
  );
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return "written";
}
