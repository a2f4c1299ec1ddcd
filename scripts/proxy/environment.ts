// Which Scalekit environment the proxy client calls through: the one given, or the SCALEKIT_*
// variables read as sync reads them (sync/target.ts: the same names, the same checks). Not
// connectorkit.config.ts: that file describes where connectors are deployed from a repository; an
// application calls from its own deployment, configured by its own environment, and loading a
// TypeScript config at run time would need a compiler in the application. Not the embedded
// emulator either, which sync falls back to: it keeps connected accounts in memory only, so an
// application's process would find none, and a missing variable must be an error, not a quiet
// local stand-in. `.env` is not read: an application loads it itself (node --env-file=.env).
import { UsageError } from "../sync/config.ts";
import { envVars, resolveTarget } from "../sync/target.ts";
import { ProxyError } from "./errors.ts";

/** A Scalekit environment: its URL and the client credentials of an API client. */
export interface ProxyEnvironment {
  /** e.g. https://acme.scalekit.dev */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const local = new Set(["localhost", "127.0.0.1", "[::1]"]);

const usage = (what: string, fix: string) => new ProxyError({ kind: "usage", what, fix });

function given(environment: ProxyEnvironment): ProxyEnvironment {
  for (const key of ["url", "clientId", "clientSecret"] as const) {
    if (typeof environment[key] !== "string" || environment[key] === "")
      throw usage(`environment.${key} is empty`, "pass the environment's URL, client id and client secret");
  }
  let url: URL;
  try {
    url = new URL(environment.url);
  } catch {
    throw usage(
      `environment.url ${JSON.stringify(environment.url)} is not a URL`,
      "use e.g. https://acme.scalekit.dev",
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local.has(url.hostname)))
    throw usage(
      `environment.url must be an https:// URL, not ${JSON.stringify(environment.url)}`,
      "use e.g. https://acme.scalekit.dev (plain http only on localhost)",
    );
  return { url: url.origin, clientId: environment.clientId, clientSecret: environment.clientSecret };
}

/** The environment to call through: `environment`, else the SCALEKIT_* variables of `env`. */
export function environmentOf(
  environment: ProxyEnvironment | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProxyEnvironment {
  if (environment !== undefined) return given(environment);
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget({ cwd: process.cwd(), env: { ...env }, envName: undefined, config: undefined });
  } catch (error) {
    if (error instanceof UsageError) throw usage(error.message, error.fix);
    throw error;
  }
  if (target.kind === "embedded")
    throw usage(
      `no Scalekit environment: ${envVars.url}, ${envVars.clientId} and ${envVars.clientSecret} are not set`,
      "set them (an application reads its own environment; node --env-file=.env loads a .env file), or pass { environment: { url, clientId, clientSecret } }",
    );
  return { url: target.url, clientId: target.clientId, clientSecret: target.clientSecret };
}
