// A connector's app connection as code (`.connection()` on a finished connector). On Scalekit the
// connection is a resource of its own, made after the connector (scalekit-api.md §10.1): its
// name is what connected accounts, proxy and tool calls use, and for OAuth it holds the vendor
// OAuth app's client credentials and the scopes to request. Like `.verify()`, none of this is
// part of the connector's payload; `sync apply` makes and updates the connection from it. The
// client id and secret are never written here: they come from environment variables.
import { DslError } from "./errors.ts";
import type { Payload } from "./payload.ts";
import { connectionNameProblem } from "./rules/connection.ts";

/** What an environment may set differently for an OAuth connection. */
export interface ConnectionEnvironmentOptions {
  /** The scopes to request in that environment. */
  readonly scopes?: readonly string[];
  readonly pkce?: boolean;
}

/** `.connection()` options every connector takes. */
export interface ConnectionOptions {
  /**
   * The connection name (its key_id), which applications pass as `connection_name`. Default: the
   * one Scalekit generates, found by lookup. Letters, digits, `-` and `_`, at most 64.
   */
  readonly name?: string;
  /**
   * `false`: the connection is made in the Scalekit Dashboard; apply only looks it up and never
   * creates, changes or deletes it. Default: true (or the config's `connections.managed`).
   */
  readonly managed?: boolean;
}

/** `.connection()` options of an OAuth API connector. */
export interface OAuthConnectionOptions extends ConnectionOptions, ConnectionEnvironmentOptions {
  /** How the client authenticates at token_uri: in the POST body (Scalekit's default) or HTTP Basic. */
  readonly tokenAuth?: "client_secret_post" | "client_secret_basic";
  /** What differs in an environment of connectorkit.config.ts, by its name. */
  readonly environments?: Readonly<Record<string, ConnectionEnvironmentOptions>>;
}

/** A connector's declared connection, as loaders and sync see it. */
export interface ConnectionSpec {
  readonly name?: string;
  readonly managed?: boolean;
  readonly scopes?: readonly string[];
  readonly pkce?: boolean;
  readonly tokenAuth?: "client_secret_post" | "client_secret_basic";
  readonly environments?: Readonly<Record<string, ConnectionEnvironmentOptions>>;
}

const tokenAuths = ["client_secret_post", "client_secret_basic"];

function checkScopes(scopes: unknown, declared: ReadonlySet<string>, where: string): string[] {
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== "string"))
    throw new DslError(`${where}: scopes must be a list of scope names`);
  const unknown = scopes.filter((scope: string) => !declared.has(scope));
  if (unknown.length > 0)
    throw new DslError(
      `${where}: ${unknown.map((s: string) => JSON.stringify(s)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not declared with .scope(): declare ${unknown.length === 1 ? "it" : "them"}, or leave ${unknown.length === 1 ? "it" : "them"} out`,
    );
  return [...new Set(scopes as string[])];
}

/** Checks `.connection()` options against the finished connector's payload; throws DslError. */
export function parseConnection(
  options: OAuthConnectionOptions,
  payload: Payload,
  where: string,
): ConnectionSpec {
  const [pattern] = payload.auth_patterns;
  const apiOAuth = pattern?.type === "OAUTH" && pattern.is_mcp !== true;
  const at = `${where}: .connection()`;
  if (options.name !== undefined) {
    const problem =
      typeof options.name === "string" ? connectionNameProblem(options.name) : "it must be text";
    if (problem) throw new DslError(`${at}: ${problem}`);
  }
  if (options.managed !== undefined && typeof options.managed !== "boolean")
    throw new DslError(`${at}: managed is true or false`);
  const oauthOnly = (["scopes", "pkce", "tokenAuth", "environments"] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (!apiOAuth && oauthOnly.length > 0) {
    const why =
      pattern?.type === "OAUTH"
        ? "an MCP server registers its own client (DCR)"
        : "static credentials need no settings";
    throw new DslError(`${at}: ${oauthOnly.join(", ")} apply to OAuth API connections only; ${why}`);
  }
  const declared = new Set((pattern?.oauth_config?.available_scopes ?? []).map((scope) => scope.scope));
  const environments: Record<string, ConnectionEnvironmentOptions> = {};
  for (const [name, value] of Object.entries(options.environments ?? {})) {
    if (typeof value !== "object" || value === null)
      throw new DslError(`${at}: environments.${name} must be an object`);
    const unknownKeys = Object.keys(value).filter((key) => key !== "scopes" && key !== "pkce");
    if (unknownKeys.length > 0)
      throw new DslError(`${at}: environments.${name} takes scopes and pkce, not ${unknownKeys.join(", ")}`);
    environments[name] = {
      ...(value.scopes !== undefined && {
        scopes: checkScopes(value.scopes, declared, `${at} environments.${name}`),
      }),
      ...(value.pkce !== undefined && { pkce: value.pkce === true }),
    };
  }
  if (options.tokenAuth !== undefined && !tokenAuths.includes(options.tokenAuth))
    throw new DslError(`${at}: tokenAuth is "client_secret_post" or "client_secret_basic"`);
  return {
    ...(options.name !== undefined && { name: options.name }),
    ...(options.managed !== undefined && { managed: options.managed }),
    ...(options.scopes !== undefined && { scopes: checkScopes(options.scopes, declared, at) }),
    ...(options.pkce !== undefined && { pkce: options.pkce === true }),
    ...(options.tokenAuth !== undefined && { tokenAuth: options.tokenAuth }),
    ...(Object.keys(environments).length > 0 && { environments }),
  };
}
