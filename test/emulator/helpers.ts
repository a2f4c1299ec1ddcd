// Shared test helpers: a small JSON client over an emulator (in-process or a socket URL), and payloads.
import { createEmulator, type Emulator, type EmulatorOptions } from "../../scripts/emulator/app.ts";
import { type FaultKind, FaultPlan } from "../../scripts/emulator/faults.ts";
import type { ProviderRecord } from "../../scripts/emulator/record.ts";

export interface FieldViolationBody {
  readonly field: string;
  readonly description: string;
  readonly constraint: string;
}

/** Every key any emulator response may carry; tests assert which are really there. */
export interface Body {
  readonly provider: ProviderRecord;
  readonly providers: ProviderRecord[];
  readonly next_page_token: string;
  readonly prev_page_token: string;
  readonly total_size: number;
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly scope: string;
  readonly connection_id: string;
  readonly code: number;
  readonly message: string;
  readonly details: {
    readonly "@type": string;
    readonly error_code: string;
    readonly validation_error_info?: { readonly field_violations: FieldViolationBody[] };
  }[];
  readonly error: string;
}

export interface Reply<T = Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export type Send = (request: Request) => Promise<Response>;

export interface Client {
  readonly send: Send;
  readonly base: string;
  token(): Promise<string>;
  call<T = Body>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string | null },
  ): Promise<Reply<T>>;
}

export function clientFor(
  send: Send,
  base = "http://emulator.test",
  credentials = { id: "local", secret: "local-secret" },
): Client {
  let cached: string | undefined;
  const token = async (): Promise<string> => {
    if (cached !== undefined) return cached;
    const reply = await send(
      new Request(`${base}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: credentials.id,
          client_secret: credentials.secret,
        }),
      }),
    );
    const body: Partial<Body> = JSON.parse(await reply.text());
    cached = body.access_token;
    if (typeof cached !== "string") throw new Error(`no token: ${reply.status} ${JSON.stringify(body)}`);
    return cached;
  };
  return {
    send,
    base,
    token,
    async call<T = Body>(
      method: string,
      path: string,
      options: { body?: unknown; raw?: string; token?: string | null } = {},
    ): Promise<Reply<T>> {
      const headers = new Headers();
      const bearer = options.token === undefined ? await token() : options.token;
      if (bearer !== null) headers.set("authorization", `Bearer ${bearer}`);
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers.set("content-type", "application/json");
      const response = await send(
        new Request(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
      );
      const text = await response.text();
      const parsed: T = text === "" ? undefined : JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** An in-process emulator and a client for it. */
export function inProcess(options: EmulatorOptions = {}): { emulator: Emulator; client: Client } {
  const emulator = createEmulator(options);
  return { emulator, client: clientFor((request) => emulator.fetch(request)) };
}

/**
 * Makes an app connection for the custom provider `identifier` through the connections API, as
 * apply does: create (named `keyId`, or generated), then enable. Returns the connection.
 */
export async function connect(
  client: Client,
  identifier: string,
  options: { keyId?: string; type?: string; enable?: boolean } = {},
): Promise<{ id: string; key_id: string } & Record<string, unknown>> {
  const made = await client.call<{ connection: { id: string; key_id: string } & Record<string, unknown> }>(
    "POST",
    "/api/v1/connections?flags.is_app=true",
    {
      body: {
        provider: "CUSTOM",
        provider_key: identifier,
        type: options.type ?? "BEARER",
        ...(options.keyId !== undefined && { key_id: options.keyId }),
      },
    },
  );
  if (made.status !== 200)
    throw new Error(`connection not made: ${made.status} ${JSON.stringify(made.body)}`);
  if (options.enable !== false) {
    const enabled = await client.call("PATCH", `/api/v1/connections/${made.body.connection.id}:enable`);
    if (enabled.status !== 200) throw new Error(`connection not enabled: ${enabled.status}`);
  }
  return made.body.connection;
}

export const bearerPattern = {
  type: "BEARER",
  display_name: "Bearer Token",
  description: "Authenticate with a token",
  fields: [{ field_name: "token", label: "Token", input_type: "password" }],
};

/** A valid create body; `overrides` replace top-level keys (undefined removes one). */
export function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    display_name: "My Asana",
    description: "Asana through the proxy",
    auth_patterns: [bearerPattern],
    proxy_url: "https://app.asana.com/api/1.0",
    proxy_enabled: true,
    icon_src: "https://example.com/asana.svg",
    metadata: { owner: "platform" },
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

export const encode = encodeURIComponent;

/** The first seed whose fault draws start with `wanted` (undefined = no fault), so tests need not hard-code seeds. */
export function seedWhere(spec: string, wanted: readonly (FaultKind | undefined)[]): number {
  for (let seed = 1; seed < 10_000; seed++) {
    const plan = new FaultPlan(spec, seed);
    if (wanted.every((kind) => plan.draw() === kind)) return seed;
  }
  throw new Error(`no seed gives ${wanted.join(",")}`);
}
