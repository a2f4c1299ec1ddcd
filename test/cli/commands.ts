// The commands the connectorkit program documents, for the tests that check each of them.
export const commands = [
  "init",
  "build",
  "generate",
  "plan",
  "apply",
  "pull",
  "promote",
  "verify",
  "emulator",
  "completion",
] as const;
