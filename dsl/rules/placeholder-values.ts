// A value that fills a `{{placeholder}}` of proxy_url's host must stay in the host. Filled in as
// text, `evil.example/x?` or `x@evil.example/` would move the request — and the credential sent
// with it — to another host. So a host value may not hold `/ ? # @ \ :` or white space, and the
// host it makes must still have the template's shape: the same literal text around each value,
// and only host-name characters. Checked by `sync verify` before a credential is sent, and by the
// emulator's tool proxy (a GUESS about Scalekit: scripts/emulator/behaviour.ts).

const forbidden = /[/?#@\\:\s]/;
const hostChars = /^[A-Za-z0-9.-]+$/;

/** The host part of a proxy_url template (between `://` and the first `/`, `?` or `#`). */
export function hostTemplate(proxyUrl: string): string | undefined {
  return /^https?:\/\/([^/?#]*)/i.exec(proxyUrl)?.[1];
}

/**
 * Why filling proxy_url's host placeholders with `values` would leave the host, or undefined.
 * @example hostValueProblem("https://{{tenant}}.crm.example/api", { tenant: "acme" }) // → undefined
 * @example hostValueProblem("https://{{tenant}}.crm.example/api", { tenant: "evil.example/x?" }) // → "…"
 */
export function hostValueProblem(
  proxyUrl: string,
  values: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const host = hostTemplate(proxyUrl);
  if (host === undefined) return undefined;
  const parts = host.split(/\{\{\s*([^{}\s]+)\s*\}\}/);
  // parts alternate: literal, name, literal, name, …, literal
  let filled = "";
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] ?? "";
    if (index % 2 === 0) {
      filled += part;
      continue;
    }
    const value = values[part];
    if (value === undefined) return undefined;
    if (forbidden.test(value))
      return `the value of {{${part}}} holds a character that leaves the host (/ ? # @ \\ : or a space); give the host part alone, such as "acme" for acme.example.com`;
    if (value === "" || !hostChars.test(value))
      return `the value of {{${part}}} is not part of a host name: use letters, digits, dots and hyphens`;
    filled += value;
  }
  const name = filled.replace(/:\d+$/, "");
  if (!hostChars.test(name) || name.split(".").some((label) => label === "" || label.startsWith("-")))
    return `filling proxy_url's host gives "${filled}", which is not a host name`;
  return undefined;
}
