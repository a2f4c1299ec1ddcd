// The credentials of the temporary connected account `sync verify` makes: one value per field of
// the connector's auth pattern, from CONNECTORKIT_VERIFY_<CONNECTOR>_<FIELD> (lib/variable-names.ts),
// or, at a terminal, a prompt (hidden for secrets). The bare CONNECTORKIT_VERIFY_<FIELD> is read
// only when one connector is verified: a value is never sent to a connector it does not name.
// Values live only in memory, go only into the create request, and every form they could take on
// the wire is known here so output can be scrubbed of them.
import type { AuthPattern, Field, Payload } from "../../../dsl/payload.ts";
import { placeholdersOf } from "../../../dsl/rules/pattern.ts";
import { credentialForms } from "../../client/errors.ts";
import { sharedVerifyVariable, verifyVariable } from "../../lib/variable-names.ts";
import type { Env } from "../config.ts";
import type { Prompter } from "../confirm.ts";

export interface CredentialInput {
  readonly field: string;
  /** The variable that names the connector, always read. */
  readonly variable: string;
  /** The bare variable, read only when one connector is verified. */
  readonly shared: string;
  readonly label: string;
  readonly required: boolean;
  /** Hidden when prompted, and scrubbed from output in every encoding. */
  readonly secret: boolean;
}

const credentialNames = new Set(["api_key", "token", "username", "password"]);

export const patternOf = (payload: Payload): AuthPattern | undefined => payload.auth_patterns[0];

/** The values a static-auth account needs, in the pattern's field order. */
export function credentialInputs(connector: string, pattern: AuthPattern): CredentialInput[] {
  const fields: Field[] = [...(pattern.fields ?? [])];
  // a BASIC pattern declared without a password still stores one (often through a mutation default)
  if (pattern.type === "BASIC" && !fields.some((field) => field.field_name === "password")) {
    fields.push({ field_name: "password", label: "Password", input_type: "password", required: false });
  }
  return fields.map((field) => ({
    field: field.field_name,
    variable: verifyVariable(connector, field.field_name),
    shared: sharedVerifyVariable(field.field_name),
    label: field.label || field.field_name,
    // credential fields are needed whatever `required` says; a mutation default can stand in
    required:
      (field.required === true || credentialNames.has(field.field_name)) &&
      pattern.auth_field_mutations?.[field.field_name as "api_key"]?.default === undefined,
    secret: field.input_type === "password" || credentialNames.has(field.field_name),
  }));
}

export type Gathered =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly missing: readonly CredentialInput[] }
  /** A bare variable is set while several connectors are verified: which one it is for is unknown. */
  | { readonly ok: false; readonly ambiguous: readonly CredentialInput[] };

/** Reads each input from its variable, else (at a terminal) a prompt; lists what is missing otherwise. */
export async function gatherCredentials(
  inputs: readonly CredentialInput[],
  options: {
    readonly env: Env;
    readonly interactive: boolean;
    readonly prompt: Prompter;
    readonly name: string;
    /** True when this is the only connector verified: then the bare variables count too. */
    readonly alone: boolean;
  },
): Promise<Gathered> {
  const values: Record<string, string> = {};
  const missing: CredentialInput[] = [];
  const ambiguous: CredentialInput[] = [];
  const read = (name: string) => {
    const value = options.env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  for (const input of inputs) {
    let value = read(input.variable);
    if (value === undefined && read(input.shared) !== undefined) {
      if (options.alone) value = read(input.shared);
      else {
        ambiguous.push(input);
        continue;
      }
    }
    const ask = input.secret ? options.prompt.secret : options.prompt.text;
    // a secret is only ever asked for hidden: without a hidden prompt it stays missing
    if (value === undefined && options.interactive && ask) {
      const message = `${options.name}: ${input.label} (${input.variable})${input.required ? "" : ", optional"}`;
      value = (await ask.call(options.prompt, message, "")) || undefined;
    }
    if (value !== undefined) values[input.field] = value;
    else if (input.required) missing.push(input);
  }
  if (ambiguous.length > 0) return { ok: false, ambiguous };
  return missing.length > 0 ? { ok: false, missing } : { ok: true, values };
}

/** static_auth details: every value by field_name, and those proxy_url names also as path_variables. */
export function detailsFor(
  payload: Payload,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const placeholders = new Set(placeholdersOf(payload.proxy_url));
  const pathVariables = Object.fromEntries(
    Object.entries(values).filter(([field]) => placeholders.has(field)),
  );
  return { ...values, ...(Object.keys(pathVariables).length > 0 && { path_variables: pathVariables }) };
}

/**
 * Every form a secret value could take in a message: raw, URL- and form-encoded, JSON- and
 * \u-escaped, base64 (also as the whole Basic credential after mutations), so output can be
 * scrubbed of it.
 */
export function secretForms(
  pattern: AuthPattern,
  inputs: readonly CredentialInput[],
  values: Readonly<Record<string, string>>,
): string[] {
  const secrets = inputs
    .filter((input) => input.secret && values[input.field])
    .map((input) => values[input.field] as string);
  const forms = secrets.flatMap((secret) => credentialForms(secret));
  if (pattern.type === "BASIC") {
    const mutated = (field: "username" | "password") => {
      const rule = pattern.auth_field_mutations?.[field];
      const base = values[field] || rule?.default || "";
      return `${rule?.prefix ?? ""}${base}${rule?.suffix ?? ""}`;
    };
    forms.push(...credentialForms(`${mutated("username")}:${mutated("password")}`));
  }
  return [...new Set(forms.filter((form) => form.length >= 3))].sort((a, b) => b.length - a.length);
}
