// How the tool proxy turns a connector and a connected account into an upstream request
// (scalekit-api.md §3.4, §3.5, §9.3): proxy_url with its {{placeholders}} filled, and the
// credential in the header the auth pattern names, mutations applied default → prefix → suffix.
// Pure functions; the GUESSes they follow are listed in behaviour.ts.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { hostValueProblem } from "../../dsl/rules/placeholder-values.ts";
import type { StoredAccount } from "./accounts.ts";

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const objectAt = (value: unknown): JsonObject => (isObject(value) ? value : {});

/** §3.4: default when the stored value is empty, then prefix, then suffix. */
export function mutate(value: string, mutation: unknown): string {
  const rule = objectAt(mutation);
  const base = value === "" ? (text(rule.default) ?? "") : value;
  return `${text(rule.prefix) ?? ""}${base}${text(rule.suffix) ?? ""}`;
}

const staticDetails = (account: StoredAccount): JsonObject =>
  objectAt(objectAt(account.authorization_details.static_auth).details);

/** A field's stored value: static auth keeps it in details, OAuth in api_config (its path variables first). */
function fieldValue(account: StoredAccount, name: string, oauth: boolean): string {
  if (!oauth) return text(staticDetails(account)[name]) ?? "";
  return text(objectAt(account.api_config.path_variables)[name]) ?? text(account.api_config[name]) ?? "";
}

function pathVariable(account: StoredAccount, name: string, oauth: boolean): string | undefined {
  if (oauth) {
    const value = text(objectAt(account.api_config.path_variables)[name]);
    if (value !== undefined && value !== "") return value;
    const token = objectAt(account.authorization_details.oauth_token);
    return name === "domain" ? text(token.domain) || undefined : undefined;
  }
  const details = staticDetails(account);
  const value = text(objectAt(details.path_variables)[name]) || text(details[name]);
  return value === "" ? undefined : value;
}

/** proxy_url with every placeholder the account has a value for filled; `unfilled` names the rest. */
export function fillProxyUrl(
  proxyUrl: string,
  pattern: JsonObject,
  account: StoredAccount,
): { readonly url: string; readonly unfilled: string[]; readonly leavesHost?: string } {
  const oauth = pattern.type === "OAUTH";
  const unfilled: string[] = [];
  const values: Record<string, string> = {};
  const url = proxyUrl.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) => {
    const value = pathVariable(account, name, oauth);
    if (value === undefined) {
      if (!unfilled.includes(name)) unfilled.push(name);
      return whole;
    }
    values[name] = value;
    return value;
  });
  // GUESS (behaviour.ts): a value that would move the call to another host is refused
  const leavesHost = hostValueProblem(proxyUrl, values);
  return { url, unfilled, ...(leavesHost !== undefined && { leavesHost }) };
}

/** The upstream URL: proxy_url (no trailing slash) + the path after /proxy + the query. */
export const upstreamUrl = (filledProxyUrl: string, path: string, search: string): string =>
  `${filledProxyUrl.replace(/\/+$/, "")}${path}${search}`;

/**
 * The headers that carry the credential, by the pattern's type; names are lowercase. An OAuth
 * account's access token is kept apart from it (grants.ts) and passed in.
 */
export function credentialHeaders(
  pattern: JsonObject,
  account: StoredAccount,
  accessToken = "",
): [string, string][] {
  const type = text(pattern.type) ?? "";
  const oauth = type === "OAUTH";
  const mutations = objectAt(pattern.auth_field_mutations);
  const value = (name: string) => mutate(fieldValue(account, name, oauth), mutations[name]);
  const headers: [string, string][] = [];

  const fields = [
    ...(Array.isArray(pattern.fields) ? pattern.fields : []),
    ...(Array.isArray(pattern.account_fields) ? pattern.account_fields : []),
  ];
  for (const field of fields) {
    const name = isObject(field) ? text(field.field_name) : undefined;
    const header = isObject(field) ? text(field.header_name) : undefined;
    if (name && header) headers.push([header.toLowerCase(), value(name)]);
  }

  let credential: string | undefined;
  if (type === "BEARER") credential = `Bearer ${value("token")}`;
  else if (type === "BASIC")
    credential = `Basic ${Buffer.from(`${value("username")}:${value("password")}`, "utf8").toString("base64")}`;
  else if (type === "API_KEY") credential = value("api_key");
  else if (oauth) credential = `Bearer ${accessToken}`;
  if (credential !== undefined) {
    const header = text(pattern.auth_header_key_override)?.trim() || "authorization";
    headers.push([header.toLowerCase(), credential]);
  }
  return headers;
}
