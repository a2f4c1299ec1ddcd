import type { Field, FieldOption } from "./payload.ts";

/** One choice of a select field. */
export interface SelectOption {
  readonly value: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly default?: boolean;
}

interface FieldCommon {
  /** Shown beside the input. Default: the field name in title case (`api_key` → "Api Key"). */
  readonly label?: string;
  /** Placeholder or help text. */
  readonly hint?: string;
  /** Default: true. */
  readonly required?: boolean;
  /** The value fills a `{{name}}` placeholder in proxy_url (for OAuth fields). */
  readonly isPathParam?: boolean;
  /** Sends the value in this header of its own. */
  readonly headerName?: string;
}

/** How a field is declared: `{ label, hint, inputType, options, required, isPathParam, headerName }`. */
export interface FieldOptions extends FieldCommon {
  /** Default: "text". */
  readonly inputType?: "text" | "password" | "textarea" | "select";
  /** The choices of a `select` field. */
  readonly options?: readonly SelectOption[];
}

/**
 * Overrides for a credential field the auth kind declares for you (its name is fixed). The default
 * hint ("Your password") goes with the default label: give a `label` and the field has only the
 * `hint` you give, if any.
 * @example connector("My API").basic({ password: { label: "API secret" } })
 * // → { "field_name": "password", "label": "API secret", "input_type": "password", "required": true } (no hint)
 */
export type CredentialFieldOptions = Omit<FieldOptions, "options">;

/** A field's default label: its name in title case (`api_key` → "Api Key"). */
export const defaultLabel = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");

const toOption = (option: SelectOption): FieldOption => ({
  value: option.value,
  ...(option.displayName !== undefined && { display_name: option.displayName }),
  ...(option.description !== undefined && { description: option.description }),
  ...(option.default !== undefined && { default: option.default }),
});

/** The wire form of a field, keys in a fixed order. */
export function toField(name: string, options: FieldOptions = {}): Field {
  return {
    field_name: name,
    label: options.label ?? defaultLabel(name),
    input_type: options.inputType ?? "text",
    ...(options.hint !== undefined && { hint: options.hint }),
    required: options.required ?? true,
    ...(options.isPathParam !== undefined && { is_path_param: options.isPathParam }),
    ...(options.headerName !== undefined && { header_name: options.headerName }),
    ...(options.options !== undefined && { options: options.options.map(toOption) }),
  };
}
