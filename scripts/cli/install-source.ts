// Where connectorkit comes from: what a dependency spec installs, and where this running copy was
// installed from. connectorkit is not on the npm registry, and the name there is not this
// project's: whatever is published as `connectorkit` is someone else's code. So a project installs
// a copy it keeps, a tarball committed under the repository, which a fresh clone (CI's) installs
// byte for byte through package-lock.json's integrity. A git URL does not work: npm builds a git
// dependency only through a `prepare` script, which the package has not (scripts/dist.ts says why).
// Specs are classified by hand: npm's own parser (npm-package-arg) is not a dependency, and only
// these five shapes matter here.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type Spec =
  | { readonly kind: "tarball"; readonly path: string }
  | { readonly kind: "folder"; readonly path: string }
  | { readonly kind: "git" }
  | { readonly kind: "url" }
  | { readonly kind: "registry"; readonly name: string };

const tarballName = /\.(tgz|tar\.gz|tar)$/i;
const gitPrefix = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/;
// npm's shorthand for a GitHub repository: owner/repo, optionally #ref
const githubShorthand = /^[\w.-]+\/[\w.-]+(#\S*)?$/;

const pathSpec = (path: string, dir: string): Spec => {
  const absolute = path.startsWith("~/") ? join(homedir(), path.slice(2)) : resolve(dir, path);
  return tarballName.test(path) ? { kind: "tarball", path: absolute } : { kind: "folder", path: absolute };
};

/** What npm installs for `connectorkit: spec` in the package.json of the folder `dir`. */
export function classifySpec(spec: string, dir: string): Spec {
  const text = spec.trim();
  if (text.startsWith("file://")) return pathSpec(fileURLToPath(text), dir);
  if (text.startsWith("link:")) return { kind: "folder", path: resolve(dir, text.slice(5)) };
  if (text.startsWith("file:")) return pathSpec(text.slice(5), dir);
  if (/^(\.\.?\/|~\/)/.test(text) || isAbsolute(text)) return pathSpec(text, dir);
  if (gitPrefix.test(text) || /^https?:\/\/\S+\.git(#\S*)?$/.test(text)) return { kind: "git" };
  if (/^https?:\/\//.test(text)) return { kind: "url" };
  if (githubShorthand.test(text)) return { kind: "git" };
  // npm:other@range installs another registry name under this one
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)/.exec(text);
  return { kind: "registry", name: alias?.[1] ?? "connectorkit" };
}

/** The spec a package.json gives connectorkit (dependencies or devDependencies), if any. */
export function specIn(manifestPath: string): string | undefined {
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
    for (const key of ["dependencies", "devDependencies", "optionalDependencies"]) {
      const spec = (manifest[key] as Record<string, unknown> | undefined)?.connectorkit;
      if (typeof spec === "string") return spec;
    }
  } catch {
    // an unreadable package.json lists nothing; npm reports it itself
  }
  return undefined;
}

/** connectorkit's own folder: this file is scripts/cli/ in a checkout, dist/scripts/cli/ when compiled. */
export const packageRoot = (): string =>
  fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "../../" : "../../../", import.meta.url));

/** Where this copy came from: a checkout (its sources beside it), a tarball, or unknown (a global install). */
export type Origin =
  | { readonly kind: "checkout"; readonly dir: string }
  | { readonly kind: "tarball"; readonly path: string }
  | { readonly kind: "unknown" };

/**
 * The origin of the copy at `root`. An installed copy sits in `<owner>/node_modules/connectorkit`,
 * and the owner's package.json names the tarball it came from (a project's, or npx's cache folder's
 * for `npx --package ./connectorkit-0.1.0.tgz`); a global install keeps no such record.
 */
export function originOf(root: string): Origin {
  const real = realpathSync(root);
  if (existsSync(join(real, "scripts", "dist.ts"))) return { kind: "checkout", dir: real };
  if (basename(dirname(real)) !== "node_modules") return { kind: "unknown" };
  const owner = dirname(dirname(real));
  const spec = specIn(join(owner, "package.json"));
  const source = spec === undefined ? undefined : classifySpec(spec, owner);
  return source?.kind === "tarball" && existsSync(source.path)
    ? { kind: "tarball", path: source.path }
    : { kind: "unknown" };
}

/** The origin of the copy that is running. */
export const thisCopy = (): Origin => originOf(packageRoot());
