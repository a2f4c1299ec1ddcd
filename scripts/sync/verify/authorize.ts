// `verify --authorize`: a connected account authorized by a person, right now. It asks Scalekit
// for the account's authorization link with a user_verify_url on this machine (§10.3), prints the
// link on a line of its own (and opens the browser at a terminal), and waits — a bounded,
// visible countdown — for either Scalekit to send the browser back here (with auth_request_id,
// confirmed with user/verify; or with the OAuth error the flow ended in) or the account to turn
// ACTIVE. The listener answers only the random state it was given, only on 127.0.0.1.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { openInBrowser } from "../../lib/open-browser.ts";
import type { Out } from "../output.ts";

export interface AuthorizeOptions {
  readonly client: ScalekitClient;
  readonly connection: string;
  readonly identifier: string;
  readonly connector: string;
  /** How long to wait for the person, in ms. */
  readonly waitMs: number;
  readonly openBrowser: boolean;
  readonly stdout: Out;
  readonly stderr: Out;
  /** True at a terminal: the countdown rewrites one line. */
  readonly terminal: boolean;
  /** How often the account's status is read, in ms (default 2000). */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export type Authorized =
  | { readonly ok: true }
  /** The flow ended in an OAuth error Scalekit passed back: the vendor's, or `token_error`. */
  | { readonly ok: false; readonly kind: "error"; readonly error: string; readonly description: string }
  | { readonly ok: false; readonly kind: "timeout"; readonly waitedMs: number }
  | { readonly ok: false; readonly kind: "interrupted" };

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p>`;
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

interface Landing {
  readonly authRequestId?: string;
  readonly error?: string;
  readonly description?: string;
}

/** A listener on 127.0.0.1 for the browser's return; resolves `landed` with what it brought. */
async function listen(state: string): Promise<{ server: Server; url: string; landed: Promise<Landing> }> {
  let resolveLanding: (landing: Landing) => void = () => {};
  const landed = new Promise<Landing>((resolve) => {
    resolveLanding = resolve;
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.setHeader("cache-control", "no-store");
    if (url.pathname !== "/connectorkit/authorized" || url.searchParams.get("state") !== state) {
      response.statusCode = 404;
      response.end(
        page("Not found", "This is connectorkit's authorization listener; it expects another link."),
      );
      return;
    }
    const error = url.searchParams.get("error");
    if (error) {
      const description = url.searchParams.get("error_description") ?? "";
      response.end(
        page(
          "Not authorized",
          `${escapeHtml(error)}${description ? `: ${escapeHtml(description)}` : ""}. See the terminal for what to check.`,
        ),
      );
      resolveLanding({ error, description });
      return;
    }
    const authRequestId = url.searchParams.get("auth_request_id") ?? "";
    response.end(page("Authorized", "connectorkit has the authorization. You can close this tab."));
    resolveLanding({ authRequestId });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connectorkit/authorized`;
  return { server, url, landed };
}

const seconds = (ms: number) => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
};

export async function authorizeAccount(options: AuthorizeOptions): Promise<Authorized> {
  const state = randomBytes(16).toString("base64url");
  const listener = await listen(state);
  const timers: NodeJS.Timeout[] = [];
  try {
    const { link } = await options.client.getAuthorizationLink({
      connection: options.connection,
      identifier: options.identifier,
      userVerifyUrl: listener.url,
      state,
    });
    options.stdout.write(
      `Open this link to authorize ${options.connector} (connection ${options.connection}):\n${link}\n`,
    );
    if (options.openBrowser) openInBrowser(link);

    const started = Date.now();
    const deadline = started + options.waitMs;
    const active = new Promise<"active">((resolve, reject) => {
      const poll = async () => {
        try {
          const [account] = await options.client.listConnectedAccounts({
            connection: options.connection,
            identifier: options.identifier,
          });
          if (account?.status === "ACTIVE") return resolve("active");
        } catch (error) {
          if (!isScalekitApiError(error) || error.kind === "http") return reject(error);
        }
        timers.push(setTimeout(poll, options.pollMs ?? 2000));
      };
      timers.push(setTimeout(poll, options.pollMs ?? 2000));
    });
    const timeout = new Promise<"timeout">((resolve) =>
      timers.push(setTimeout(() => resolve("timeout"), options.waitMs)),
    );
    const interrupted = new Promise<"interrupted">((resolve) => {
      if (options.signal?.aborted) resolve("interrupted");
      options.signal?.addEventListener("abort", () => resolve("interrupted"), { once: true });
    });
    // the countdown: one line rewritten at a terminal, a line every 30 s elsewhere
    const tick = () => {
      const left = seconds(deadline - Date.now());
      if (options.terminal)
        options.stderr.write(`\rwaiting for the authorization: ${left} left (Ctrl-C stops and cleans up) `);
      else options.stderr.write(`waiting for the authorization: ${left} left\n`);
    };
    tick();
    const every = setInterval(tick, options.terminal ? 1000 : 30_000);
    timers.push(every);

    const outcome = await Promise.race([listener.landed, active, timeout, interrupted]);
    if (options.terminal) options.stderr.write("\n");
    if (outcome === "timeout") return { ok: false, kind: "timeout", waitedMs: Date.now() - started };
    if (outcome === "interrupted") return { ok: false, kind: "interrupted" };
    if (outcome === "active") return { ok: true };
    if (outcome.error !== undefined)
      return { ok: false, kind: "error", error: outcome.error, description: outcome.description ?? "" };
    await options.client.verifyConnectedAccountUser({
      authRequestId: outcome.authRequestId ?? "",
      identifier: options.identifier,
    });
    return { ok: true };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await new Promise<void>((resolve) => {
      listener.server.closeAllConnections();
      listener.server.close(() => resolve());
    });
  }
}
