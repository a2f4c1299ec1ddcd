// A remote connector spelled the way the DSL writes connectors: the canonical content, plus the
// keys the DSL always writes (pattern description and fields, field and scope `required`,
// top-level description and proxy_enabled). pull renders it as DSL source; promote sends it.
// Its canonical form equals the remote's, so nothing the server would see differently changes.
import type { Payload, Provider } from "../../../dsl/payload.ts";
import { isObject, type Json } from "../../../dsl/rules/issue.ts";
import { cleanJson } from "./canonical.ts";
import { userMetadata } from "./ownership.ts";

type Mutable = Record<string, Json>;

const withRequired = (list: Json | undefined): Json | undefined =>
  Array.isArray(list)
    ? list.map((item) => (isObject(item) ? { ...item, required: item.required ?? false } : item))
    : list;

function shapePattern(raw: Json): Json {
  const clean = cleanJson(raw);
  if (!isObject(clean)) return clean ?? {};
  const pattern: Mutable = { ...(clean as Mutable) };
  pattern.description ??= "";
  pattern.fields = withRequired(pattern.fields) ?? [];
  if (pattern.account_fields !== undefined)
    pattern.account_fields = withRequired(pattern.account_fields) ?? [];
  const config = pattern.oauth_config;
  if (isObject(config) && config.available_scopes !== undefined) {
    pattern.oauth_config = {
      ...(config as Mutable),
      available_scopes: withRequired(config.available_scopes) ?? [],
    };
  }
  return pattern;
}

export function dslShape(remote: Provider | Payload): Payload {
  const metadata = userMetadata(remote.metadata);
  const patterns = Array.isArray(remote.auth_patterns) ? (remote.auth_patterns as Json[]) : [];
  return {
    display_name: remote.display_name,
    description: typeof remote.description === "string" ? remote.description : "",
    ...(typeof remote.icon_src === "string" && remote.icon_src !== "" && { icon_src: remote.icon_src }),
    ...(Object.keys(metadata).length > 0 && { metadata }),
    auth_patterns: patterns.map(shapePattern) as unknown as Payload["auth_patterns"],
    proxy_url: typeof remote.proxy_url === "string" ? remote.proxy_url : "",
    proxy_enabled: remote.proxy_enabled === true,
  };
}
