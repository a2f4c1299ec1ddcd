// Usage: tsx scripts/codegen/warning-docs.ts [--check]
// docs/warnings.md's table of warning codes, rendered from scripts/lib/warning-codes.ts between two
// markers. Without --check it rewrites that block; with --check it exits 1 when the page is out of date.
// test/codegen/warning-codes.test.ts fails in the same case, so the list cannot drift.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { warningCodes } from "../lib/warning-codes.ts";

export const startMarker = "<!-- warning-codes:start (rendered by scripts/codegen/warning-docs.ts) -->";
export const endMarker = "<!-- warning-codes:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The table of every code, in the registry's order. */
export function warningCodesTable(): string {
  const rows = Object.entries(warningCodes).map(
    ([code, doc]) =>
      `| \`${code}\` | ${cell(doc.means)} | ${cell(doc.check)} | ${doc.doubts.join(", ") || "–"} |`,
  );
  return ["| code | means | check | casts doubt on |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** The page holding the table, relative to the project root. */
export const warningsPage = "docs/warnings.md";

/** `page` with its block between the markers replaced by the current table. */
export function withWarningCodes(page: string): string {
  const start = page.indexOf(startMarker);
  const end = page.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`${warningsPage} has no ${startMarker} … ${endMarker} block`);
  return `${page.slice(0, start + startMarker.length)}\n${warningCodesTable()}\n${page.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL(`../../${warningsPage}`, import.meta.url));
  const page = readFileSync(path, "utf8");
  const updated = withWarningCodes(page);
  if (process.argv.includes("--check")) {
    if (updated !== page) {
      console.error(
        `${warningsPage}'s warning codes are out of date: run npx tsx scripts/codegen/warning-docs.ts`,
      );
      process.exitCode = 1;
    }
  } else if (updated !== page) {
    writeFileSync(path, updated);
  }
}
