// The one error MCP discovery throws: a machine-readable code, what happened, and the fix.

/** Why discovery stopped. */
export type McpDiscoveryCode =
  | "INVALID_URL"
  | "INSECURE_URL"
  | "PROXY_URL_REQUIRED"
  | "INVALID_PROXY_URL"
  | "INVALID_NAME"
  | "TIMEOUT"
  | "TLS"
  | "UNREACHABLE"
  | "ADDRESS_REFUSED"
  | "REDIRECT_REFUSED"
  | "TOO_MANY_REDIRECTS"
  | "RESPONSE_TOO_LARGE"
  | "BUDGET_EXCEEDED"
  | "NOT_MCP"
  | "METADATA_UNAVAILABLE"
  | "MALFORMED_METADATA"
  | "METADATA_MISMATCH"
  | "UNKNOWN_AUTH"
  | "STATEFUL_SERVER"
  | "INVALID_CONNECTOR";

/**
 * Discovery could not produce a connector. `message` reads "what happened" then "→ the fix".
 * @example new McpDiscoveryError("TIMEOUT", "no answer from https://h/mcp within 10000 ms", "check that the server is running")
 */
export class McpDiscoveryError extends Error {
  override name = "McpDiscoveryError";

  constructor(
    readonly code: McpDiscoveryCode,
    readonly what: string,
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(`${what}\n  → ${fix}`, options);
  }
}
