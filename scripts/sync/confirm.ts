// The gate before any write. The embedded emulator is local state and needs no confirmation.
// Elsewhere: --yes, or a prompt on a terminal (default no); without a terminal and without
// --yes, refuse. A production environment is never written to without --yes or its name typed.
import type { Target } from "./target.ts";

export interface Prompter {
  confirm(message: string): Promise<boolean>;
  /** Undefined when the user cancels. */
  text(message: string, placeholder: string): Promise<string | undefined>;
  /** A hidden answer (credentials for `verify`); undefined when the user cancels. */
  secret?(message: string): Promise<string | undefined>;
}

// @clack/prompts is loaded on first use: most runs never prompt
export const clackPrompter: Prompter = {
  async confirm(message) {
    const { confirm, isCancel } = await import("@clack/prompts");
    const answer = await confirm({ message, initialValue: false });
    return !isCancel(answer) && answer === true;
  },
  async text(message, placeholder) {
    const { text, isCancel } = await import("@clack/prompts");
    const answer = await text({ message, placeholder });
    return isCancel(answer) ? undefined : answer;
  },
  async secret(message) {
    const { password, isCancel } = await import("@clack/prompts");
    const answer = await password({ message });
    return isCancel(answer) ? undefined : answer;
  },
};

export type Decision = { readonly proceed: true } | { readonly proceed: false; readonly message: string };

export async function confirmWrites(options: {
  readonly target: Target;
  readonly what: string;
  readonly yes: boolean;
  readonly interactive: boolean;
  readonly prompt: Prompter;
}): Promise<Decision> {
  const { target, what, yes, interactive, prompt } = options;
  if (target.kind === "embedded" || yes) return { proceed: true };
  if (!interactive) {
    return {
      proceed: false,
      message: `Refusing to write to "${target.name}" without confirmation: stdin is not a terminal. Pass --yes to apply. Nothing was changed.`,
    };
  }
  if (target.production) {
    const typed = await prompt.text(
      `"${target.name}" is a production environment. Type its name to ${what}:`,
      target.name,
    );
    return typed?.trim() === target.name
      ? { proceed: true }
      : { proceed: false, message: `Aborted: "${target.name}" was not typed. Nothing was changed.` };
  }
  return (await prompt.confirm(`${what[0]?.toUpperCase()}${what.slice(1)} on "${target.name}"?`))
    ? { proceed: true }
    : { proceed: false, message: "Aborted. Nothing was changed." };
}
