// Reading fields, credentials and mutations back into DSL options. Each reader returns the
// shortest options that make the DSL rebuild the same JSON, or throws UnrenderableError.
import { credentialDefaults } from "../../dsl/auth-options.ts";
import { toField } from "../../dsl/fields.ts";
import { inputTypes } from "../../dsl/payload.ts";
import { fieldKeys, mutationKeys, optionKeys } from "../../dsl/rules/wire-keys.ts";
import type { LiteralValue } from "./literal.ts";
import {
  checkKeys,
  type Obj,
  objectAt,
  optionalBoolean,
  optionalString,
  requireBoolean,
  requireString,
} from "./read.ts";
import { UnrenderableError } from "./unrenderable.ts";

type Options = Record<string, LiteralValue>;

/** A field as the DSL declares it: its name and the options that differ from the defaults. */
export interface FieldCall {
  readonly name: string;
  readonly options: Options;
  readonly isPathParam: boolean;
}

const knownFieldKeys = new Set(Object.keys(fieldKeys));
const knownOptionKeys = new Set(Object.keys(optionKeys));
const knownMutationKeys = new Set(Object.keys(mutationKeys));

function inputTypeAt(field: Obj, path: string): string {
  const value = requireString(field, "input_type", path);
  if (!(inputTypes as readonly string[]).includes(value)) {
    throw new UnrenderableError(`${path}.input_type`, `the DSL's input types are ${inputTypes.join(", ")}`);
  }
  return value;
}

/** The field's name, checked once for every kind of field. */
export function fieldName(raw: unknown, path: string): string {
  return requireString(objectAt(raw, path), "field_name", path);
}

/** A field declared with `.field()` / `.accountField()`. */
export function readField(raw: unknown, path: string): FieldCall {
  const field = objectAt(raw, path);
  checkKeys(field, knownFieldKeys, path);
  const name = requireString(field, "field_name", path);
  const label = requireString(field, "label", path);
  const inputType = inputTypeAt(field, path);
  const hint = optionalString(field, "hint", path);
  const required = requireBoolean(field, "required", path);
  const isPathParam = optionalBoolean(field, "is_path_param", path);
  const headerName = optionalString(field, "header_name", path);
  const options = field.options === undefined ? undefined : readOptions(field.options, `${path}.options`);
  if (inputType === "select" && (options === undefined || options.length === 0)) {
    throw new UnrenderableError(`${path}.options`, "the DSL's types require a select field to have options");
  }
  if (inputType !== "select" && options !== undefined) {
    throw new UnrenderableError(`${path}.options`, "the DSL's types allow options only on select fields");
  }
  const result: Options = {
    ...(label !== toField(name).label && { label }),
    ...(inputType !== "text" && { inputType }),
    ...(hint !== undefined && { hint }),
    ...(!required && { required }),
    ...(isPathParam !== undefined && { isPathParam }),
    ...(headerName !== undefined && { headerName }),
    ...(options !== undefined && { options }),
  };
  return { name, options: result, isPathParam: isPathParam === true };
}

function readOptions(raw: unknown, path: string): Options[] {
  if (!Array.isArray(raw)) throw new UnrenderableError(path, "options must be an array");
  return raw.map((item, index) => {
    const at = `${path}[${index}]`;
    const option = objectAt(item, at);
    checkKeys(option, knownOptionKeys, at);
    const displayName = optionalString(option, "display_name", at);
    const description = optionalString(option, "description", at);
    const isDefault = optionalBoolean(option, "default", at);
    return {
      value: requireString(option, "value", at),
      ...(displayName !== undefined && { displayName }),
      ...(description !== undefined && { description }),
      ...(isDefault !== undefined && { default: isDefault }),
    };
  });
}

export type CredentialName = keyof typeof credentialDefaults;

/**
 * Overrides for a credential field the auth kind declares itself (undefined when all are defaults).
 * The DSL's default hint goes with its default label (dsl/connector.ts credential()): a credential
 * without a hint is written with its label, given explicitly.
 */
export function readCredential(raw: unknown, name: CredentialName, path: string): Options | undefined {
  const field = objectAt(raw, path);
  checkKeys(field, knownFieldKeys, path);
  if (field.options !== undefined) {
    throw new UnrenderableError(
      `${path}.options`,
      `the DSL does not take options on the "${name}" credential`,
    );
  }
  const defaults = credentialDefaults[name];
  const label = requireString(field, "label", path);
  const inputType = inputTypeAt(field, path);
  const hint = optionalString(field, "hint", path);
  const required = requireBoolean(field, "required", path);
  const isPathParam = optionalBoolean(field, "is_path_param", path);
  const headerName = optionalString(field, "header_name", path);
  const labelGiven = label !== defaults.label || hint === undefined;
  const options: Options = {
    ...(labelGiven && { label }),
    ...(inputType !== defaults.inputType && { inputType }),
    ...(hint !== undefined && (labelGiven || hint !== defaults.hint) && { hint }),
    ...(!required && { required }),
    ...(isPathParam !== undefined && { isPathParam }),
    ...(headerName !== undefined && { headerName }),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * auth_field_mutations as `.mutate(target, mutation)` arguments. `targets` are the credentials the
 * pattern declares; `absent` those it leaves out, which the DSL mutates only with a default.
 */
export function readMutations(
  raw: unknown,
  targets: readonly string[],
  absent: readonly string[],
  path: string,
): [string, Options][] {
  if (raw === undefined) return [];
  const mutations = objectAt(raw, path);
  const entries = Object.entries(mutations);
  if (entries.length === 0)
    throw new UnrenderableError(path, "the DSL omits auth_field_mutations when empty");
  return entries.map(([target, value]) => {
    const at = `${path}.${target}`;
    const mutation = objectAt(value, at);
    const withDefault = absent.includes(target) && typeof mutation.default === "string";
    if (!targets.includes(target) && !withDefault) {
      throw new UnrenderableError(
        at,
        targets.length > 0
          ? `the DSL mutates only ${targets.join(", ")} on this auth kind`
          : "the DSL has no credential to mutate on this auth kind",
      );
    }
    checkKeys(mutation, knownMutationKeys, at);
    const result: Options = {};
    for (const key of knownMutationKeys) {
      const text = optionalString(mutation, key, at);
      if (text !== undefined) result[key] = text;
    }
    return [target, result];
  });
}
