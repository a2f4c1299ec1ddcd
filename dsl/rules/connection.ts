// The rules for an app connection's name (its key_id, the `connection_name` every connected
// account, proxy and tool call uses). Scalekit's Dashboard asks for it ("Enter a Connection name")
// or generates one (`github-connect`, `salesforce-ubB7gpKc`: scalekit-api.md §10.1); the exact
// character set is not published. GUESS, the stricter reading of the public examples: letters,
// digits, `-` and `_`, starting with a letter or digit, at most 64 characters. The DSL refuses
// other names and the emulator enforces the same rule, so a name passing here is one both accept.

export const connectionNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Why `name` cannot be a connection name, or undefined. */
export function connectionNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a connection name cannot be empty";
  if (name.length > 64) return `the connection name is ${name.length} characters; the limit is 64`;
  if (!connectionNamePattern.test(name))
    return `connection name ${JSON.stringify(name)} may contain only letters, digits, - and _, and must start with a letter or digit`;
  return undefined;
}
