// The values a sync run must never print, and the filter every line it writes passes through.
// syncProgram wraps the run's stdout and stderr once, so no command can forget to scrub: the
// client secret and every access token the client is issued (whatever variable the secret came
// from), secret-looking variables, and the credential values verify sends. --json output is
// scrubbed value by value before it is serialised, so a redaction never breaks the JSON.
// A run may hold thousands of forms (every encoding of every OAuth app's secret) and plan writes a
// line per change, so each write is first checked in one pass against the forms' first characters
// (a set lookup per position); only a write that may hold a form is redacted in full.
import { credentialForms, redact } from "../client/errors.ts";
import type { Env } from "./config.ts";
import type { Out } from "./output.ts";

/** Shorter values are too likely to match ordinary text; none of them is a real credential. */
const minLength = 6;
/** Except values verify sends, which are credentials whatever their length (a 4-digit PIN). */
const minSentLength = 3;

export class Secrets {
  #forms: string[] = [];
  #seen = new Set<string>();
  /** The first `minLength` characters of every form. */
  #heads = new Set<string>();
  /** Forms shorter than `minLength`, too short for `#heads`: looked for whole. */
  #short: string[] = [];

  #push(form: string, floor = minLength): void {
    if (form.length < floor || this.#seen.has(form)) return;
    this.#seen.add(form);
    this.#forms.push(form);
    if (form.length >= minLength) this.#heads.add(form.slice(0, minLength));
    else this.#short.push(form);
  }

  /** Whether some form may occur in `text`: the first characters of one do. */
  #mayHold(text: string): boolean {
    if (this.#short.some((form) => text.includes(form))) return true;
    for (let i = 0; i + minLength <= text.length; i++)
      if (this.#heads.has(text.slice(i, i + minLength))) return true;
    return false;
  }

  /** Adds `value` in every encoding it may be echoed in (with `user`, also as a Basic pair). */
  add(value: string, user?: string): void {
    if (value.length < minLength) return;
    for (const form of credentialForms(value, user)) this.#push(form);
  }

  /** Adds spellings already worked out (verify's, which know a Basic header's mutations). */
  addForms(forms: readonly string[]): void {
    for (const form of forms) this.#push(form, minSentLength);
  }

  /** Variables that name a secret (SECRET, TOKEN, PASSWORD) and verify's credential values. */
  addFromEnv(env: Env): void {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) continue;
      if (/SECRET|TOKEN|PASSWORD/i.test(name) || name.startsWith("CONNECTORKIT_VERIFY_"))
        this.add(value, env.SCALEKIT_CLIENT_ID);
    }
  }

  scrub(text: string): string {
    return this.#mayHold(text) ? redact(text, this.#forms) : text;
  }

  /** A copy of `value` with every string (keys included) scrubbed, for JSON output. */
  scrubValue(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    if (typeof value === "object" && value !== null)
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.scrub(key), this.scrubValue(item)]),
      );
    return value;
  }

  /** `value` as indented JSON and a newline, scrubbed before and after serialising. */
  json(value: unknown): string {
    return this.scrub(`${JSON.stringify(this.scrubValue(value), null, 2)}\n`);
  }
}

/** `out`, with everything written to it scrubbed of `secrets` (as they stand at each write). */
export const scrubbing = (out: Out, secrets: Secrets): Out => ({
  write: (text: string) => out.write(secrets.scrub(text)),
  ...(out.isTTY !== undefined && { isTTY: out.isTTY }),
});
