/**
 * Header parameters (OpenAPI 3.x §4.8.12, `in: header`) that every operation, or nearly every one,
 * requires: an API version (`Notion-Version`, `revision`) or an account (`xero-tenant-id`). Scalekit
 * sends no fixed headers (shared/reference/scalekit-api.md §3.2: only fields with `header_name`), so
 * each becomes a field sent as that header, hinted from its description and the value the document
 * gives, and warned: each connection must fill it in. Credential headers are the auth's to read.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import type { Context } from "../context.ts";
import { credentialHeader, standardHeader } from "./auth-evidence.ts";
import type { AuthPlan, HeaderFieldPlan } from "./auth-plan.ts";
import { atPlaceholder } from "./key-prefix.ts";
import type { HeaderUse, OperationScan } from "./operations.ts";

// "nearly every": a document may leave the header off a health check or the token endpoint
const share = 0.9;

/** The first sentence of a description, as a hint: "API endpoint revision (format: YYYY-MM-DD)". */
const firstSentence = (text: string): string =>
  (
    text
      .replace(/\s+/g, " ")
      .trim()
      .split(/(?<=[.!?])\s/)[0] ?? ""
  )
    .replace(/\.$/, "")
    .slice(0, 160);

/** A value worth showing as an example: not a stand-in such as "YOUR_TENANT_ID". */
const shown = (use: HeaderUse): string | undefined =>
  use.example !== undefined && use.example !== "" && !atPlaceholder(use.example) ? use.example : undefined;

function fieldOf(use: HeaderUse): HeaderFieldPlan {
  const about = firstSentence(use.description);
  const example = shown(use);
  const hint = [about || `Sent as the ${use.name} header`, example && `e.g. ${example}`]
    .filter(Boolean)
    .join("; ");
  return {
    header: use.name,
    secret: false,
    pointer: use.pointer,
    hint,
    ...(use.values.length > 1 && { options: use.values }),
  };
}

/** The auth plan with a header field for each header (nearly) every operation requires. */
export function withRequiredHeaders(auth: AuthPlan, scan: OperationScan, ctx: Context): AuthPlan {
  if (scan.operations === 0) return auth;
  const sent = new Set(auth.headers.map((header) => header.header.toLowerCase()));
  sent.add(
    auth.kind.type === "API_KEY" ? (auth.kind.header ?? "authorization").toLowerCase() : "authorization",
  );
  const required = [...scan.headers.values()].filter(
    (use) =>
      use.required >= Math.max(1, share * scan.operations) &&
      !sent.has(use.name.toLowerCase()) &&
      !standardHeader.test(use.name) &&
      !credentialHeader.test(use.name),
  );
  if (required.length === 0) return auth;
  const fields = required.map(fieldOf);
  for (const use of required) {
    const example = shown(use);
    ctx.warn(
      "field-fixed-header",
      `${use.required} of ${scan.operations} operations require the ${use.name} header; Scalekit sends no fixed headers, so each connection fills in a field sent as ${use.name}${example ? ` (the document gives ${example})` : ""}`,
      use.pointer,
    );
  }
  return { ...auth, headers: [...auth.headers, ...fields] };
}
