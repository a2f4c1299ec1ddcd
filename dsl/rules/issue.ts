/** One problem with a payload: where (a JSON path such as `auth_patterns[0].fields[1].field_name`), what, and the fix. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads an optional array, treating JSON null as absent (the API serves null for empty lists). */
export const listAt = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

export const quote = (value: unknown): string => JSON.stringify(value) ?? String(value);
