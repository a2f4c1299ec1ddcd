// The examples and exit codes each command's --help ends with. Examples are written once and shown
// as the user invoked the program: `connectorkit plan` when installed, `npx tsx scripts/sync.ts plan`
// in a checkout (a program is named for its script there).
import type { Command } from "commander";

interface CommandHelp {
  /** [arguments after the command, what it does] */
  readonly examples: readonly (readonly [string, string])[];
  /** [code, meaning] */
  readonly exitCodes: readonly (readonly [number, string])[];
}

const failed = (what: string) => [1, `${what}, or a flag is wrong`] as const;

const help: Readonly<Record<string, CommandHelp>> = {
  connectorkit: {
    examples: [
      ["init", "the config, an example connector and the CI workflow, here"],
      ["build", "validate connectors/ and write their payloads"],
      ["plan", "what apply would change (no environment: a local emulator)"],
      ["apply --env prod", "make prod match connectors/"],
      ["generate acme.yaml --out connectors", "a starter connector from an OpenAPI file"],
      ["plan --help", "a command's flags, examples and exit codes"],
    ],
    exitCodes: [
      [0, "done"],
      [1, "failed or refused (the message says why and how to fix it)"],
      [2, "plan --exit-code: changes are pending; emulator: a flag value is wrong"],
    ],
  },
  init: {
    examples: [
      ["init", "write the starter files here; files that exist are left alone"],
      ["init --dir services/billing", "in another folder of the repository"],
    ],
    exitCodes: [
      [0, "every file written, or left alone because it exists"],
      [1, "a file could not be written, or --dir names a folder whose parent is missing"],
    ],
  },
  build: {
    examples: [
      ["build", "validate the definitions (the config's, else connectors/) and write build/<slug>.json"],
      ["build connectors/acme.ts --out out/", "one file, another output folder"],
      ["build --json", "the payloads and errors as JSON on stdout; writes nothing"],
    ],
    exitCodes: [
      [0, "every definition is valid (and its payload was written)"],
      failed("a definition has an error (nothing is written)"),
    ],
  },
  generate: {
    examples: [
      ["generate specs/acme.yaml --out connectors", "a starter connector from an OpenAPI/Swagger file"],
      ["generate https://api.acme.io/openapi.json --name Acme", "from a URL, with its display_name"],
      ["generate --mcp https://mcp.acme.io/mcp", "from a live MCP server"],
      ["generate specs/*.yaml --json > report.json", "many at once, with a machine-readable report"],
    ],
    exitCodes: [
      [0, "every source was written or is up to date"],
      failed("a source could not be read, parsed or rendered, or its file was edited (use --force)"),
    ],
  },
  plan: {
    examples: [
      ["plan", "what apply would change; never writes"],
      ["plan --env prod --exit-code", "in CI: exit 2 when the environment differs from the code"],
      ["plan --json", "the plan and the exact bodies apply would send"],
      ["plan --prune", "include deleting managed connectors that are no longer defined"],
    ],
    exitCodes: [
      [0, "the plan was shown (with --exit-code: nothing to change)"],
      failed("a definition has an error, or the target cannot be read"),
      [2, "--exit-code: changes are pending"],
    ],
  },
  apply: {
    examples: [
      ["apply", "plan, then write (the embedded emulator never asks)"],
      ["apply --env dev", "asks yes/no on a terminal"],
      ["apply --env prod --yes", "without a prompt, as CI runs it"],
      ["apply --prune --adopt", "also delete what is no longer defined, and take over same-named connectors"],
    ],
    exitCodes: [
      [0, "the target matches the definitions"],
      failed("a write failed, a definition has an error, or apply was refused (no --yes without a terminal)"),
      [130, "interrupted by Ctrl-C after the writes in flight finished (143: SIGTERM, 129: SIGHUP)"],
    ],
  },
  pull: {
    examples: [
      ["pull", "remote connectors not yet in code → connectors/<slug>.ts"],
      ["pull --env prod --out connectors/imported", "from an environment, into another folder"],
    ],
    exitCodes: [
      [0, "every missing connector was written (or none was missing)"],
      failed("a connector cannot be expressed in the DSL, a file exists, or the target cannot be read"),
    ],
  },
  promote: {
    examples: [
      ["promote --from dev --to prod --dry-run", "the plan for prod from what sync manages in dev"],
      ["promote --from dev --to prod --yes", "make prod match dev without a prompt"],
    ],
    exitCodes: [
      [0, "the destination matches the source"],
      failed("a write failed, an environment cannot be read, or promote was refused"),
    ],
  },
  verify: {
    examples: [
      ["verify", "send each definition's .verify() request through Scalekit's tool proxy"],
      ['verify "My Tracker" --request "GET /me"', "one connector, with a request of your choosing"],
      ['verify "My CRM" --identifier acct_123', "an OAuth connector, through an account you authorized"],
      ["verify --env prod --json", "the results as JSON"],
    ],
    exitCodes: [
      [0, "every checked connector accepted its credential"],
      failed("a connector was refused, not found or unreachable, or could not be checked"),
      [130, "interrupted by Ctrl-C (143: SIGTERM, 129: SIGHUP); the temporary account is deleted first"],
    ],
  },
  emulator: {
    examples: [
      ["emulator", "a Scalekit-compatible API on http://127.0.0.1:8787 (state in memory)"],
      ["emulator --port 0 --state .connectorkit/emulator.json", "a free port, state kept in a file"],
      ["emulator --faults 5xx=0.1,429=0.05 --seed 7", "with seeded failures, to test retries"],
    ],
    exitCodes: [
      [0, "stopped by Ctrl-C or SIGTERM"],
      [1, "could not start (the port is taken, the state file is unreadable)"],
      [2, "a flag value is wrong"],
    ],
  },
  completion: {
    examples: [
      [
        "completion bash > ~/.local/share/bash-completion/completions/connectorkit",
        "bash (with bash-completion; or eval it in ~/.bashrc)",
      ],
      ["completion zsh > ~/.zfunc/_connectorkit", "zsh, with fpath+=(~/.zfunc) before compinit in ~/.zshrc"],
    ],
    exitCodes: [
      [0, "the script was printed"],
      [1, "the shell is not bash or zsh"],
    ],
  },
};

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** The text after the options: examples, then exit codes. */
export function helpText(command: Command): string {
  const entry = help[command.name()];
  if (!entry) return "";
  let root = command;
  while (root.parent) root = root.parent;
  const installed = root.name() === "connectorkit";
  const program = installed ? "connectorkit" : `npx tsx scripts/${root.name()}.ts`;
  // a script that is the command itself (scripts/build.ts) takes the arguments without its name
  const standalone = !installed && root === command;
  const line = (args: string) => `$ ${program} ${standalone ? args.replace(/^\S+\s*/, "") : args}`.trimEnd();
  // as gh prints them: what it does, then the command, which stays whole however long it is
  const examples = entry.examples.map(([args, what]) => `  # ${what}\n  ${line(args)}`).join("\n");
  const codes = table(entry.exitCodes.map(([code, meaning]) => [String(code), meaning]));
  return `\nExamples:\n${examples}\n\nExit codes:\n${codes}\n`;
}

/** Ends `command`'s --help with its examples and exit codes. */
export function addHelp(command: Command): Command {
  return command.addHelpText("after", ({ command: shown }) => helpText(shown));
}
