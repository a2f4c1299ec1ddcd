// The decided auth and proxy plans → the payload, built by the DSL itself so that it is exactly
// what the rendered source builds. The chain is driven through an untyped view: the generated
// file, not this code, is where the DSL's types check it.
import { untypedConnector } from "../../dsl/_untyped.ts";
import type { Payload } from "../../dsl/payload.ts";
import type { AuthPlan } from "./transform/auth-plan.ts";
import type { ProxyField, ProxyPlan } from "./transform/servers.ts";

const credentialNames = ["username", "password", "token", "api_key"];

/** A field name for a header: "X-Api-Username" → "api_username", "ApiIntegrationCode" → "api_integration_code". */
export const headerFieldName = (header: string): string =>
  header
    .replace(/^x-/i, "")
    .replace(/([a-z0-9])([A-Z])|([A-Z])([A-Z][a-z])/g, "$1$3_$2$4")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase() || "header";

export interface ConnectorParts {
  readonly name: string;
  readonly description: string;
  readonly auth: AuthPlan;
  readonly proxy: ProxyPlan;
}

export function assemble({ name, description, auth, proxy }: ConnectorParts): Payload {
  const taken = new Set(credentialNames);
  const unique = (wanted: string): string => {
    let candidate = wanted;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${wanted}_${n}`;
    taken.add(candidate);
    return candidate;
  };
  let chain = untypedConnector(name);
  if (description !== "") chain = chain.description(description);
  const kind = auth.kind;
  if (kind.type === "OAUTH")
    chain = chain.oauth({ authorizeUri: kind.authorizeUri, tokenUri: kind.tokenUri });
  if (kind.type === "BEARER") chain = chain.bearer();
  if (kind.type === "BASIC") chain = chain.basic();
  if (kind.type === "API_KEY") chain = chain.apiKey(kind.header === undefined ? {} : { header: kind.header });
  for (const header of auth.headers) {
    const options = header.options ?? [];
    chain = chain.field(unique(headerFieldName(header.header)), {
      hint: header.hint ?? `Sent as the ${header.header} header`,
      headerName: header.header,
      ...(header.secret && { inputType: "password" }),
      ...(options.length > 1 && { inputType: "select", options: options.map((value) => ({ value })) }),
    });
  }
  const addProxyField = (field: ProxyField) => {
    const options = {
      ...(field.label !== undefined && { label: field.label }),
      hint: field.hint,
      ...(field.options && { inputType: "select", options: field.options }),
    };
    const fieldName = unique(field.name);
    chain = kind.type === "OAUTH" ? chain.accountField(fieldName, options) : chain.field(fieldName, options);
  };
  proxy.fields.forEach(addProxyField);
  if (proxy.credentialInUrl && kind.type !== "API_KEY") {
    taken.delete("api_key");
    addProxyField({ name: "api_key", hint: "The key the API's URL carries", label: "API Key" });
  }
  if (kind.type === "OAUTH") {
    for (const scope of kind.scopes) {
      chain = chain.scope(scope.name, {
        ...(scope.description !== "" && { description: scope.description }),
        ...(scope.required && { required: true }),
      });
    }
  }
  if (kind.type === "API_KEY" && kind.prefix !== undefined)
    chain = chain.mutate("api_key", { prefix: kind.prefix });
  return chain.proxy(proxy.url).payload();
}
