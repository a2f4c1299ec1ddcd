// What the browser sees during an authorization: small HTML pages and redirects. Both are
// answered with no-store (a link or a callback must not be replayed from a cache) and
// no-referrer (the callback's URL holds the code, which must not reach the next site), and
// pages with a CSP that allows nothing but their inline style.

/** Where a step of an authorization sends the browser. */
export type BrowserAnswer =
  | { readonly kind: "redirect"; readonly location: string }
  | {
      readonly kind: "page";
      readonly status: number;
      readonly title: string;
      readonly message: string;
      /** Shown as `code: description`, for a failure. */
      readonly error?: { readonly code: string; readonly description: string };
    };

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

const common = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

export function browserResponse(answer: BrowserAnswer): Response {
  if (answer.kind === "redirect")
    return new Response(null, { status: 302, headers: { ...common, location: answer.location } });
  const error = answer.error
    ? `<p><code>${escapeHtml(answer.error.code)}</code>: ${escapeHtml(answer.error.description)}</p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(answer.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>${escapeHtml(answer.title)}</h1><p>${escapeHtml(answer.message)}</p>${error}</body></html>
`;
  return new Response(html, {
    status: answer.status,
    headers: {
      ...common,
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
