// Helpers for the authorization and tool tests: an emulator on a socket (the user's browser must
// reach its links), a connector with its connection and accounts, the link, and the calls a test
// makes after it. Everything goes through the emulator's HTTP API.

import type { EmulatorOptions } from "../../scripts/emulator/app.ts";
import { type RunningEmulator, startEmulator } from "../../scripts/emulator/server.ts";
import { type Body, type Client, clientFor, connect, payload } from "./helpers.ts";

export interface Running {
  readonly emulator: RunningEmulator;
  readonly client: Client;
}

/** An emulator on 127.0.0.1 (port 0) and a client for it. */
export async function socketEmulator(options: EmulatorOptions = {}): Promise<Running> {
  const emulator = await startEmulator({ port: 0, ...options });
  return { emulator, client: clientFor((request) => fetch(request), emulator.url) };
}

/** Creates a custom provider; returns its identifier. */
export async function createConnector(
  client: Client,
  name: string,
  pattern: Record<string, unknown>,
  proxyUrl: string,
): Promise<string> {
  const made = await client.call("POST", "/api/v1/custom-providers", {
    body: payload({ display_name: name, auth_patterns: [pattern], proxy_url: proxyUrl }),
  });
  if (made.status !== 201) throw new Error(`connector not made: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.provider.identifier;
}

export interface OAuthConnectionSettings {
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly scopes?: readonly string[];
  readonly pkce_enabled?: boolean;
  readonly token_endpoint_auth_method?: string;
}

/** An enabled OAUTH connection named `keyId`, with its OAuth settings; returns its id and redirect_uri. */
export async function oauthConnection(
  client: Client,
  identifier: string,
  keyId: string,
  settings?: OAuthConnectionSettings,
): Promise<{ id: string; redirectUri: string }> {
  const made = await connect(client, identifier, { keyId, type: "OAUTH" });
  if (settings) {
    const patched = await client.call("PATCH", `/api/v1/connections/${made.id}`, {
      body: { oauth_config: settings },
    });
    if (patched.status !== 200) throw new Error(`connection not patched: ${patched.status}`);
  }
  const shown = made.oauth_config as { redirect_uri: string };
  return { id: made.id, redirectUri: shown.redirect_uri };
}

/** A connected account; static `details` for a static connector, none for OAuth (PENDING_AUTH). */
export async function createAccount(
  client: Client,
  connector: string,
  identifier: string,
  details?: Record<string, unknown>,
): Promise<string> {
  const made = await client.call<{ connected_account: { id: string } }>(
    "POST",
    "/api/v1/connected_accounts",
    {
      body: {
        connector,
        identifier,
        connected_account:
          details === undefined ? {} : { authorization_details: { static_auth: { details } } },
      },
    },
  );
  if (made.status !== 201) throw new Error(`account not made: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.connected_account.id;
}

/** POST …/magic_link; the answer as it came. */
export function magicLink(client: Client, body: Record<string, unknown>) {
  return client.call<Body & { link: string; expiry: string }>(
    "POST",
    "/api/v1/connected_accounts/magic_link",
    { body },
  );
}

/** The account's status, as the list shows it. */
export async function accountStatus(client: Client, connector: string, identifier: string): Promise<string> {
  const listed = await client.call<{ connected_accounts: { status: string }[] }>(
    "GET",
    `/api/v1/connected_accounts?connector=${encodeURIComponent(connector)}&identifier=${encodeURIComponent(identifier)}`,
  );
  return listed.body.connected_accounts[0]?.status ?? "(none)";
}

/** A tool proxy call for the account. */
export async function proxyCall(
  client: Client,
  connector: string,
  identifier: string,
  path: string,
): Promise<{ status: number; text: string }> {
  const response = await client.send(
    new Request(`${client.base}/proxy${path}`, {
      headers: { authorization: `Bearer ${await client.token()}`, connection_name: connector, identifier },
    }),
  );
  return { status: response.status, text: await response.text() };
}

export interface AttemptShown {
  readonly account_id: string;
  readonly stage: string;
  readonly error?: string;
  readonly error_description?: string;
  readonly user_info?: string;
}

/** The emulator's record of authorization attempts, latest last. */
export async function attempts(client: Client): Promise<AttemptShown[]> {
  return (await client.call<AttemptShown[]>("GET", "/_emulator/authorizations", { token: null })).body;
}

/** Everything the emulator shows about itself to a test: request log, state, authorizations. */
export async function emulatorViews(client: Client): Promise<string> {
  const views = await Promise.all(
    ["/_emulator/requests", "/_emulator/state", "/_emulator/authorizations"].map((path) =>
      client.call("GET", path, { token: null }),
    ),
  );
  return views.map((view) => JSON.stringify(view.body)).join("\n");
}
