// A request sent through Scalekit's tool proxy goes to `{ENV}/proxy/<path>`. A dot segment in the
// path (`/../`, `%2e%2e`, a backslash that a server reads as `/`) would be normalised out of
// `/proxy/` by some HTTP stack on the way and land on the management API with the environment's
// token. Scalekit's Python SDK refuses them before sending (scalekit-api.md §10.5); so do
// `.verify()`, `--request`, generated verify requests and the proxy client, with this one check.

/** Percent-decoding rounds checked: a path decoded twice on the way (`%252e`) is caught too. */
const decodeRounds = 3;

function decodeOnce(text: string): string {
  // lenient: a lone "%" stays as it is, as a server that cannot decode it would leave it
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Why `path` (relative to proxy_url, query included) could leave the proxy's prefix, or undefined
 * when it is safe to send.
 * @example requestPathProblem("/users/me?limit=1") // → undefined
 * @example requestPathProblem("/%2e%2e/api/v1/custom-providers") // → "… a dot segment …"
 */
export function requestPathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `the path ${JSON.stringify(path)} must start with "/"`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u0020\u007f]/.test(path)) return "the path holds a space or a control character";
  if (path.includes("#")) return "the path holds a fragment (#…), which is never sent to a server";
  const query = path.indexOf("?");
  let text = query < 0 ? path : path.slice(0, query);
  for (let round = 0; round <= decodeRounds; round++) {
    if (text.includes("\\"))
      return "the path holds a backslash (raw or percent-encoded), which servers may read as /";
    if (text.split("/").some((segment) => segment === "." || segment === ".."))
      return "the path holds a dot segment (. or .., raw or percent-encoded), which would leave Scalekit's /proxy/ prefix";
    const decoded = decodeOnce(text);
    if (decoded === text) break;
    text = decoded;
  }
  return undefined;
}
