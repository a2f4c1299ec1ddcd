// The OAuth tests' world: a fake vendor, an emulator on a socket routed to it, an OAuth
// connector with its connection and one PENDING_AUTH account, and a way to authorize it.
import { followLink } from "../oauth/user.ts";
import { type OAuthVendor, startOAuthVendor, type VendorOptions } from "../oauth/vendor.ts";
import type { Client } from "./helpers.ts";
import {
  createAccount,
  createConnector,
  magicLink,
  type OAuthConnectionSettings,
  oauthConnection,
  type Running,
  socketEmulator,
} from "./oauth-helpers.ts";

export const clientId = "acme-client";
export const clientSecret = "acme-secret-Zq8Lm2Xw7Vb4";
/** The app's user_verify_url; the headless user stops there (nothing serves it). */
export const verifyUrl = "https://app.test/connect/verify";

const closers: (() => Promise<void>)[] = [];
/** Closes every vendor and emulator the setups started (call it in afterEach). */
export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

export interface OAuthSetup {
  readonly vendor: OAuthVendor;
  readonly running: Running;
  readonly client: Client;
  readonly connection: { readonly id: string; readonly redirectUri: string };
  /** Moves the emulator's and the vendor's clocks forward. */
  advance(ms: number): void;
  /** A link for user-1 (with these magic_link options), followed by the headless user. */
  authorize(body?: Record<string, unknown>): ReturnType<typeof followLink>;
}

export interface SetupOptions {
  readonly vendor?: VendorOptions;
  readonly settings?: OAuthConnectionSettings;
  /** Replaces members of the connector's oauth_config. */
  readonly config?: Record<string, string>;
  /** The redirect URI registered at the vendor (default: the connection's). */
  readonly registered?: string;
  readonly connectTo?: readonly string[];
  /** The emulator's --state file. */
  readonly statePath?: string;
  /** How long the emulator waits for each exchange (default 30 s). */
  readonly proxyTimeoutMs?: number;
}

/**
 * The fake vendor, an emulator on a socket that routes login.acme.example and api.acme.example to
 * it, an OAuth connector "Acme CRM" (proxy_url https://api.acme.example), its connection
 * "acme-crm" with client credentials, scopes and PKCE, the client registered at the vendor, and a
 * PENDING_AUTH account "user-1".
 */
export async function setupOAuth(options: SetupOptions = {}): Promise<OAuthSetup> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const vendor = await startOAuthVendor({ ...options.vendor, now });
  closers.push(() => vendor.close());
  const running = await socketEmulator({
    now,
    ...(options.statePath !== undefined && { statePath: options.statePath }),
    ...(options.proxyTimeoutMs !== undefined && { proxyTimeoutMs: options.proxyTimeoutMs }),
    connectTo: [
      `login.acme.example=${vendor.origin}`,
      `api.acme.example=${vendor.origin}`,
      ...(options.connectTo ?? []),
    ],
  });
  closers.push(() => running.emulator.close());
  const { client } = running;
  const identifier = await createConnector(
    client,
    "Acme CRM",
    {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "",
      fields: [],
      oauth_config: {
        authorize_uri: "https://login.acme.example/authorize",
        token_uri: "https://login.acme.example/token",
        user_info_uri: "https://login.acme.example/userinfo",
        ...options.config,
      },
    },
    "https://api.acme.example",
  );
  const connection = await oauthConnection(client, identifier, "acme-crm", {
    client_id: clientId,
    client_secret: clientSecret,
    scopes: ["contacts.read", "offline"],
    pkce_enabled: true,
    ...options.settings,
  });
  vendor.addClient({
    id: clientId,
    secret: clientSecret,
    redirectUris: [options.registered ?? connection.redirectUri],
  });
  await createAccount(client, "acme-crm", "user-1");
  return {
    vendor,
    running,
    client,
    connection,
    advance: (ms) => {
      offset += ms;
    },
    async authorize(body = {}) {
      const made = await magicLink(client, { connector: "acme-crm", identifier: "user-1", ...body });
      if (made.status !== 200) throw new Error(`no link: ${made.status} ${JSON.stringify(made.body)}`);
      return followLink(made.body.link, { stopAt: verifyUrl });
    },
  };
}
