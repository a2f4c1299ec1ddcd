// Finding secrets where they must not be: every form a secret can take in text a server writes
// (as is, percent-encoded, form-encoded, base64 with and without padding, base64url, JSON-escaped
// with \u escapes), so a test can say "no token or secret anywhere, in any encoding".
//
//   expect(findLeaks(pageText + logText, vendor.secrets())).toEqual([]);

/** The forms of `secret` a test looks for. */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const base64 = bytes.toString("base64");
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      base64,
      base64.replace(/=+$/, ""),
      bytes.toString("base64url"),
      JSON.stringify(secret).slice(1, -1),
      [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    ]),
  ];
}

/** The secrets (of at least 6 characters) found in `text` in any of their forms; [] when none. */
export function findLeaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter(
    (secret) => secret.length >= 6 && encodedForms(secret).some((form) => text.includes(form)),
  );
}
