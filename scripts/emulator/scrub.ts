// Text that came from a vendor (an error_description, a page the emulator shows) may echo what
// the emulator sent it: a client secret, a code, a verifier, a token. Before such text reaches a
// page, a redirect or a log, every known secret is cut out of it, in the forms a server may
// write it in (as sent, percent-encoded, base64 or base64url, JSON-escaped), and it is shortened.
import { errorDescriptionMaxLength } from "./behaviour.ts";

const replacement = "[redacted]";

function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    bytes.toString("base64"),
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** `text` with every secret of at least 4 characters replaced, one line, at most the given length. */
export function scrub(
  text: string,
  secrets: readonly (string | undefined)[],
  maxLength = errorDescriptionMaxLength,
): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    for (const form of formsOf(secret)) out = out.split(form).join(replacement);
  }
  out = out.replace(/\s+/g, " ").trim();
  return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
}
