// connectorkit.config.ts: where the definitions live and which Scalekit environments sync may
// target. Read by scripts/sync.ts from the working directory.

/** One Scalekit environment. Keep credentials out of the file: read them from the environment. */
export interface EnvironmentConfig {
  /** The environment URL, e.g. https://acme.scalekit.dev. */
  readonly url: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /**
   * Marks a production environment: sync never writes to it without `--yes` or the environment's
   * name typed at the prompt. Environments on scalekit.com are treated as production either way.
   */
  readonly production?: boolean;
}

export interface ConnectorkitConfig {
  /**
   * Scopes ownership: sync marks the connectors it creates `managed_by = "connectorkit:<project>"`
   * and only ever prunes those, so several repositories can deploy to one environment. Letters,
   * digits, `.`, `_` and `-`, at most 64.
   * @example project: "billing-web"
   */
  readonly project?: string;
  /**
   * Renames that keep the connector's identifier and connections: the definition named `to`
   * updates the connector sync manages under the name `from` (like terraform's `moved` blocks).
   * Once applied an entry matches nothing; remove it when every environment has been renamed.
   * @example moved: [{ from: "Acme CRM", to: "Acme Sales" }]
   */
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  /** Files or folders of connector definitions (default "connectors"). */
  readonly connectors?: string | readonly string[];
  /**
   * The connectors' app connections. `managed: false` when they are made in the Scalekit Dashboard:
   * apply then only looks them up, for every connector (one may say otherwise in `.connection()`).
   * Default: apply makes and updates them.
   * @example connections: { managed: false }
   */
  readonly connections?: { readonly managed?: boolean };
  /** Named environments, chosen with `sync --env NAME`. */
  readonly environments?: Readonly<Record<string, EnvironmentConfig>>;
}

/**
 * Declares the project's sync settings, with types. Returns the config unchanged.
 * @example
 * export default defineConfig({
 *   connectors: "connectors",
 *   environments: {
 *     dev: {
 *       url: process.env.DEV_SCALEKIT_URL,
 *       clientId: process.env.DEV_SCALEKIT_CLIENT_ID,
 *       clientSecret: process.env.DEV_SCALEKIT_CLIENT_SECRET,
 *     },
 *     prod: {
 *       url: process.env.PROD_SCALEKIT_URL,
 *       clientId: process.env.PROD_SCALEKIT_CLIENT_ID,
 *       clientSecret: process.env.PROD_SCALEKIT_CLIENT_SECRET,
 *       production: true,
 *     },
 *   },
 * });
 */
export function defineConfig<const C extends ConnectorkitConfig>(config: C): C {
  return config;
}
