import type { Connector, FinishedCheck } from "./builders.ts";
import type { Payload } from "./payload.ts";
import { ValidationError, validate } from "./validate.ts";

/**
 * Validates a finished connector and returns its payload; throws ValidationError listing every problem.
 * @example build(connector("My API").bearer().proxy("https://api.example.com"))
 * // → { "display_name": "My API", "description": "", "auth_patterns": [{ "type": "BEARER", … }], "proxy_url": "https://api.example.com", "proxy_enabled": true }
 */
export function build<const C>(connector: C & FinishedCheck<C>): Payload {
  const payload = (connector as unknown as Connector).payload();
  const issues = validate(payload);
  if (issues.length > 0) throw new ValidationError(issues, `"${payload.display_name}"`);
  return payload;
}
