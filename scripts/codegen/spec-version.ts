// Which OpenAPI a parsed document is: Swagger 2.0, OpenAPI 3.0 or 3.1, read from its top-level
// "swagger" or "openapi" member; anything else is a SpecError pointing at that member.
import { SpecError } from "./spec-error.ts";

export type SpecVersion = "2.0" | "3.0" | "3.1";

/** The document's version, or SpecError pointing at the version field. */
export function specVersion(root: unknown, name: string): SpecVersion {
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new SpecError(
      `${name} is not an OpenAPI document (not an object)`,
      "pass an OpenAPI 3.x or Swagger 2.0 spec",
      "#",
    );
  }
  const doc = root as Record<string, unknown>;
  if (doc.swagger !== undefined) {
    if (String(doc.swagger) === "2.0") return "2.0";
    throw new SpecError(
      `${name} says swagger: ${String(doc.swagger)}`,
      "only Swagger 2.0 is supported",
      "#/swagger",
    );
  }
  const openapi = doc.openapi;
  if (typeof openapi === "string" && /^3\.0(\.|$)/.test(openapi)) return "3.0";
  if (typeof openapi === "string" && /^3\.[1-9](\.|$)/.test(openapi)) return "3.1";
  if (openapi !== undefined) {
    throw new SpecError(
      `${name} says openapi: ${String(openapi)}`,
      "pass an OpenAPI 3.x document",
      "#/openapi",
    );
  }
  throw new SpecError(
    `${name} has neither "openapi" nor "swagger" at the top`,
    "pass an OpenAPI 3.x or Swagger 2.0 document",
    "#",
  );
}
