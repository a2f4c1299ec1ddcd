// What hostile text may not do on its way out: reach generated code or a terminal with a
// character that reorders, hides or rewrites what a person reads; have --out write through a
// link; make stdin read past its cap. A leak is one that got through.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commentLines, json } from "../../codegen/literal.ts";
import { readCapped } from "../../lib/capped-read.ts";
import { LinkedOutError, refuseLinkedOut } from "../../lib/out-dir.ts";
import { printable } from "../../lib/printable.ts";
import type { HostileCase } from "./case.ts";

// bidi overrides and isolates, zero-width and other format characters, C0 and C1 controls
const hostileCharacters = [
  "\u202e",
  "\u202d",
  "\u202a",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200e",
  "\u200f",
  "\u061c",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u00ad",
  "\u{e0041}",
  "\u001b",
  "\u0007",
  "\u0008",
  "\u000b",
  "\u000c",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u2028",
  "\u2029",
];
// biome-ignore lint/suspicious/noControlCharactersInRegex: what must not come out raw
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;

export const outputCases: readonly HostileCase[] = [
  {
    group: "output",
    name: "format and control characters into literals, comments and the terminal",
    async run() {
      let leaks = 0;
      for (const char of hostileCharacters) {
        const text = `before ${char} after`;
        if (raw.test(json(text)) || JSON.parse(json(text)) !== text) leaks++;
        if (commentLines(text).some((line) => raw.test(line))) leaks++;
        if (raw.test(printable(text))) leaks++;
      }
      return { tried: hostileCharacters.length * 3, leaks };
    },
  },
  {
    group: "output",
    name: "--out under a symbolic link committed to the project",
    async run() {
      const project = mkdtempSync(join(tmpdir(), "connectorkit-hostile-out-"));
      try {
        symlinkSync(tmpdir(), join(project, "generated"));
        let leaks = 0;
        for (const out of ["generated", "generated/connectors", "generated/a/b"]) {
          try {
            refuseLinkedOut(out, "--out", project);
            leaks++;
          } catch (error) {
            if (!(error instanceof LinkedOutError)) throw error;
          }
        }
        return { tried: 3, leaks };
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    },
  },
  {
    group: "output",
    name: "stdin that never ends",
    async run() {
      const cap = 8 * 1024 * 1024;
      let read = 0;
      async function* endless() {
        for (;;) {
          read += 1024 * 1024;
          yield new Uint8Array(1024 * 1024);
        }
      }
      const stopped = await readCapped(endless(), cap, () => new Error("over the cap")).then(
        () => false,
        () => true,
      );
      return {
        tried: 1,
        leaks: !stopped || read > cap + 1024 * 1024 ? 1 : 0,
        note: `read ${read / 1024 / 1024} MiB of a ${cap / 1024 / 1024} MiB cap`,
      };
    },
  },
];
