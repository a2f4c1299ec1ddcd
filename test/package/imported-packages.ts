// Every package a compiled folder loads: the install test checks the list against "dependencies".
import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";

const packageSpecifier = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/.*)?$/;
const packageName = (specifier: string) =>
  specifier.startsWith("@")
    ? specifier.split("/").slice(0, 2).join("/")
    : (specifier.split("/")[0] as string);

/** Every package the compiled code imports, requires (`createRequire(…)("x")` too) or resolves. */
export function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const match of text.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\(\s*|(?:\brequire|\bmeta|\))\.resolve\(\s*|\)\(\s*)"([^".][^"]*)"/g,
    )) {
      const specifier = match[1] as string;
      if (!isBuiltin(specifier) && packageSpecifier.test(specifier)) names.add(packageName(specifier));
    }
  }
  return names;
}
