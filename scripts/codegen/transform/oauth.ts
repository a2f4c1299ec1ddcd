/**
 * OAuth Flow Objects (OpenAPI 3.x §4.8.29, Swagger 2.0 `flow`) → oauth_config: authorize and token
 * URLs made absolute against the chosen server, and the scopes the flow declares plus any that
 * operations require without declaring them.
 * @see https://spec.openapis.org/oas/v3.1.0#oauth-flow-object
 */
import { pointerTo } from "../pointer.ts";
import { absoluteUrl } from "./absolute-url.ts";
import type { AuthKind, PlanNote, ScopePlan } from "./auth-plan.ts";
import type { OperationScan } from "./operations.ts";
import type { Flow } from "./security-schemes.ts";

function endpoint(
  url: string,
  what: string,
  origin: string,
  base: string,
  pointer: string,
  notes: PlanNote[],
): string {
  let result = absoluteUrl(url, origin, base);
  if (result !== url) {
    // the document does not say where: the server is a guess at the OAuth host
    notes.push({
      code: "auth-relative-oauth-url",
      message: `the ${what} URL ${url} is relative; it became ${result}, resolved against the server — check it in the vendor's OAuth docs`,
      pointer,
    });
  }
  if (result.startsWith("http://")) {
    result = `https://${result.slice("http://".length)}`;
    notes.push({
      code: "auth-http-oauth-url",
      message: `the ${what} URL uses http; it became ${result}`,
      pointer,
    });
  }
  if (result.includes("{{")) {
    notes.push({
      code: "auth-templated-oauth-url",
      message: `the ${what} URL ${result} depends on each tenant's host; check that Scalekit fills it in, or set your tenant's URL`,
      pointer,
    });
  }
  return result;
}

/** A token URL for a flow that has none (implicit): the authorize URL's sibling "token". */
function guessTokenUrl(authorize: string): string {
  const path = authorize.split("?")[0] ?? authorize;
  return /\/(authori[sz]e|auth)\/?$/i.test(path)
    ? path.replace(/(authori[sz]e|auth)(\/?)$/i, "token$2")
    : `${path.replace(/\/+$/, "")}/token`;
}

export function oauthKind(
  schemeName: string,
  flow: Flow,
  scan: OperationScan,
  server: { readonly origin: string; readonly url: string },
  notes: PlanNote[],
): AuthKind & { readonly type: "OAUTH" } {
  const authorizePointer = pointerTo(flow.pointer, "authorizationUrl");
  const tokenPointer = pointerTo(flow.pointer, "tokenUrl");
  const authorizeUri = endpoint(
    flow.authorizationUrl ?? "",
    "authorization",
    server.origin,
    server.url,
    authorizePointer,
    notes,
  );
  let tokenUri: string;
  if (flow.tokenUrl !== undefined) {
    tokenUri = endpoint(flow.tokenUrl, "token", server.origin, server.url, tokenPointer, notes);
  } else {
    tokenUri = guessTokenUrl(authorizeUri);
    notes.push({
      code: "auth-guessed-token-url",
      message: `the ${flow.kind} flow of "${schemeName}" has no token URL; ${tokenUri} is a guess, check the provider's docs`,
      pointer: flow.pointer,
    });
  }
  if (flow.refreshUrl !== undefined && flow.refreshUrl !== flow.tokenUrl) {
    notes.push({
      code: "auth-refresh-url",
      message: `"${schemeName}" refreshes tokens at ${flow.refreshUrl}; Scalekit refreshes at the token URL`,
      pointer: pointerTo(flow.pointer, "refreshUrl"),
    });
  }
  return {
    type: "OAUTH",
    authorizeUri,
    tokenUri,
    ...(flow.tokenUrl !== undefined && { tokenPointer }),
    scopes: scopesOf(schemeName, flow, scan, notes),
  };
}

function scopesOf(schemeName: string, flow: Flow, scan: OperationScan, notes: PlanNote[]): ScopePlan[] {
  const required = new Set<string>();
  const used = new Set<string>();
  let usedAt = "";
  for (const requirement of scan.requirements.values()) {
    const scopes = requirement.scopes.get(schemeName);
    if (!scopes) continue;
    for (const scope of scopes) used.add(scope);
    if (scopes.size > 0 && usedAt === "") usedAt = requirement.pointer;
    if (requirement.pointer.startsWith("#/security/")) for (const scope of scopes) required.add(scope);
  }
  const plans: ScopePlan[] = [...flow.scopes].map(([name, description]) => ({
    name,
    description: description.replace(/\s+/g, " ").trim(),
    required: required.has(name),
  }));
  const undeclared = [...used].filter((scope) => !flow.scopes.has(scope)).sort();
  if (undeclared.length > 0) {
    notes.push({
      code: "auth-undeclared-scopes",
      message: `${undeclared.length} scope(s) that operations require are not declared by "${schemeName}"; they were added`,
      pointer: usedAt,
    });
    plans.push(...undeclared.map((name) => ({ name, description: "", required: required.has(name) })));
  }
  return plans;
}
