// Word lists for reading server URLs: hosts that are placeholders rather than real servers, servers
// meant for testing rather than production, and variable names that hold a credential. Generic
// vocabulary of API documentation, never particular vendors.

// RFC 2606/6761 reserved names and the words docs use for "put your own here"
const reservedTlds = new Set(["example", "invalid", "localhost", "local", "test"]);
const placeholderWords = new Set([
  "account",
  "company",
  "customer",
  "domain",
  "example",
  "hostname",
  "instance",
  "mycompany",
  "org",
  "organization",
  "server",
  "subdomain",
  "tenant",
  "workspace",
  "xxx",
]);

/** True for a label such as "your-domain", "yourAccountName", "subdomain", "org-account" or "abc123". */
function isPlaceholderLabel(label: string): boolean {
  const lower = label.toLowerCase();
  if (/^(your|my)[-_]?[a-z0-9]/.test(lower)) return true;
  if (/^(abc|xyz|foo|bar)\d*$/.test(lower) || /^x{3,}$/.test(lower)) return true;
  const words = lower.split(/[-_]/).filter(Boolean);
  return words.length > 0 && words.every((word) => placeholderWords.has(word));
}

/** True when a host (without variables) is a stand-in for the user's own host. */
export function isPlaceholderHost(host: string): boolean {
  const labels = host.toLowerCase().replace(/:\d+$/, "").split(".");
  const tld = labels.at(-1) ?? "";
  if (reservedTlds.has(tld) || labels.includes("example")) return true;
  // only the leading labels name a tenant; "api.example-corp.com" is a real host
  return labels.length > 2 && isPlaceholderLabel(labels[0] ?? "");
}

// "virtserver": the virtual (mock) server that API design hubs list beside the real one; "api"
// may be glued to the word ("apitest.acme.io", "devapi.acme.io")
const testWords =
  /(^|[^a-z])(?:api)?(sandbox|staging|stage|test|testing|demo|dev|development|mocks?|virtserver|uat|qa|preprod)(?:api)?([^a-z]|$)/i;

// a mock server hosted by a design tool, marked only by its path ("…/mocks/acme/api/123")
const mockPath = /(^|\/)mocks?(\/|$)/i;

/** True for a mock server: it answers with examples, so it is a worse guess than even a sandbox. */
export const isMockServer = (host: string, path: string): boolean =>
  mockPath.test(path) || /(^|[^a-z])(mocks?|virtserver)([^a-z]|$)/i.test(host);

// loopback and private IPv4 addresses (RFC 1918): a local deployment, not the vendor's API
const privateAddress =
  /^(127|10)\.\d+\.\d+\.\d+(:\d+)?$|^192\.168\.\d+\.\d+(:\d+)?$|^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+(:\d+)?$/;

/** True for a server meant for testing: by a word in its host or its description, or a mock's path. */
export function isTestServer(host: string, description: string, path = ""): boolean {
  const lowerHost = host.toLowerCase();
  if (lowerHost.includes("sandbox") || lowerHost === "localhost" || privateAddress.test(lowerHost))
    return true;
  return testWords.test(lowerHost) || testWords.test(description) || isMockServer(lowerHost, path);
}

/** True for a server variable that carries the credential itself, e.g. `/bot{token}`. */
export const isCredentialName = (name: string): boolean =>
  /^(api[-_]?)?(key|token|secret)$|^(access|auth|bearer)[-_]?token$|^apikey$/i.test(name);

// region and data-centre codes hosts carry ("eu", "us2", "fra1"), as in "api.eu.example.com"
const regionCode = /^(us|eu|na|sa|ap|apac|emea|au|ca|uk|de|fr|jp|in|sg|br|fra|iad|lon|syd|ams|sjc)\d{0,2}$/;

/** The label that ties a concrete host to one region, if any: "fra1" in "fra1.example.com". */
export function regionLabel(host: string): string | undefined {
  const labels = host.toLowerCase().replace(/:\d+$/, "").split(".").slice(0, -2);
  return labels.flatMap((label) => label.split("-")).find((part) => regionCode.test(part));
}
