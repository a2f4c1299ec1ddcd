// `connectorkit completion bash|zsh`: a completion script built from the program's own commands
// and options, so a command or flag added to the program (sync's verify included) completes too.
// Hand-written because the scripts are small and commander has no generator of its own.
import { Command } from "commander";
import type { SyncIO } from "../sync/io.ts";
import { addHelp } from "./help.ts";

export const shells = ["bash", "zsh"] as const;

interface Described {
  readonly name: string;
  readonly description: string;
}
interface CommandSpec extends Described {
  readonly options: readonly (Described & { readonly takesValue: boolean })[];
}

function specsOf(program: Command): CommandSpec[] {
  return program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    options: [
      ...command.options.flatMap((option) =>
        [option.short, option.long]
          .filter((flag): flag is string => flag !== undefined)
          .map((flag) => ({
            name: flag,
            description: option.description,
            takesValue: option.required || option.optional,
          })),
      ),
      { name: "--help", description: "show the command's help", takesValue: false },
    ],
  }));
}

function bash(name: string, commands: readonly CommandSpec[]): string {
  const cases = commands
    .map(({ name: command, options }) => `    ${command}) flags="${options.map((o) => o.name).join(" ")}" ;;`)
    .join("\n");
  return `# ${name} completion for bash. Load it in ~/.bashrc:  eval "$(${name} completion bash)"
_${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(" ")} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [ "\${COMP_WORDS[1]}" = completion ] && [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=($(compgen -W "${shells.join(" ")}" -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=()  # paths and values: bash's default completion
  fi
}
complete -o default -F _${name} ${name}
`;
}

/** Text safe inside a zsh single-quoted _arguments/_describe spec. */
const zshText = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .replace(/[[\]:\\]/g, (c) => `\\${c}`)
    .replace(/'/g, "'\\''");

function zsh(name: string, commands: readonly CommandSpec[]): string {
  const described = commands.map((c) => `    '${zshText(c.name)}:${zshText(c.description)}'`).join("\n");
  const cases = commands
    .map(({ name: command, options }) => {
      const specs = options.map(
        (o) => `'${o.name}[${zshText(o.description)}]${o.takesValue ? ":value:_files" : ""}'`,
      );
      const rest = command === "completion" ? `'1:shell:(${shells.join(" ")})'` : "'*:file:_files'";
      return `    ${command}) _arguments ${[...specs, rest].join(" ")} ;;`;
    })
    .join("\n");
  return `#compdef ${name}
# ${name} completion for zsh. Save it as _${name} in a folder of $fpath, or in ~/.zshrc:
#   eval "$(${name} completion zsh)"
_${name}() {
  local -a commands
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands '${name} command' commands
    return
  fi
  local command="$words[2]"
  shift words
  (( CURRENT-- ))
  case "$command" in
${cases}
  esac
}
if [ "$funcstack[1]" = "_${name}" ]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

/** The completion script of `program` for `shell`, or undefined for a shell it does not know. */
export function completionScript(program: Command, shell: string): string | undefined {
  const commands = specsOf(program);
  if (shell === "bash") return bash(program.name(), commands);
  if (shell === "zsh") return zsh(program.name(), commands);
  return undefined;
}

/** `completion <shell>` for `program` (read when it runs, so it sees every command added). */
export function completionCommand(
  program: Command,
  io: Pick<SyncIO, "stdout" | "stderr">,
  done: (code: number) => void,
): Command {
  const command = new Command("completion")
    .description("print a completion script for bash or zsh")
    .argument("<shell>", shells.join(" or "))
    .action((shell: string) => {
      const script = completionScript(program, shell);
      if (script === undefined) {
        io.stderr.write(`✖ no completion for "${shell}"\n  → use one of: ${shells.join(", ")}\n`);
        done(1);
        return;
      }
      io.stdout.write(script);
      done(0);
    });
  return addHelp(command);
}
