// The credentials of the temporary connected account `sync verify` makes: one value per field of
// the connector's auth pattern, from CONNECTORKIT_VERIFY_<FIELD_NAME> or, at a terminal, a prompt
// (hidden for secrets). Values live only in memory, go only into the create request, and every
// form they could take on the wire is known here so output can be scrubbed of them.
import type { AuthPattern, Field, Payload } from "../../../dsl/payload.ts";
import { placeholdersOf } from "../../../dsl/rules/pattern.ts";
import type { Env } from "../config.ts";
import type { Prompter } from "../confirm.ts";

export interface CredentialInput {
  readonly field: string;
  readonly variable: string;
  readonly label: string;
  readonly required: boolean;
  /** Hidden when prompted, and scrubbed from output in every encoding. */
  readonly secret: boolean;
}

const credentialNames = new Set(["api_key", "token", "username", "password"]);

/** CONNECTORKIT_VERIFY_API_KEY for api_key; camelCase and punctuation become underscores. */
export const variableFor = (field: string): string =>
  `CONNECTORKIT_VERIFY_${field
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase()}`;

export const patternOf = (payload: Payload): AuthPattern | undefined => payload.auth_patterns[0];

/** The values a static-auth account needs, in the pattern's field order. */
export function credentialInputs(pattern: AuthPattern): CredentialInput[] {
  const fields: Field[] = [...(pattern.fields ?? [])];
  // a BASIC pattern declared without a password still stores one (often through a mutation default)
  if (pattern.type === "BASIC" && !fields.some((field) => field.field_name === "password")) {
    fields.push({ field_name: "password", label: "Password", input_type: "password", required: false });
  }
  return fields.map((field) => ({
    field: field.field_name,
    variable: variableFor(field.field_name),
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
  | { readonly ok: false; readonly missing: readonly CredentialInput[] };

/** Reads each input from its variable, else (at a terminal) a prompt; lists what is missing otherwise. */
export async function gatherCredentials(
  inputs: readonly CredentialInput[],
  options: {
    readonly env: Env;
    readonly interactive: boolean;
    readonly prompt: Prompter;
    readonly name: string;
  },
): Promise<Gathered> {
  const values: Record<string, string> = {};
  const missing: CredentialInput[] = [];
  for (const input of inputs) {
    let value = options.env[input.variable];
    const ask = input.secret ? options.prompt.secret : options.prompt.text;
    // a secret is only ever asked for hidden: without a hidden prompt it stays missing
    if ((value === undefined || value === "") && options.interactive && ask) {
      const message = `${options.name}: ${input.label} (${input.variable})${input.required ? "" : ", optional"}`;
      value = await ask.call(options.prompt, message, "");
    }
    if (value !== undefined && value !== "") values[input.field] = value;
    else if (input.required) missing.push(input);
  }
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

const encodings = (value: string): string[] => [
  value,
  encodeURIComponent(value),
  Buffer.from(value, "utf8").toString("base64"),
  Buffer.from(value, "utf8").toString("base64url"),
];

/**
 * Every form a secret value could take in a message: raw, URL-encoded, base64 (also as the whole
 * Basic credential after mutations), so output can be scrubbed of it.
 */
export function secretForms(
  pattern: AuthPattern,
  inputs: readonly CredentialInput[],
  values: Readonly<Record<string, string>>,
): string[] {
  const secrets = inputs
    .filter((input) => input.secret && values[input.field])
    .map((input) => values[input.field] as string);
  const forms = secrets.flatMap(encodings);
  if (pattern.type === "BASIC") {
    const mutated = (field: "username" | "password") => {
      const rule = pattern.auth_field_mutations?.[field];
      const base = values[field] || rule?.default || "";
      return `${rule?.prefix ?? ""}${base}${rule?.suffix ?? ""}`;
    };
    forms.push(...encodings(`${mutated("username")}:${mutated("password")}`));
  }
  return [...new Set(forms.filter((form) => form.length >= 3))].sort((a, b) => b.length - a.length);
}
