// What a dependency spec installs, and where a copy of connectorkit was installed from, over real
// folder layouts (a checkout, a project's node_modules, npx's cache, a global install, a linked
// folder); and that nothing the project ships advises installing connectorkit from the registry.
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { classifySpec, originOf } from "../../scripts/cli/install-source.ts";
import { runConnectorkit } from "../../scripts/cli/program.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { type Project, project, refusePrompts, repoRoot } from "../sync/helpers.ts";
import { commands } from "./commands.ts";
import { registryInstall } from "./registry-install.ts";

let work: Project | undefined;
afterEach(() => work?.remove());

const installed = { name: "connectorkit", version: "0.1.0" };
const manifest = (spec: string) => JSON.stringify({ name: "owner", devDependencies: { connectorkit: spec } });

describe("classifySpec", () => {
  it.each([
    ["file:vendor/connectorkit-0.1.0.tgz", { kind: "tarball", path: "/app/vendor/connectorkit-0.1.0.tgz" }],
    [
      "./vendor/connectorkit-0.1.0.tar.gz",
      { kind: "tarball", path: "/app/vendor/connectorkit-0.1.0.tar.gz" },
    ],
    ["file:///srv/connectorkit-0.1.0.tgz", { kind: "tarball", path: "/srv/connectorkit-0.1.0.tgz" }],
    ["/srv/connectorkit-0.1.0.tgz", { kind: "tarball", path: "/srv/connectorkit-0.1.0.tgz" }],
    ["~/dl/connectorkit-0.1.0.tgz", { kind: "tarball", path: join(homedir(), "dl/connectorkit-0.1.0.tgz") }],
    ["file:../connectorkit", { kind: "folder", path: "/connectorkit" }],
    ["link:../connectorkit", { kind: "folder", path: "/connectorkit" }],
    ["github:acme/connectorkit", { kind: "git" }],
    ["acme/connectorkit", { kind: "git" }],
    ["git+ssh://git@github.com/acme/connectorkit.git#v1", { kind: "git" }],
    ["https://github.com/acme/connectorkit.git", { kind: "git" }],
    ["https://files.example.com/connectorkit-0.1.0.tgz", { kind: "url" }],
    ["^0.1.0", { kind: "registry", name: "connectorkit" }],
    ["latest", { kind: "registry", name: "connectorkit" }],
    ["npm:@acme/connectorkit@^1", { kind: "registry", name: "@acme/connectorkit" }],
  ])("%s in /app/package.json", (spec, expected) => {
    expect(classifySpec(spec, "/app")).toEqual(expected);
  });
});

describe("originOf", () => {
  it("a checkout: this one", () => {
    expect(originOf(repoRoot)).toEqual({ kind: "checkout", dir: realpathSync(repoRoot) });
  });

  it("a project's install from its tarball, and npx's, whose cache folder names the tarball", () => {
    work = project({
      "app/package.json": manifest("file:vendor/connectorkit-0.1.0.tgz"),
      "app/vendor/connectorkit-0.1.0.tgz": "a tarball",
      "app/node_modules/connectorkit/package.json": JSON.stringify(installed),
      "cache/_npx/4f2a/package.json": manifest("file:../../../connectorkit-0.1.0.tgz"),
      "cache/_npx/4f2a/node_modules/connectorkit/package.json": JSON.stringify(installed),
      "connectorkit-0.1.0.tgz": "a tarball",
    });
    const dir = realpathSync(work.dir);
    expect(originOf(join(dir, "app/node_modules/connectorkit"))).toEqual({
      kind: "tarball",
      path: join(dir, "app/vendor/connectorkit-0.1.0.tgz"),
    });
    expect(originOf(join(dir, "cache/_npx/4f2a/node_modules/connectorkit"))).toEqual({
      kind: "tarball",
      path: join(dir, "connectorkit-0.1.0.tgz"),
    });
  });

  it("a folder install links the checkout, which is what it comes from", () => {
    work = project({ "app/package.json": manifest("file:../checkout"), "checkout/scripts/dist.ts": "" });
    mkdirSync(join(work.dir, "app/node_modules"));
    symlinkSync(join(work.dir, "checkout"), join(work.dir, "app/node_modules/connectorkit"), "dir");
    expect(originOf(join(work.dir, "app/node_modules/connectorkit"))).toEqual({
      kind: "checkout",
      dir: realpathSync(join(work.dir, "checkout")),
    });
  });

  it("unknown: a global install, and a tarball the owner no longer has", () => {
    work = project({
      "lib/node_modules/connectorkit/package.json": JSON.stringify(installed),
      "app/package.json": manifest("file:gone/connectorkit-0.1.0.tgz"),
      "app/node_modules/connectorkit/package.json": JSON.stringify(installed),
    });
    expect(originOf(join(work.dir, "lib/node_modules/connectorkit"))).toEqual({ kind: "unknown" });
    expect(originOf(join(work.dir, "app/node_modules/connectorkit"))).toEqual({ kind: "unknown" });
  });
});

describe("install advice", () => {
  it("no shipped file and no --help says to install connectorkit from the registry", async () => {
    const shipped = ["README.md", "docs", "templates", "scripts"].flatMap((path) =>
      path.endsWith(".md")
        ? [path]
        : readdirSync(join(repoRoot, path), { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => join(entry.parentPath, entry.name).slice(repoRoot.length)),
    );
    expect(shipped.length).toBeGreaterThan(50);
    const offending = shipped.filter((path) =>
      registryInstall.test(readFileSync(join(repoRoot, path), "utf8")),
    );
    expect(offending).toEqual([]);
    for (const command of commands) {
      const stdout = new Collector();
      const io = { stdout, stderr: new Collector(), cwd: repoRoot, env: {}, interactive: false };
      await runConnectorkit([command, "--help"], { ...io, prompt: refusePrompts });
      expect(stdout.text).toContain("Usage: connectorkit");
      expect(stdout.text).not.toMatch(registryInstall);
    }
  });
});
