/**
 * How the document was read, where it matters: YAML read leniently (as common readers read what
 * YAML 1.2 forbids), and $refs not followed because the document may not reach what they name
 * (reach.ts). Run after inference, so the refs met anywhere are reported.
 */
import type { Context } from "../context.ts";
import type { SpecDoc } from "../refs.ts";

export function warnReading(doc: SpecDoc, ctx: Context): void {
  if (doc.repairedLines.length > 0) {
    ctx.warn(
      "spec-yaml-repaired",
      `closing brackets on YAML line(s) ${doc.repairedLines.join(", ")} were indented so the spec parses; fix them in the spec`,
      "#",
    );
  }
  const lenient = doc.lenientLines ?? [];
  if (lenient.length > 0) {
    const shown = lenient.length > 10 ? `${lenient.slice(0, 10).join(", ")} …` : lenient.join(", ");
    ctx.warn(
      "spec-yaml-lenient",
      `quoted values continue at column 0 (or less indented than their key) on YAML line(s) ${shown}, which YAML 1.2 forbids; they were read as common YAML readers read them (as if indented), so check those values, and indent them in the spec`,
      "#",
    );
  }
  if (doc.duplicateKeyLine !== undefined) {
    ctx.warn(
      "spec-yaml-lenient",
      `a YAML mapping repeats a key (first at line ${doc.duplicateKeyLine}), which YAML forbids; the last value was kept, as common YAML readers keep it, so check that key and remove the repeat in the spec`,
      "#",
    );
  }
  for (const [ref, why] of doc.refs.refused) {
    ctx.warn("spec-ref-refused", `$ref "${ref}" was not followed: ${why}`, "#");
  }
}
