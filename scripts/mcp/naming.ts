// The connector's display_name and description. Scalekit takes a display_name of 1-200 ASCII
// letters, digits and spaces, so names read from the server are cleaned to fit.
import { McpDiscoveryError } from "./errors.ts";
import type { ServerInfo } from "./initialize.ts";
import type { Notes } from "./notes.ts";

/** A name and where it was read: the URL, and the member (e.g. serverInfo.title). */
export interface NameSource {
  readonly text: string;
  readonly member: string;
  readonly from: string;
}

const maxName = 200;
const maxDescription = 300;
const validName = /^[a-zA-Z0-9 ]*[a-zA-Z0-9][a-zA-Z0-9 ]*$/;
// host labels that say nothing about whose server it is
const genericLabels = new Set(["www", "api", "mcp"]);

/** Checks a name the user chose; it is used as given. */
export function checkName(name: string): void {
  if (name.length <= maxName && validName.test(name)) return;
  const cleaned = clean(name).slice(0, maxName).trim();
  throw new McpDiscoveryError(
    "INVALID_NAME",
    `--name "${name}" is not a valid display_name: Scalekit takes 1-200 letters, digits and spaces`,
    cleaned ? `use --name "${cleaned}"` : 'use a name such as --name "Weather MCP"',
  );
}

/**
 * The first usable of: the name the user chose, the server's names (serverInfo.title, serverInfo.name,
 * resource_name), the host of the public proxy URL, the endpoint's host. Server names get title case
 * and " MCP" unless they say MCP. An IP address or a loopback name says nothing about whose server
 * it is, so it is never used; with nothing else, the name is "Custom MCP" with a warning.
 */
export function chooseName(
  chosen: string | undefined,
  sources: readonly NameSource[],
  endpoint: URL,
  notes: Notes,
  proxyUrl?: URL,
): string {
  if (chosen !== undefined) return chosen;
  const hosts = [...(proxyUrl ? [proxyUrl] : []), endpoint].map((url) => ({
    text: hostWords(url),
    member: "the host name",
    from: url.href,
  }));
  const source = [...sources, ...hosts].find((candidate) => titleWords(candidate.text).length > 0);
  const words = source ? titleWords(source.text) : ["Custom"];
  if (!source) {
    notes.warn(
      "name-generic",
      `neither the server nor its host (${endpoint.host}) names it, so display_name is "Custom MCP"; set it with --name`,
      endpoint.href,
    );
  }
  const suffix = words.includes("MCP") ? "" : " MCP";
  const base = words
    .join(" ")
    .slice(0, maxName - suffix.length)
    .trim();
  const name = `${base}${suffix}`;
  const member = source?.member ?? "nothing the server said";
  notes.infer(
    `display_name "${name}" from ${member} (pass --name to choose another)`,
    source?.from ?? endpoint.href,
  );
  return name;
}

/** serverInfo.description, else the first paragraph of instructions, else "Connect to <name>". */
export function chooseDescription(
  server: ServerInfo | undefined,
  name: string,
  from: string,
  notes: Notes,
): string {
  const candidates = [
    { text: server?.description, member: "serverInfo.description" },
    { text: server?.instructions?.split(/\n\s*\n/)[0], member: "instructions" },
  ];
  for (const { text, member } of candidates) {
    const line = text?.replace(/\s+/g, " ").trim();
    if (!line) continue;
    notes.infer(`description from ${member}`, from);
    if (line.length <= maxDescription) return line;
    const cut = line.slice(0, maxDescription - 1);
    return `${cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : cut.length)}…`;
  }
  return `Connect to ${name}`;
}

/** The cleaned words of a name in title case, with "mcp" spelled MCP. */
function titleWords(text: string): string[] {
  return clean(text)
    .split(" ")
    .filter(Boolean)
    .map((word) => (word.toLowerCase() === "mcp" ? "MCP" : word.charAt(0).toUpperCase() + word.slice(1)));
}

/** ASCII letters and digits, other runs become one space; accents are dropped first (é → e). */
function clean(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim();
}

/** mcp.acme.com → "acme"; a single-label host is used whole; an IP address or loopback name gives nothing. */
function hostWords(url: URL): string {
  const host = url.hostname.toLowerCase();
  if (/^[\d.]+$|^\[/.test(host) || host === "localhost" || host.endsWith(".localhost")) return "";
  const labels = host.split(".");
  if (labels.length < 2) return host;
  const named = labels.slice(0, -1);
  const specific = named.filter((label) => !genericLabels.has(label));
  return (specific.length > 0 ? specific : named).join(" ");
}
