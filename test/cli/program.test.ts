// The connectorkit command in-process: every sync subcommand is one of its commands, and each
// command's --help ends with examples and exit codes (as `connectorkit …` and as the script a
// checkout runs). init has its own file, init.test.ts.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { connectorkitProgram, runConnectorkit } from "../../scripts/cli/program.ts";
import { syncProgram } from "../../scripts/sync/cli.ts";
import type { SyncIO } from "../../scripts/sync/io.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { refusePrompts, repoRoot } from "../sync/helpers.ts";
import { commands } from "./commands.ts";

function io(cwd = repoRoot): SyncIO & { stdout: Collector; stderr: Collector } {
  return {
    stdout: new Collector(),
    stderr: new Collector(),
    cwd,
    env: {},
    interactive: false,
    prompt: refusePrompts,
  };
}

async function connectorkit(argv: string[], cwd?: string) {
  const streams = io(cwd);
  const code = await runConnectorkit(argv, streams);
  return { code, stdout: streams.stdout.text, stderr: streams.stderr.text };
}

describe("connectorkit's commands", () => {
  it("include every sync subcommand, with the flags sync defines", () => {
    const { program } = connectorkitProgram(io());
    const sync = syncProgram(io()).program;
    expect(sync.commands.length).toBeGreaterThanOrEqual(4);
    for (const command of sync.commands) {
      const adopted = program.commands.find((candidate) => candidate.name() === command.name());
      expect(adopted?.options.map((option) => option.flags)).toEqual(
        command.options.map((option) => option.flags),
      );
    }
  });

  // every command the program has, so one added without examples fails here
  const names = connectorkitProgram(io())
    .program.commands.map((command) => command.name())
    .filter((name) => name !== "help");

  it("has at least the documented commands", () => {
    expect(names).toEqual(expect.arrayContaining([...commands]));
  });

  it.each(names)(
    "%s --help shows examples as connectorkit runs them, and the exit codes",
    async (command) => {
      const result = await connectorkit([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: connectorkit ${command} `);
      expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n  # .+\\n  \\$ connectorkit ${command}\\b`));
      expect(result.stdout).toMatch(/\nExit codes:\n {2}0 +\S.*\n {2}1 +\S/);
    },
  );

  it("the scripts' --help shows the same examples as the script is run", async () => {
    const tsx = join(repoRoot, "node_modules/.bin/tsx");
    const { stdout: build } = await promisify(execFile)(tsx, ["scripts/build.ts", "--help"], {
      cwd: repoRoot,
    });
    expect(build).toContain("$ npx tsx scripts/build.ts --json");
    const sync = io();
    const { runSync } = await import("../../scripts/sync/cli.ts");
    expect(await runSync(["plan", "--help"], sync)).toBe(0);
    expect(sync.stdout.text).toContain("$ npx tsx scripts/sync.ts plan --env prod --exit-code");
    expect(sync.stdout.text).toContain("2  --exit-code: changes are pending");
  });

  it("an unknown command or flag exits 1 with help; an emulator flag value exits 2", async () => {
    const unknown = await connectorkit(["deploy"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'deploy'");
    expect((await connectorkit(["plan", "--bogus"])).code).toBe(1);
    const port = await connectorkit(["emulator", "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("expected a whole number from 0 to 65535");
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(await connectorkit(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
