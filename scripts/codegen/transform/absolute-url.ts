// A URL a document writes relative to its server, made absolute: OAuth URLs and operation URLs.

/** `url` made absolute against `origin` (scheme://host) or `base` (the whole server URL). */
export function absoluteUrl(url: string, origin: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  if (url.startsWith("//")) return `https:${url}`;
  if (url.startsWith("/")) return `${origin}${url}`;
  return `${base.replace(/\/+$/, "")}/${url}`;
}
