// Typed reads of untrusted JSON for the payload renderer: each read names the JSON path it fails at.
import { UnrenderableError } from "./unrenderable.ts";

export type Obj = { readonly [key: string]: unknown };

export function objectAt(value: unknown, path: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UnrenderableError(path, "expected an object");
  }
  return value as Obj;
}

const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

export function requireString(object: Obj, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== "string") {
    throw new UnrenderableError(at(path, key), "the DSL always writes this key as a string");
  }
  return value;
}

export function optionalString(object: Obj, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new UnrenderableError(at(path, key), "expected a string");
  return value;
}

export function requireBoolean(object: Obj, key: string, path: string): boolean {
  const value = object[key];
  if (typeof value !== "boolean") {
    throw new UnrenderableError(at(path, key), "the DSL always writes this key as true or false");
  }
  return value;
}

export function optionalBoolean(object: Obj, key: string, path: string): boolean | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new UnrenderableError(at(path, key), "expected true or false");
  return value;
}

/** Refuses keys the DSL has no call or option for. */
export function checkKeys(object: Obj, allowed: ReadonlySet<string>, path: string): void {
  for (const name of Object.keys(object)) {
    if (!allowed.has(name))
      throw new UnrenderableError(at(path, name), "the DSL has no call or option for this key");
  }
}
