// The name a custom connector's app connection is assumed to have when none is given. Scalekit
// generates a connection's key_id (scalekit-api.md §4.2) and shows it in the dashboard; the only
// public trace of the form is custom tool names such as `c-custompylonmcp_get_me` for "Custom
// Pylon MCP" (§4.2). GUESS: the key_id is display_name lowercased without spaces. The emulator
// names its app connections this way (scripts/emulator/behaviour.ts) and `sync verify` assumes it
// unless --connection names the connection.
export const defaultConnectionName = (displayName: string): string =>
  displayName.toLowerCase().replace(/\s+/g, "");
