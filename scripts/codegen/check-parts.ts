// The parts of a connector its warnings ask the user to check, named as the report names them, in
// the order of the connector: what generate's summary line and the generated file's header list.
// A part no warning is about is not listed.
import type { Warning } from "../lib/report.ts";
import { type Aspect, isWarningCode, warningCodes } from "../lib/warning-codes.ts";

const aspectNames: Readonly<Record<Aspect, string>> = {
  type: "auth type",
  "oauth-urls": "OAuth URLs",
  header: "auth header",
  host: "host",
  "base-path": "base path",
  template: "proxy_url template",
};

// the families whose codes cast doubt on no aspect of auth or proxy_url
const families: Readonly<Record<string, string>> = { field: "header fields", name: "display name" };

/** The parts to check, e.g. ["auth type", "host"]; empty when no warning is about a part. */
export function partsToCheck(warnings: readonly Warning[]): string[] {
  const aspects = new Set<Aspect>();
  const others = new Set<string>();
  for (const { code } of warnings) {
    if (!isWarningCode(code)) continue;
    for (const aspect of warningCodes[code].doubts as readonly Aspect[]) aspects.add(aspect);
    const family = families[code.split("-")[0] ?? ""];
    if (family !== undefined) others.add(family);
  }
  const ordered = (Object.keys(aspectNames) as Aspect[]).filter((aspect) => aspects.has(aspect));
  return [
    ...ordered.map((aspect) => aspectNames[aspect]),
    ...Object.values(families).filter((f) => others.has(f)),
  ];
}

/** The file's notes: which parts to check, then each warning. */
export function checkNotes(warnings: readonly Warning[]): string[] {
  if (warnings.length === 0) return [];
  const parts = partsToCheck(warnings);
  const which = parts.length > 0 ? ` ${parts.join(", ")}` : "";
  return [
    `Check before deploying:${which}.`,
    ...warnings.map((w) => `- ${w.message} (${w.code}, at ${w.pointer})`),
  ];
}
