import { type Issue, isObject } from "./rules/issue.ts";
import { checkConnectorRules } from "./rules/pattern.ts";
import { checkServerRules } from "./rules/server.ts";

export type { Issue };

/**
 * Checks a payload against every rule Scalekit's server enforces and every rule the builder's
 * types enforce. Returns all problems at once (empty when the payload is valid).
 * @example validate({ display_name: "My-API", auth_patterns: [], proxy_url: "http://x" })
 * // → [{ path: "display_name", message: "display_name \"My-API\" may contain only letters, digits and spaces", fix: "use \"My API\"" }, …]
 */
export function validate(payload: unknown): Issue[] {
  const issues: Issue[] = checkServerRules(payload);
  // concat, not push(...): a spread passes every issue as an argument, past the stack's limit
  // on a payload with tens of thousands of bad fields
  return isObject(payload) ? issues.concat(checkConnectorRules(payload)) : issues;
}

/** Prints issues one per line, with where and how to fix each. */
export function formatIssues(issues: readonly Issue[], source?: string): string {
  return issues
    .map((issue) => {
      const where = [source, issue.path].filter(Boolean).join(": ");
      return `✖ ${where ? `${where}: ` : ""}${issue.message}\n  → ${issue.fix}`;
    })
    .join("\n");
}

/** Thrown by `build()` with every problem of a connector. */
export class ValidationError extends Error {
  override name = "ValidationError";
  constructor(
    readonly issues: readonly Issue[],
    readonly source?: string,
  ) {
    super(`invalid connector${source ? ` ${source}` : ""}:\n${formatIssues(issues)}`);
  }
}
