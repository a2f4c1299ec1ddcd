// The exports of a user's TypeScript module loaded with import(). In a package without
// "type": "module" (npm init's default), tsx compiles the file to CommonJS and import() gives
// `{ default: module.exports }`: the file's own exports one level down, marked `__esModule`, or,
// for a file that exports nothing, an empty `module.exports` without the mark.
import { isObject } from "../../dsl/rules/issue.ts";

const isEmptyObject = (value: object) =>
  Object.getPrototypeOf(value) === Object.prototype && Reflect.ownKeys(value).length === 0;

export function exportsOf(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  if (!isObject(inner)) return namespace;
  if ((inner as { __esModule?: unknown }).__esModule === true) return inner;
  // only an import() namespace (the bundled loader's modules are plain objects of their exports)
  const exportsNothing =
    (namespace as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "Module" &&
    Object.keys(namespace).every((name) => name === "default" || name === "module.exports") &&
    isEmptyObject(inner);
  return exportsNothing ? {} : namespace;
}
