// connectorkit's rules for `fields` and `account_fields` inside an auth pattern (see pattern.ts).
import { defaultLabel } from "../fields.ts";
import { type AuthType, credentialFields, inputTypes } from "../payload.ts";
import { type Issue, isObject, type JsonObject, listAt, quote } from "./issue.ts";
import { checkKeysAndTypes, fieldKeys, optionKeys } from "./wire-keys.ts";

/** The names a pattern declares: `fields` in order, and those that can fill an OAuth placeholder. */
export interface DeclaredFields {
  readonly fields: readonly string[];
  readonly pathParams: ReadonlySet<string>;
}

/** Checks fields and account_fields; returns the names declared. */
export function checkFieldLists(
  pattern: JsonObject,
  type: AuthType,
  at: string,
  issues: Issue[],
): DeclaredFields {
  const fields: string[] = [];
  const pathParams = new Set<string>();
  const seen = new Set<string>();
  const credentials: readonly string[] = credentialFields[type];
  for (const list of ["fields", "account_fields"] as const) {
    const value = pattern[list];
    if (!Array.isArray(value)) continue; // a wrong type is reported with the pattern's keys
    if (list === "account_fields" && type !== "OAUTH" && value.length > 0) {
      issues.push({
        path: `${at}.account_fields`,
        message: `account_fields belong to OAUTH patterns, not ${type}`,
        fix: `move them to ${at}.fields`,
      });
    }
    listAt(value).forEach((field, index) => {
      const path = `${at}.${list}[${index}]`;
      const name = checkField(field, path, list === "fields" ? credentials : [], issues);
      if (name === undefined) return;
      if (seen.has(name)) {
        issues.push({
          path: `${path}.field_name`,
          message: `field "${name}" is declared twice in ${at}`,
          fix: "rename or remove one of them",
        });
      }
      seen.add(name);
      if (list === "fields") fields.push(name);
      if (list === "account_fields" || (isObject(field) && field.is_path_param === true))
        pathParams.add(name);
    });
  }
  return { fields, pathParams };
}

function checkField(
  field: unknown,
  path: string,
  credentials: readonly string[],
  issues: Issue[],
): string | undefined {
  if (!isObject(field)) {
    issues.push({
      path,
      message: "a field must be an object",
      fix: 'use { "field_name": …, "label": …, "input_type": "text" }',
    });
    return undefined;
  }
  checkKeysAndTypes(field, fieldKeys, path, "a field", issues);
  const name = typeof field.field_name === "string" && field.field_name !== "" ? field.field_name : undefined;
  if (name === undefined) {
    issues.push({ path: `${path}.field_name`, message: "field_name is required", fix: "name the field" });
  }
  // the minimal wire form of a field is { field_name, label, input_type } (reference §3.2)
  if (field.label === undefined || field.label === null) {
    issues.push({
      path: `${path}.label`,
      message: "a field needs a label: the dashboard shows it beside the input",
      fix: `set "label"${name ? `, e.g. ${quote(defaultLabel(name))}` : ""}`,
    });
  }
  const inputType = field.input_type;
  if (inputType === undefined || inputType === null) {
    issues.push({
      path: `${path}.input_type`,
      message: "a field needs an input_type: the dashboard draws the input from it",
      fix: `set "input_type": "text" (or ${inputTypes.slice(1).join(", ")})`,
    });
  } else if (!(inputTypes as readonly unknown[]).includes(inputType)) {
    issues.push({
      path: `${path}.input_type`,
      message: `unknown input_type ${quote(inputType)}`,
      fix: `use one of ${inputTypes.join(", ")}`,
    });
  }
  if (name !== undefined && credentials.includes(name)) checkCredential(field, name, path, issues);
  else checkOptions(field, inputType, path, issues);
  return name;
}

function checkOptions(field: JsonObject, inputType: unknown, path: string, issues: Issue[]): void {
  const options = listAt(field.options);
  if (inputType === "select" && options.length === 0) {
    issues.push({
      path: `${path}.options`,
      message: "a select field needs at least one option",
      fix: 'add options: [{ "value": … }]',
    });
  }
  if (inputType !== "select" && options.length > 0) {
    issues.push({
      path: `${path}.options`,
      message: `options apply only to select fields; this one is ${quote(inputType)}`,
      fix: 'remove options, or set input_type: "select"',
    });
  }
  options.forEach((option, index) => {
    const at = `${path}.options[${index}]`;
    if (!isObject(option) || typeof option.value !== "string") {
      issues.push({ path: at, message: "an option needs a string value", fix: 'use { "value": "…" }' });
    }
    if (isObject(option)) checkKeysAndTypes(option, optionKeys, at, "an option", issues);
  });
}

// The credential the auth kind stores is typed in by the user; a list to pick it from is not.
function checkCredential(field: JsonObject, name: string, path: string, issues: Issue[]): void {
  if (field.input_type === "select" || listAt(field.options).length > 0) {
    issues.push({
      path: `${path}.input_type`,
      message: `the "${name}" credential is typed in by the user; it cannot be a select with options`,
      fix: 'use input_type "password" (or "text") and remove options',
    });
  }
}
