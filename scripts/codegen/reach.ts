// Where a spec and the files its $refs name may be read from, and within which limits. A document
// fetched over the network may reach only the network (https; http only on loopback, never after
// https), never this machine's files; a local document only files under its own folder or a
// --ref-dir. Redirects are held to the same rule, and what the network names may connect only to
// public addresses unless the user named its origin or allowed its host (lib/reach-guard.ts).
// Every fetch has a deadline and every fetch and file a size cap, so a hostile or broken source
// cannot hang the run or exhaust memory. Fetching goes through MCP discovery's HTTP layer
// (deadlines, redirects followed by hand, capped bodies, pinned addresses).
import { realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ReachGuard } from "../lib/reach-guard.ts";
import { McpDiscoveryError } from "../mcp/errors.ts";
import { type ByteBudget, send } from "../mcp/http.ts";
import { allowed } from "../mcp/url-policy.ts";
import { SpecError } from "./spec-error.ts";

/** The largest document read, from the network or a file. */
export const maxSpecBytes = 64 * 1024 * 1024;
/** The deadline of each network exchange. */
export const fetchTimeoutMs = 30_000;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const networkRule = "https, or plain http on loopback (127.0.0.1, ::1, localhost) and never after https";

// what to do when a fetch fails, by the HTTP layer's code
const fetchFixes: Record<string, string> = {
  TIMEOUT: "check the URL and your network, or download the document and pass the file",
  TLS: "check the host's certificate, or download the document and pass the file",
  UNREACHABLE: "check the URL and your network, or download the document and pass the file",
  REDIRECT_REFUSED: `pass the final URL: documents are fetched over ${networkRule}`,
  TOO_MANY_REDIRECTS: "pass the final URL the redirects lead to",
  RESPONSE_TOO_LARGE: `download the document and check it; documents over ${mib(maxSpecBytes)} are refused`,
};

/** A fetch the rules did not let happen (an address the source may not reach, the byte budget spent). */
export class FetchRefused extends SpecError {
  override name = "FetchRefused";
}

export interface FetchOptions {
  /** The document that named it ($ref), for the https → http rule. */
  readonly from?: URL;
  /** The addresses the source may reach (default: any for a URL no document named, else public ones; lib/reach-guard.ts). */
  readonly reach?: ReachGuard;
  /** Bytes this fetch shares with the source's other fetches. */
  readonly budget?: ByteBudget;
  /** A stand-in for the network (tests). */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Fetches a document, within the reach rule, the size cap and the budget. */
export async function fetchDocument(url: URL, options: FetchOptions = {}): Promise<string> {
  if (!allowed(url, options.from)) {
    throw new SpecError(
      `${url.href} may not be fetched${options.from ? ` from ${options.from.href}` : ""}`,
      `use an https URL: documents are fetched over ${networkRule}`,
    );
  }
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send(
      url,
      {
        method: "GET",
        headers: { accept: "application/json, application/yaml, text/yaml, */*" },
        maxBytes: maxSpecBytes,
        ...(options.budget && { budget: options.budget }),
      },
      {
        timeoutMs: options.timeoutMs ?? fetchTimeoutMs,
        // without a rule of the source's, a URL no document named is the user's own
        reach: options.reach ?? new ReachGuard(options.from ? undefined : url),
        ...(options.fetch && { fetch: options.fetch }),
      },
    );
  } catch (error) {
    if (!(error instanceof McpDiscoveryError)) throw error;
    const Refused =
      error.code === "ADDRESS_REFUSED" || error.code === "BUDGET_EXCEEDED" ? FetchRefused : SpecError;
    throw new Refused(`cannot fetch ${url.href}: ${error.what}`, fetchFixes[error.code] ?? error.fix);
  }
  if (response.status < 200 || response.status > 299) {
    throw new SpecError(
      `fetching ${url.href} returned HTTP ${response.status}`,
      "check the URL; a spec behind a login must be downloaded first",
    );
  }
  return response.body;
}

/** Checks that `path` is a regular file within the size cap; `label` names it in errors. */
export function checkFile(path: string, label: string): void {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new SpecError(`${label} does not exist`, "check the path, or pass an http(s) URL");
    throw new SpecError(`cannot read ${label}: ${(error as Error).message}`, "check the file's permissions");
  }
  if (stats.isDirectory()) throw new SpecError(`${label} is a folder`, "pass the spec file inside it");
  // a pipe or device could block the read forever
  if (!stats.isFile())
    throw new SpecError(`${label} is not a regular file`, "pass a spec file, or - for stdin");
  if (stats.size > maxSpecBytes) {
    throw new SpecError(
      `${label} is ${mib(stats.size)}, over the ${mib(maxSpecBytes)} limit`,
      "check that it is the spec; documents that large are refused",
    );
  }
}

/** `path` with symbolic links resolved as far as it exists. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

const inside = (path: string, root: string): boolean => {
  const rest = relative(root, path);
  return rest === "" || (!rest.startsWith("..") && !isAbsolute(rest));
};

/**
 * Why a $ref from the document at `base` may not read `target`, or undefined when it may.
 * `refDirs` are the --ref-dir folders.
 */
export function refusal(target: URL, base: URL | undefined, refDirs: readonly string[]): string | undefined {
  if (base && (base.protocol === "https:" || base.protocol === "http:")) {
    if (target.protocol === "https:" || target.protocol === "http:") {
      return allowed(target, base)
        ? undefined
        : `a document read over the network may $ref only ${networkRule}`;
    }
    return "a document read over the network may $ref only network URLs, never this machine's files";
  }
  if (target.protocol !== "file:") {
    return "a local document may $ref only files under its own folder or a --ref-dir, not network URLs";
  }
  const path = real(fileURLToPath(target));
  const roots = [...(base?.protocol === "file:" ? [dirname(fileURLToPath(base))] : []), ...refDirs];
  return roots.some((root) => inside(path, real(root)))
    ? undefined
    : "a local document may $ref only files under its own folder or a --ref-dir";
}
