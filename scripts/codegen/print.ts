// What `generate` prints: one line per source (auth, proxy URL, the parts to check and the
// warnings), a summary, and a progress bar on a terminal. Everything goes to the streams it is
// given, so tests read strings. Text a document or server controls (names, URLs, pointers,
// messages quoting it) is printed through printable(), as plan prints the server's: its control
// and format characters escaped.
import pc from "picocolors";
import type { Payload } from "../../dsl/payload.ts";
import { printable, printableLines } from "../lib/printable.ts";
import { partsToCheck } from "./check-parts.ts";
import { literal } from "./literal.ts";
import type { RunReport } from "./run.ts";

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The auth in a few words, e.g. `API_KEY in X-API-Key` or `OAUTH via auth.example.com`. */
export function authSummary(connector: Payload): string {
  const pattern = connector.auth_patterns[0];
  if (!pattern) return "no auth";
  const header = pattern.auth_header_key_override;
  const prefix = Object.values(pattern.auth_field_mutations ?? {})[0]?.prefix;
  if (pattern.type === "OAUTH") {
    const host = /^https:\/\/([^/]+)/.exec(pattern.oauth_config?.authorize_uri ?? "")?.[1];
    const scopes = pattern.oauth_config?.available_scopes?.length ?? 0;
    return `OAUTH${host ? ` via ${host}` : ""}${scopes > 0 ? `, ${scopes} scopes` : ""}`;
  }
  const where = header ? ` in ${header}` : "";
  return `${pattern.type}${where}${prefix ? ` with prefix ${JSON.stringify(prefix)}` : ""}`;
}

export function printReport(report: RunReport, out: Stream, seconds: number): void {
  for (const result of report.results) {
    const status = result.status === "unchanged" ? pc.dim(" (unchanged)") : "";
    const summary = printable(`${authSummary(result.connector)} · ${result.connector.proxy_url}`);
    const parts = partsToCheck(result.warnings);
    const check = parts.length > 0 ? ` — check ${parts.join(", ")}` : "";
    const count = result.warnings.length > 0 ? pc.yellow(`${check} (${result.warnings.length} ⚠)`) : "";
    out.write(
      `${pc.green("✔")} ${printable(result.spec)} → ${printable(result.file)}${status}: ${summary}${count}\n`,
    );
    for (const warning of result.warnings) {
      out.write(
        `  ${pc.yellow("⚠")} ${printable(warning.message)} ${pc.dim(`(${warning.code}, at ${printable(warning.pointer)})`)}\n`,
      );
    }
    const alternatives = result.inferred
      .filter((entry) => entry.what.startsWith("alternative auth "))
      .map((entry) => entry.what.slice("alternative auth ".length));
    if (alternatives.length > 0)
      out.write(`  ${pc.dim(`alternatives: ${printable(alternatives.join("; "))}`)}\n`);
    if (result.types) {
      const { file, paths, dropped, unresolved } = result.types;
      const extra = [
        ...(dropped.length > 0 ? [`${dropped.length} left out: proxy_url cannot reach them`] : []),
        ...(unresolved.length > 0 ? [`${unresolved.length} $refs unresolved, typed unknown`] : []),
      ];
      const state = result.types.status === "unchanged" ? " (unchanged)" : "";
      out.write(
        `  ${pc.dim(`types: ${printable(file)}${state}, ${paths} paths${extra.length > 0 ? `; ${extra.join("; ")}` : ""}`)}\n`,
      );
    }
    if (result.verify !== undefined) {
      const headers = result.verifyHeaders ? `, ${literal({ headers: { ...result.verifyHeaders } })}` : "";
      out.write(`  ${pc.dim(`verify: .verify(${printable(`${literal(result.verify)}${headers}`)})`)}\n`);
    }
  }
  for (const error of report.errors) {
    // messages from the spec reader name the spec themselves
    const message = error.message.startsWith(`${error.spec} `)
      ? error.message.slice(error.spec.length + 1)
      : error.message;
    out.write(
      `${pc.red("✖")} ${printable(error.spec)}: ${printableLines(message).replace(/\n/g, "\n    ")}\n`,
    );
  }
  const written = report.results.filter((r) => r.status === "written").length;
  const unchanged = report.results.length - written;
  const warnings = report.results.reduce((sum, r) => sum + r.warnings.length, 0);
  const parts = [
    `${written} written`,
    ...(unchanged > 0 ? [`${unchanged} unchanged`] : []),
    ...(report.errors.length > 0 ? [pc.red(`${report.errors.length} failed`)] : []),
    `${warnings} warning${warnings === 1 ? "" : "s"} to review`,
  ];
  out.write(`\n${parts.join(", ")} (${seconds.toFixed(1)} s)\n`);
}

/** A one-line progress bar, redrawn in place; silent when the stream is not a terminal. */
export function progressBar(out: Stream): (done: number, total: number, label: string) => void {
  return (done, total, label) => {
    if (!out.isTTY) return;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const shown = printable(label);
    const name = shown.length > 40 ? `…${shown.slice(-39)}` : shown;
    out.write(
      `\r${pc.cyan("█".repeat(filled))}${pc.dim("░".repeat(width - filled))} ${done}/${total} ${name}\x1b[K`,
    );
    if (done === total) out.write("\r\x1b[K");
  };
}
