// Through the tool proxy the credential is Scalekit's to add: it sends the account's credential in
// the header the connector names (scalekit-api.md §9.3), and replaces one the caller sends. Many
// documents also declare that header as an operation parameter (`xi-api-key`, `Authorization`),
// sometimes required, which would make the caller pass a credential it never holds. The types
// leave those parameters out; every other header parameter stays.
import type { Payload } from "../../../dsl/payload.ts";
import { tokensOf, walk } from "../pointer.ts";
import { isObj, type Obj } from "../refs.ts";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The headers Scalekit sets on proxied calls for this connector, lowercased. */
export function credentialHeaders(connector: Payload): Set<string> {
  const pattern = connector.auth_patterns[0];
  const names = new Set<string>();
  if (!pattern || pattern.type === "NO_AUTH") return names;
  names.add((pattern.auth_header_key_override || "Authorization").toLowerCase());
  for (const field of [...(pattern.fields ?? []), ...(pattern.account_fields ?? [])]) {
    if (field.header_name) names.add(field.header_name.toLowerCase());
  }
  return names;
}

/** `parameters` without the entries (inline or by $ref) that are one of `headers`. */
function withoutHeaders(root: Obj, parameters: unknown, headers: ReadonlySet<string>): unknown {
  if (!Array.isArray(parameters)) return parameters;
  const kept = parameters.filter((entry) => {
    const ref = isObj(entry) && typeof entry.$ref === "string" ? entry.$ref : undefined;
    const parameter = ref?.startsWith("#") ? walk(root, tokensOf(ref) ?? []) : entry;
    return !(
      isObj(parameter) &&
      parameter.in === "header" &&
      typeof parameter.name === "string" &&
      headers.has(parameter.name.toLowerCase())
    );
  });
  return kept.length === parameters.length ? parameters : kept;
}

/** `root` with the credential's header parameters left out of every path and operation. */
export function withoutCredentialHeaders(root: Obj, headers: ReadonlySet<string>): Obj {
  if (headers.size === 0 || !isObj(root.paths)) return root;
  let changed = false;
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(root.paths)) {
    if (!isObj(item)) {
      paths[path] = item;
      continue;
    }
    const out: Record<string, unknown> = { ...item };
    out.parameters = withoutHeaders(root, item.parameters, headers);
    for (const method of methods) {
      const operation = item[method];
      if (!isObj(operation)) continue;
      const parameters = withoutHeaders(root, operation.parameters, headers);
      if (parameters !== operation.parameters) out[method] = { ...operation, parameters };
    }
    if (item.parameters === undefined) delete out.parameters;
    const same = Object.keys(out).every((key) => out[key] === item[key]);
    paths[path] = same ? item : out;
    if (!same) changed = true;
  }
  return changed ? { ...root, paths } : root;
}
