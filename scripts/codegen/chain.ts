// Payload → the DSL call chain that rebuilds it (a view model: method names and literal
// arguments). It mirrors what dsl/connector.ts emits and what dsl/checks.ts lets through, so a
// chain it returns both type-checks and builds exactly the payload; anything else throws.
import { mcpOAuthDefaults, type PatternText, patternDefaults } from "../../dsl/auth-options.ts";
import { type AuthType, authTypes } from "../../dsl/payload.ts";
import { displayNamePattern, limits } from "../../dsl/rules/server.ts";
import { patternKeys, payloadKeys } from "../../dsl/rules/wire-keys.ts";
import { fieldName, readField, readMutations } from "./chain-fields.ts";
import { readOAuth } from "./chain-oauth.ts";
import { staticAuthCall, staticLayout } from "./chain-static.ts";
import type { LiteralValue } from "./literal.ts";
import { checkKeys, type Obj, objectAt, optionalString, requireBoolean, requireString } from "./read.ts";
import { UnrenderableError } from "./unrenderable.ts";

/** One `.method(args)` of the chain. */
export interface ChainCall {
  readonly method: string;
  readonly args: readonly LiteralValue[];
}

/** `connector(name)` followed by calls, ending with `.proxy()`. */
export interface ConnectorChain {
  readonly name: string;
  readonly calls: readonly ChainCall[];
}

const topKeys = new Set(Object.keys(payloadKeys));
const knownPatternKeys = new Set(Object.keys(patternKeys));

const call = (method: string, ...args: LiteralValue[]): ChainCall => ({ method, args });
const withOptions = (method: string, name: string, options: Record<string, LiteralValue>): ChainCall =>
  Object.keys(options).length > 0 ? call(method, name, options) : call(method, name);

/** The placeholders as the DSL's `Placeholders<U>` type reads them: first `{{` to the next `}}`. */
export function typePlaceholders(url: string): string[] {
  const names: string[] = [];
  let from = 0;
  for (;;) {
    const open = url.indexOf("{{", from);
    if (open < 0) return names;
    const close = url.indexOf("}}", open + 2);
    if (close < 0) return names;
    names.push(url.slice(open + 2, close));
    from = close + 2;
  }
}

/** The chain that rebuilds `payload`, or UnrenderableError naming the first part it cannot express. */
export function toChain(payload: unknown): ConnectorChain {
  const top = objectAt(payload, "");
  checkKeys(top, topKeys, "");
  const name = requireString(top, "display_name", "");
  if (name.length > limits.displayName || !displayNamePattern.test(name)) {
    throw new UnrenderableError(
      "display_name",
      `connector() takes 1-${limits.displayName} letters, digits and spaces; ${JSON.stringify(name)} is not`,
    );
  }
  const calls: ChainCall[] = [];
  const description = requireString(top, "description", "");
  if (description !== "") calls.push(call("description", description));
  const icon = optionalString(top, "icon_src", "");
  if (icon !== undefined) {
    if (!icon.startsWith("https://"))
      throw new UnrenderableError("icon_src", "icon() takes only https:// URLs");
    calls.push(call("icon", icon));
  }
  if (top.metadata !== undefined) calls.push(call("metadata", readMetadata(top.metadata)));

  const patterns = top.auth_patterns;
  if (!Array.isArray(patterns) || patterns.length !== 1) {
    throw new UnrenderableError("auth_patterns", "the DSL builds exactly one auth pattern");
  }
  const proxyUrl = requireString(top, "proxy_url", "");
  if (!proxyUrl.startsWith("https://")) {
    throw new UnrenderableError("proxy_url", "proxy() takes only https:// URLs");
  }
  const pattern = readPattern(patterns[0], "auth_patterns[0]");
  for (const placeholder of typePlaceholders(proxyUrl)) {
    if (!pattern.placeholders.has(placeholder)) {
      throw new UnrenderableError(
        "proxy_url",
        `{{${placeholder}}} is not a field the DSL's types let proxy_url use in this pattern`,
      );
    }
  }
  calls.push(...pattern.calls);
  const enabled = requireBoolean(top, "proxy_enabled", "");
  calls.push(enabled ? call("proxy", proxyUrl) : call("proxy", proxyUrl, { enabled }));
  return { name, calls };
}

function readMetadata(raw: unknown): Record<string, LiteralValue> {
  const metadata = objectAt(raw, "metadata");
  const result: Record<string, LiteralValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string")
      throw new UnrenderableError(`metadata.${key}`, "metadata values are strings");
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

interface PatternCalls {
  readonly calls: ChainCall[];
  /** The field names proxy_url may use. */
  readonly placeholders: ReadonlySet<string>;
}

function readPattern(raw: unknown, path: string): PatternCalls {
  const pattern = objectAt(raw, path);
  checkKeys(pattern, knownPatternKeys, path);
  const type = requireString(pattern, "type", path) as AuthType;
  if (!authTypes.includes(type)) {
    throw new UnrenderableError(`${path}.type`, `the DSL builds ${authTypes.join(", ")}`);
  }
  const isMcp = pattern.is_mcp;
  if (isMcp !== undefined && isMcp !== true) {
    throw new UnrenderableError(`${path}.is_mcp`, "the DSL writes is_mcp only as true");
  }
  const mcp = isMcp === true;
  const defaults = type === "OAUTH" && mcp ? mcpOAuthDefaults : patternDefaults[type];
  const text = readText(pattern, defaults, path);
  if (!Array.isArray(pattern.fields)) {
    throw new UnrenderableError(`${path}.fields`, "the DSL always writes fields as an array");
  }
  const fields: readonly unknown[] = pattern.fields;
  const names = fields.map((field, index) => fieldName(field, `${path}.fields[${index}]`));
  const accountFields = pattern.account_fields;
  if (accountFields !== undefined && type !== "OAUTH") {
    throw new UnrenderableError(`${path}.account_fields`, "accountField() is for OAuth patterns only");
  }
  if (accountFields !== undefined && (!Array.isArray(accountFields) || accountFields.length === 0)) {
    throw new UnrenderableError(
      `${path}.account_fields`,
      "the DSL writes account_fields only when not empty",
    );
  }
  const accountList: readonly unknown[] = accountFields ?? [];
  names.push(...accountList.map((field, index) => fieldName(field, `${path}.account_fields[${index}]`)));
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw new UnrenderableError(
      `${path}.fields`,
      `field "${duplicate}" is declared twice; the DSL's types refuse that`,
    );
  }
  const header = optionalString(pattern, "auth_header_key_override", path);
  const calls: ChainCall[] = mcp ? [call("mcp")] : [];
  if (type === "OAUTH") {
    if (pattern.auth_field_mutations !== undefined) {
      readMutations(pattern.auth_field_mutations, [], [], `${path}.auth_field_mutations`);
    }
    const oauth = readOAuth(pattern.oauth_config, mcp, `${path}.oauth_config`);
    calls.push(call("oauth", { ...text, ...oauth.options, ...(header !== undefined && { header }) }));
    const declared = fields.map((field, index) => readField(field, `${path}.fields[${index}]`));
    const account = accountList.map((field, index) => readField(field, `${path}.account_fields[${index}]`));
    calls.push(...declared.map((field) => withOptions("field", field.name, field.options)));
    calls.push(...account.map((field) => withOptions("accountField", field.name, field.options)));
    calls.push(...oauth.scopes.map(([scope, options]) => withOptions("scope", scope, options)));
    const placeholders = [...declared.filter((field) => field.isPathParam), ...account].map((f) => f.name);
    return { calls, placeholders: new Set(placeholders) };
  }
  if (pattern.oauth_config !== undefined) {
    throw new UnrenderableError(`${path}.oauth_config`, "oauth_config is written by .oauth() only");
  }
  if (header !== undefined && type === "NO_AUTH") {
    throw new UnrenderableError(`${path}.auth_header_key_override`, "the DSL takes no header for NO_AUTH");
  }
  if (type === "NO_AUTH" && !mcp) {
    throw new UnrenderableError(`${path}.type`, "noAuth() is for MCP connectors (is_mcp: true) only");
  }
  const layout = staticLayout(type, fields, names, path);
  const before = layout.before.map((index) => readField(fields[index], `${path}.fields[${index}]`));
  const after = layout.after.map((index) => readField(fields[index], `${path}.fields[${index}]`));
  calls.push(...before.map((field) => withOptions("field", field.name, field.options)));
  calls.push(staticAuthCall(type, text, layout.credentials, header, fields, path));
  calls.push(...after.map((field) => withOptions("field", field.name, field.options)));
  const targets = layout.credentials.map(([name]) => name);
  for (const [target, mutation] of readMutations(
    pattern.auth_field_mutations,
    targets,
    layout.absent,
    `${path}.auth_field_mutations`,
  )) {
    calls.push(call("mutate", target, mutation));
  }
  return { calls, placeholders: new Set(names) };
}

function readText(pattern: Obj, defaults: Required<PatternText>, path: string): Record<string, string> {
  const displayName = requireString(pattern, "display_name", path);
  const description = requireString(pattern, "description", path);
  return {
    ...(displayName !== defaults.displayName && { displayName }),
    ...(description !== defaults.description && { description }),
  };
}
