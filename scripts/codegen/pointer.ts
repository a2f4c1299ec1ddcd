// JSON pointers in URI-fragment form ("#/components/securitySchemes/oauth2"), the form $refs use.

/** Appends reference tokens to a pointer, escaping `~` and `/` (RFC 6901). */
export function pointerTo(base: string, ...tokens: (string | number)[]): string {
  let pointer = base;
  // a plain loop with one replacement at most: this runs for every path and operation of a spec
  for (const token of tokens) {
    const text = String(token);
    const escaped = text.includes("~")
      ? text.replace(/~/g, "~0").replace(/\//g, "~1")
      : text.includes("/")
        ? text.replaceAll("/", "~1")
        : text;
    pointer = `${pointer}/${escaped}`;
  }
  return pointer;
}

/** The reference tokens of a fragment such as "#/a/b~1c", or undefined if it is not a pointer. */
export function tokensOf(fragment: string): string[] | undefined {
  if (fragment === "" || fragment === "#") return [];
  const body = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (!body.startsWith("/")) return undefined;
  return body
    .slice(1)
    .split("/")
    .map((token) => decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Walks `tokens` from `root`; undefined when a step is missing. */
export function walk(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (typeof node !== "object" || node === null) return undefined;
    node = Array.isArray(node) ? node[Number(token)] : (node as Record<string, unknown>)[token];
    if (node === undefined) return undefined;
  }
  return node;
}
