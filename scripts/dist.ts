// Usage: npm run build:dist (also run by `prepack`, so by `npm pack` and `npm publish` in this
// checkout). Not `prepare`: npm lists a dependency's prepare script among the install scripts a
// user must approve, though it never runs it for a tarball, so every install of the tarball warned.
// Compiles the installable package into dist/: JavaScript and declarations from dsl/, scripts/ and
// generated/api/ (tsconfig.build.json rewrites the .ts import specifiers to .js), a copy of
// templates/, which generate, pull and init read at run time relative to their own module, and of
// biome.json, the style Biome gives generated files (scripts/codegen/format.ts runs it in dist/).
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dist = `${root}dist`;

// a clean folder: files of deleted sources must not ship
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
cpSync(`${root}templates`, `${dist}/templates`, { recursive: true });
cpSync(`${root}biome.json`, `${dist}/biome.json`);
process.stdout.write(`built ${dist}\n`);
