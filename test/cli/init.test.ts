// `connectorkit init` in-process, over real folders: it never overwrites a file, refuses a --dir
// whose parent is missing, and checks that the project installs connectorkit in a way a fresh
// clone repeats (a tarball under the repository), with the commands that fix it when not. Its
// advice never installs `connectorkit` from the registry, where the name is not this project's.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runConnectorkit } from "../../scripts/cli/program.ts";
import type { SyncIO } from "../../scripts/sync/io.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { type Project, project, refusePrompts, repoRoot } from "../sync/helpers.ts";
import { registryInstall } from "./registry-install.ts";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const tarball = `connectorkit-${version}.tgz`;

let work: Project | undefined;
afterEach(() => work?.remove());

async function init(argv: string[], cwd: string) {
  const io: SyncIO & { stdout: Collector; stderr: Collector } = {
    stdout: new Collector(),
    stderr: new Collector(),
    cwd,
    env: {},
    interactive: false,
    prompt: refusePrompts,
  };
  const code = await runConnectorkit(["init", ...argv], io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** A project whose package.json gives connectorkit `spec`, with a lockfile. */
function withSpec(spec: string, files: Record<string, string> = {}): Project {
  return project({
    "package.json": `${JSON.stringify({ name: "app", devDependencies: { connectorkit: spec } })}\n`,
    "package-lock.json": "{}\n",
    ...files,
  });
}

const gitAvailable = (() => {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("connectorkit init", () => {
  it("in an empty folder writes every file, and says how to install this checkout from a tarball", async () => {
    work = project();
    const result = await init([], work.dir);
    expect(result.code).toBe(0);
    for (const file of [
      "connectorkit.config.ts",
      "connectors/example.ts",
      ".github/workflows/connectorkit.yml",
    ]) {
      expect(existsSync(join(work.dir, file))).toBe(true);
    }
    expect(readFileSync(join(work.dir, ".gitignore"), "utf8")).toBe(
      "# connectorkit: local emulator state and credentials\n.connectorkit/\n.env\n",
    );
    expect(result.stdout).toContain("! there is no package.json in . or above: run npm init -y there");
    // the copy running is this checkout: pack it into the project's vendor/ and install that
    expect(result.stdout).toContain(
      `mkdir -p vendor && (cd ${realpathSync(repoRoot)} && npm pack --pack-destination ${join(work.dir, "vendor")}) && npm install --save-dev ./vendor/${tarball}`,
    );
    expect(result.stdout).toContain(`then commit vendor/${tarball}, package.json and package-lock.json.`);
    expect(result.stdout).toContain("npx --no connectorkit build");
    expect(result.stdout).not.toMatch(registryInstall);
  });

  it("in a project that keeps the tarball, keeps every file it finds and says the install is right", async () => {
    work = withSpec(`file:vendor/${tarball}`, {
      [`vendor/${tarball}`]: "a tarball\n",
      "connectorkit.config.ts": "// ours\n",
      ".gitignore": "node_modules\n.connectorkit",
    });
    const result = await init(["--dir", "."], work.dir);
    expect(result.code).toBe(0);
    expect(readFileSync(join(work.dir, "connectorkit.config.ts"), "utf8")).toBe("// ours\n");
    expect(result.stdout).toContain("skipped connectorkit.config.ts: it exists, left as it is");
    expect(result.stdout).toContain("wrote connectors/example.ts");
    // a last line without a newline is completed, not joined
    expect(readFileSync(join(work.dir, ".gitignore"), "utf8")).toBe(
      "node_modules\n.connectorkit\n# connectorkit: local emulator state and credentials\n.env\n",
    );
    expect(result.stdout).toContain(
      `· connectorkit installs from vendor/${tarball}, in the repository: commit it with package-lock.json`,
    );
    expect(result.stdout).not.toMatch(/^!/m);
  });

  it.each([
    ["^0.1.0", "the npm registry: this connectorkit is not published there"],
    ["latest", "the npm registry"],
    [
      "npm:connectorkit@0.1.0",
      "the npm registry: this connectorkit is not published there, so that installs whatever someone publishes as connectorkit",
    ],
    ["github:acme/connectorkit", "a git repository: npm builds a git dependency only with a prepare script"],
    ["acme/connectorkit#v0.1.0", "a git repository"],
    ["git+https://github.com/acme/connectorkit.git", "a git repository"],
    ["file:../connectorkit", "a folder: npm links a folder as it is, unbuilt"],
    ["../connectorkit", "a folder"],
    ["link:vendor/connectorkit", "a folder"],
  ])(
    "a project installing connectorkit from %j is told why it fails on a fresh clone, and the fix",
    async (spec, why) => {
      work = withSpec(spec);
      const result = await init([], work.dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `! package.json installs connectorkit from ${JSON.stringify(spec)}, ${why}`,
      );
      expect(result.stdout).toContain(`npm install --save-dev ./vendor/${tarball}`);
      expect(result.stdout).not.toMatch(registryInstall);
    },
  );

  it("a tarball outside the repository is copied in by the advice", async () => {
    const elsewhere = project({ [tarball]: "a tarball\n" });
    try {
      work = withSpec(`file:${join(elsewhere.dir, tarball)}`);
      const result = await init([], work.dir);
      expect(result.stdout).toContain("outside the repository: CI's fresh clone has no");
      expect(result.stdout).toContain(
        `mkdir -p vendor && cp ${join(elsewhere.dir, tarball)} vendor/ && npm install --save-dev ./vendor/${tarball}`,
      );
    } finally {
      elsewhere.remove();
    }
  });

  it("a tarball that is missing, or that git ignores, is named with the reason", async (context) => {
    work = withSpec(`file:vendor/${tarball}`);
    expect((await init([], work.dir)).stdout).toContain(`but vendor/${tarball} does not exist`);
    context.skip(!gitAvailable, "git is not on PATH: the ignored-tarball case needs it");
    work.write(`vendor/${tarball}`, "a tarball\n");
    work.write(".gitignore", "*.tgz\n");
    execFileSync("git", ["init", "-q"], { cwd: work.dir });
    const result = await init([], work.dir);
    expect(result.stdout).toContain(
      `but git ignores vendor/${tarball} (.gitignore:1:*.tgz), so CI's fresh clone lacks it: commit it with git add -f vendor/${tarball}`,
    );
  });

  it("says the workflow's npm ci needs a package-lock.json when there is none", async () => {
    work = project({
      "package.json": `{ "devDependencies": { "connectorkit": "file:vendor/${tarball}" } }\n`,
      [`vendor/${tarball}`]: "a tarball\n",
    });
    expect((await init([], work.dir)).stdout).toContain(
      "! there is no package-lock.json beside package.json: the workflow's npm ci needs one",
    );
  });

  it("--dir creates a new folder whose parent exists, and says so", async () => {
    work = project({ "services/.keep": "" });
    const result = await init(["--dir", "services/billing"], work.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✔ created services/billing/\n");
    expect(result.stdout).toContain("wrote services/billing/connectors/example.ts");
    expect(existsSync(join(work.dir, "services/billing/connectorkit.config.ts"))).toBe(true);
  });

  it("--dir refuses a path whose parent is missing (a mistyped path), and a file, creating nothing", async () => {
    work = project({ "notes.txt": "" });
    const mistyped = await init(["--dir", "servces/billing"], work.dir);
    expect(mistyped).toMatchObject({ code: 1, stdout: "" });
    expect(mistyped.stderr).toBe(
      `✖ --dir servces/billing: there is no folder ${join(work.dir, "servces")}\n  → check the path, or create the folders first (mkdir -p servces/billing)\n`,
    );
    expect(existsSync(join(work.dir, "servces"))).toBe(false);
    const file = await init(["--dir", "notes.txt"], work.dir);
    expect(file).toMatchObject({
      code: 1,
      stderr: "✖ --dir notes.txt is a file\n  → pass the project's folder\n",
    });
    mkdirSync(join(work.dir, "empty"));
    // a folder that exists is used as it is
    expect((await init(["--dir", "empty"], work.dir)).stdout).not.toContain("created");
  });
});
