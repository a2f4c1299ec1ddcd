// The proxy client's tests' world, over real HTTP on 127.0.0.1: vendor APIs that accept only the
// right credential, the emulator on a socket with --connect-to sending their hosts there, the
// connectors applied by `sync apply` and connected accounts made through the Scalekit client.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { Connector } from "../../dsl/index.ts";
import type { RunningEmulator } from "../../scripts/emulator/server.ts";
import { closedOrigin, json, type Received, startUpstream, type Upstream } from "../emulator/upstream.ts";
import {
  clientFor,
  dslIndex,
  envFor,
  type Project,
  project,
  startTestEmulator,
  sync,
} from "../sync/helpers.ts";

export const bearer = "canary-bearer-Pq4Zt8Kd";
export const apiKey = "canary-key-Wd3Lm7Xa";
export const books = { username: "reader", password: "canary-pass-Rk2Vb9" };
/** Identifiers of the accounts made on the CRM connection, each with its own token. */
export const crmUsers = Array.from({ length: 8 }, (_, index) => `crm-user-${index}`);
export const tokenOf = (identifier: string) => `${bearer}-${identifier}`;

export interface Contact {
  readonly id: string;
  readonly name: string;
}
export interface VendorFault {
  readonly error: { readonly code: string; readonly message: string };
}
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Get<T> = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: Json<T> };
};

/** The CRM's API as openapi-typescript writes one, paths relative to proxy_url. */
export interface CrmPaths {
  "/contacts/{id}": {
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Contact>; 404: Json<VendorFault> };
    };
  };
  "/echo": {
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { note: string } } };
      responses: { 200: Json<{ note: string; token: string }> };
    };
  };
  "/files": {
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/octet-stream": string } };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/octet-stream": string } };
      };
    };
  };
  "/moved": { get: Get<Contact> };
  "/busy": { get: Get<Contact> };
  "/slow": { get: Get<Contact> };
  "/gzip": { get: Get<Contact> };
}

/** The tracker's API: one call, to see the API key arrive. */
export interface TrackerPaths {
  "/me": { get: Get<{ login: string }> };
}

const crmAnswer = (request: Received) => {
  const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1] ?? "";
  if (!crmUsers.some((user) => tokenOf(user) === token))
    return json(401, { error: { code: "unauthorized", message: "bad token" } });
  const path = request.url.replace(/^\/v2/, "");
  if (path === "/contacts/42") return json(200, { id: "42", name: "Ada" });
  if (path.startsWith("/contacts/"))
    return json(404, { error: { code: "not_found", message: `no contact ${path.slice(10)}` } });
  if (path === "/echo") return json(200, { note: JSON.parse(request.body).note, token });
  if (path === "/files")
    return {
      status: 200,
      body: Buffer.from([...request.bytes].reverse()),
      headers: { "content-type": "application/octet-stream" },
    };
  if (path === "/moved") return { status: 302, headers: { location: "https://elsewhere.example/contacts" } };
  if (path === "/busy") return json(503, { error: { code: "busy", message: "try later" } });
  if (path === "/slow") return { status: 200, stall: true };
  if (path === "/gzip")
    return {
      status: 200,
      body: gzipSync(JSON.stringify({ id: "7", name: "Grace" })),
      headers: { "content-encoding": "gzip" },
    };
  return json(404, { error: { code: "no_route", message: path } });
};

export interface World {
  readonly running: RunningEmulator;
  readonly env: Record<string, string>;
  readonly environment: { url: string; clientId: string; clientSecret: string };
  readonly vendors: { crm: Upstream; tracker: Upstream; books: Upstream };
  readonly connectors: Readonly<Record<"crm" | "tracker" | "books" | "down" | "docs", Connector>>;
  /** A connector that was never applied. */
  readonly stray: Connector;
  readonly work: Project;
  /** The CRM connection's name, as Scalekit generated it. */
  readonly crmConnection: string;
  close(): Promise<void>;
}

const definitions = `import { connector } from ${JSON.stringify(dslIndex)};
export const crm = connector("Acme CRM").bearer().proxy("https://api.acme.example/v2");
export const tracker = connector("Key Tracker").apiKey({ header: "X-API-Key" }).mutate("api_key", { prefix: "Token " }).proxy("https://api.tracker.example/v1").connection({ name: "tracker" });
export const books = connector("Basic Books").basic().proxy("https://api.books.example");
export const down = connector("Down Api").bearer().proxy("https://api.down.example");
export const docs = connector("Docs Oauth").oauth({ authorizeUri: "https://id.docs.example/authorize", tokenUri: "https://id.docs.example/token" }).proxy("https://api.docs.example");
`;

export async function startWorld(options: { proxyTimeoutMs?: number } = {}): Promise<World> {
  const crm = await startUpstream(crmAnswer);
  const tracker = await startUpstream((request) =>
    request.headers["x-api-key"] === `Token ${apiKey}` && request.url === "/v1/me"
      ? json(200, { login: "tracker-user" })
      : json(401, { error: { code: "unauthorized", message: "bad key" } }),
  );
  const basic = `Basic ${Buffer.from(`${books.username}:${books.password}`).toString("base64")}`;
  const booksVendor = await startUpstream((request) =>
    request.headers.authorization === basic ? json(200, { login: books.username }) : json(401, {}),
  );
  const running = await startTestEmulator({
    proxyTimeoutMs: options.proxyTimeoutMs ?? 30_000,
    connectTo: [
      `api.acme.example=${crm.origin}`,
      `api.tracker.example=${tracker.origin}`,
      `api.books.example=${booksVendor.origin}`,
      `api.down.example=${await closedOrigin()}`,
    ],
  });
  const env = envFor(running);
  const work = project({ "connectors/all.ts": definitions });
  const applied = await sync(["apply", "--yes"], {
    cwd: work.dir,
    env: {
      ...env,
      CONNECTORKIT_OAUTH_DOCS_OAUTH_CLIENT_ID: "docs-client",
      CONNECTORKIT_OAUTH_DOCS_OAUTH_CLIENT_SECRET: "docs-client-secret-Zq1",
    },
  });
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}${applied.stderr}`);
  const loaded = (await import(pathToFileURL(join(work.dir, "connectors/all.ts")).href)) as Record<
    string,
    Connector
  >;
  const client = clientFor(running);
  const { connections } = await client.listConnections();
  const provider = (await client.listCustomProviders()).find((p) => p.display_name === "Acme CRM");
  const crmConnection = connections.find((c) => c.providerKey === provider?.identifier)?.name ?? "";
  for (const user of crmUsers)
    await client.createConnectedAccount({
      connection: crmConnection,
      identifier: user,
      details: { token: tokenOf(user) },
    });
  await client.createConnectedAccount({
    connection: "tracker",
    identifier: "tracker-user",
    details: { api_key: apiKey },
  });
  const booksConnection = connections.find((c) => c.name.startsWith("basicbooks"))?.name ?? "";
  await client.createConnectedAccount({
    connection: booksConnection,
    identifier: "reader",
    details: { ...books },
  });
  const downConnection = connections.find((c) => c.name.startsWith("downapi"))?.name ?? "";
  await client.createConnectedAccount({
    connection: downConnection,
    identifier: "someone",
    details: { token: bearer },
  });
  const docsConnection = connections.find((c) => c.name.startsWith("docsoauth"))?.name ?? "";
  // an OAuth account made without credentials waits for the user's authorization
  await client.createConnectedAccount({ connection: docsConnection, identifier: "waiting" });
  const { connector } = await import("../../dsl/index.ts");
  return {
    running,
    env,
    environment: {
      url: running.url,
      clientId: running.emulator.clientId,
      clientSecret: running.emulator.clientSecret,
    },
    vendors: { crm, tracker, books: booksVendor },
    connectors: {
      crm: loaded.crm as Connector,
      tracker: loaded.tracker as Connector,
      books: loaded.books as Connector,
      down: loaded.down as Connector,
      docs: loaded.docs as Connector,
    },
    stray: connector("Never Applied").bearer().proxy("https://api.never.example"),
    work,
    crmConnection,
    async close() {
      await running.close();
      await Promise.all([crm, tracker, booksVendor].map((vendor) => vendor.close()));
      work.remove();
    },
  };
}
