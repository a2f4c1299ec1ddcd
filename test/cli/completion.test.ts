// `connectorkit completion bash|zsh`: the bash script run by bash itself, completing commands,
// flags and shells; the zsh script's specs, escaped; both built from the program's own commands.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { completionScript } from "../../scripts/cli/completion.ts";
import { connectorkitProgram, runConnectorkit } from "../../scripts/cli/program.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { refusePrompts, repoRoot } from "../sync/helpers.ts";

const io = () => ({
  stdout: new Collector(),
  stderr: new Collector(),
  cwd: repoRoot,
  env: {},
  interactive: false,
  prompt: refusePrompts,
});
const script = (shell: string) => {
  const text = completionScript(connectorkitProgram(io()).program, shell);
  if (text === undefined) throw new Error(`no ${shell} script`);
  return text;
};

/** What bash's completion offers for the words typed so far (the last one being completed). */
async function complete(words: string[]): Promise<string[]> {
  const typed = words.map((word) => `'${word}'`).join(" ");
  const { stdout } = await promisify(execFile)("bash", [
    "-c",
    `${script("bash")}\nCOMP_WORDS=(${typed}); COMP_CWORD=${words.length - 1}; _connectorkit; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return stdout.split("\n").filter((line) => line !== "");
}

describe("bash completion", () => {
  it("completes the commands", async () => {
    expect(await complete(["connectorkit", "p"])).toEqual(["plan", "pull", "promote"]);
    expect(await complete(["connectorkit", "i"])).toEqual(["init"]);
  });

  it("completes each command's own flags", async () => {
    expect(await complete(["connectorkit", "plan", "--e"])).toEqual(["--env", "--exit-code"]);
    expect(await complete(["connectorkit", "apply", "--y"])).toEqual(["--yes"]);
    expect(await complete(["connectorkit", "build", "--"])).toEqual(["--out", "--json", "--help"]);
  });

  it("completes the shells of completion, and leaves paths to bash elsewhere", async () => {
    expect(await complete(["connectorkit", "completion", ""])).toEqual(["bash", "zsh"]);
    expect(await complete(["connectorkit", "build", "conn"])).toEqual([]);
  });
});

const zsh = spawnSync("zsh", ["--version"]).status === 0;

describe("zsh completion", () => {
  it.skipIf(!zsh)("is a script zsh loads and registers for connectorkit (skipped without zsh)", async () => {
    const { stdout } = await promisify(execFile)("zsh", [
      "-c",
      `autoload -U compinit && compinit -u -D\n${script("zsh")}\nprint -r -- "\${_comps[connectorkit]}"`,
    ]);
    expect(stdout).toBe("_connectorkit\n");
  });

  it("describes every command and flag, escaping zsh's spec characters", () => {
    const text = script("zsh");
    expect(text.startsWith("#compdef connectorkit\n")).toBe(true);
    expect(text).toContain("    'plan:show what apply would change'\n");
    expect(text).toContain("'--exit-code[exit 2 when changes are pending (for drift checks in CI)]'");
    expect(text).toContain(
      "'--env[an environment of connectorkit.config.ts (default\\: SCALEKIT_* variables, else the embedded emulator)]:value:_files'",
    );
    expect(text).toContain(
      "completion) _arguments '--help[show the command'\\''s help]' '1:shell:(bash zsh)' ;;",
    );
  });
});

describe("the completion command", () => {
  it("covers commands added to the program", () => {
    const { program } = connectorkitProgram(io());
    program.addCommand(new Command("lint").description("check it").option("--timeout <ms>", "wait"));
    const text = completionScript(program, "bash") ?? "";
    expect(text).toContain('lint) flags="--timeout --help" ;;');
  });

  it("prints the script, or names the shells it knows", async () => {
    const ok = io();
    expect(await runConnectorkit(["completion", "bash"], ok)).toBe(0);
    expect(ok.stdout.text).toBe(script("bash"));
    const fish = io();
    expect(await runConnectorkit(["completion", "fish"], fish)).toBe(1);
    expect(fish.stderr.text).toBe('✖ no completion for "fish"\n  → use one of: bash, zsh\n');
  });
});
