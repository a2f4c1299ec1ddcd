/**
 * The value a Parameter Object (OpenAPI 3.x §4.8.12; Swagger 2.0's type, enum and default on the
 * parameter itself) gives: for a header the connector or a verify request must send, or a path
 * parameter that takes a literal for the caller.
 * @see https://spec.openapis.org/oas/v3.1.0#parameter-object
 */
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";

const scalar = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;

/**
 * The value a parameter's document gives: its schema's default, else an example (the
 * parameter's, its schema's, the first of its examples, Swagger's x-example), else its only
 * allowed value; and the values its schema allows.
 */
export function givenValues(
  doc: SpecDoc,
  parameter: { readonly value: Obj; readonly pointer: string },
): { example: string | undefined; values: readonly string[] } {
  const { value } = parameter;
  const schema = doc.refs.object(value.schema, pointerTo(parameter.pointer, "schema"))?.value ?? value;
  const values = Array.isArray(schema.enum) ? schema.enum.flatMap((v) => scalar(v) ?? []) : [];
  const examples = isObj(value.examples) ? Object.values(value.examples) : [];
  const first = examples.find(isObj);
  const example =
    scalar(schema.default) ??
    scalar(value.example) ??
    scalar(schema.example) ??
    (first ? scalar(first.value) : undefined) ??
    scalar(value["x-example"]) ??
    (values.length === 1 ? values[0] : undefined);
  return { example, values };
}
