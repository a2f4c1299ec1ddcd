// The exports of a user's TypeScript module loaded with import(). In a package without
// "type": "module" (npm init's default), tsx compiles the file to CommonJS and import() gives
// `{ default: module.exports }`, the file's own exports one level down, marked `__esModule`.
import { isObject } from "../../dsl/rules/issue.ts";

export function exportsOf(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  return isObject(inner) && (inner as { __esModule?: unknown }).__esModule === true ? inner : namespace;
}
