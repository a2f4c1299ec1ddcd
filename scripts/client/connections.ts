// Connections (scalekit-api.md §10), behind the client's interface: listing (the PREVIEW
// ListAppConnections, or the public list where an environment lacks it), create, get, PATCH,
// delete and enable/disable. The wire shapes are preview.ts's. A client secret sent in a PATCH is
// scrubbed from any error the server answers with.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/api/schema.ts";
import type { ApiCall } from "./connected-accounts.ts";
import { credentialForms, isScalekitApiError, malformed } from "./errors.ts";
import {
  appConnectionsPageSize,
  appFlagQuery,
  type ConnectionInfo,
  type ConnectionSettings,
  connectionFromWire,
  previewUnavailable,
  settingsToWire,
} from "./preview.ts";

export interface ConnectionListing {
  readonly connections: readonly ConnectionInfo[];
  /** False where the environment does not offer the PREVIEW connections API: then none can be written. */
  readonly preview: boolean;
}

export interface ConnectionsApi {
  /** Every app connection of the environment, all pages. */
  listConnections(): Promise<ConnectionListing>;
  /** PREVIEW. `name` is the key_id to ask for; without it the server generates one. */
  createConnection(input: { providerKey: string; type: string; name?: string }): Promise<ConnectionInfo>;
  getConnection(id: string): Promise<ConnectionInfo>;
  /** PREVIEW. OAuth settings are sent whole, the client secret included. */
  updateConnection(id: string, settings: ConnectionSettings): Promise<ConnectionInfo>;
  deleteConnection(id: string): Promise<void>;
  setConnectionEnabled(id: string, enabled: boolean): Promise<boolean>;
}

export interface ConnectionsDeps {
  readonly api: Client<paths>;
  readonly call: ApiCall;
}

const maxPages = 1000;
const listPath = "/api/v1/connections/app";

function one(
  data: { connection?: unknown },
  operation: string,
  method: string,
  path: string,
): ConnectionInfo {
  const info = connectionFromWire(data.connection as Parameters<typeof connectionFromWire>[0]);
  if (!info) throw malformed(operation, method, path, "the answer has no connection object");
  return info;
}

export function connectionsApi({ api, call }: ConnectionsDeps): ConnectionsApi {
  const byId = (id: string) => `/api/v1/connections/${encodeURIComponent(id)}`;
  const emptyOk = async <T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>) => {
    const settled = await answer;
    return settled.response.ok ? { data: settled.data ?? ({} as T), response: settled.response } : settled;
  };

  async function listPreview(): Promise<ConnectionInfo[]> {
    const out: ConnectionInfo[] = [];
    const seen = new Set<string>();
    let pageToken = "";
    for (let page = 0; page < maxPages; page++) {
      const data = await call("Listing app connections", "GET", listPath, () =>
        api.GET(listPath, {
          params: {
            query: { page_size: appConnectionsPageSize, ...(pageToken && { page_token: pageToken }) },
          },
        }),
      );
      if (!Array.isArray(data.connections) && data.connections !== undefined)
        throw malformed("Listing app connections", "GET", listPath, "connections is not a list");
      for (const wire of data.connections ?? []) {
        const info = connectionFromWire(wire);
        if (info) out.push(info);
      }
      pageToken = data.next_page_token ?? "";
      if (pageToken === "") return out;
      if (seen.has(pageToken))
        throw malformed(
          "Listing app connections",
          "GET",
          listPath,
          "the server keeps returning a page token it returned before",
        );
      seen.add(pageToken);
    }
    throw malformed("Listing app connections", "GET", listPath, `more than ${maxPages} pages of connections`);
  }

  return {
    async listConnections() {
      try {
        return { connections: await listPreview(), preview: true };
      } catch (error) {
        if (!isScalekitApiError(error) || !previewUnavailable.has(error.status ?? 0)) throw error;
      }
      const data = await call("Listing connections", "GET", "/api/v1/connections", () =>
        api.GET("/api/v1/connections", {}),
      );
      const connections = (data.connections ?? []).flatMap((wire) => connectionFromWire(wire) ?? []);
      return { connections, preview: false };
    },

    async createConnection(input) {
      const path = "/api/v1/connections";
      const data = await call("Creating a connection", "POST", path, () =>
        api.POST(path, {
          params: { query: appFlagQuery },
          body: {
            provider: "CUSTOM",
            provider_key: input.providerKey,
            type: input.type,
            ...(input.name !== undefined && { key_id: input.name }),
          },
        }),
      );
      return one(data, "Creating a connection", "POST", path);
    },

    async getConnection(id) {
      const data = await call("Reading a connection", "GET", byId(id), () =>
        api.GET("/api/v1/connections/{connection_id}", { params: { path: { connection_id: id } } }),
      );
      return one(data, "Reading a connection", "GET", byId(id));
    },

    async updateConnection(id, settings) {
      const secrets = settings.oauth
        ? credentialForms(settings.oauth.clientSecret, settings.oauth.clientId)
        : [];
      try {
        const data = await call("Updating a connection", "PATCH", byId(id), () =>
          api.PATCH("/api/v1/connections/{connection_id}", {
            params: { path: { connection_id: id } },
            body: settingsToWire(settings),
          }),
        );
        return one(data, "Updating a connection", "PATCH", byId(id));
      } catch (error) {
        throw isScalekitApiError(error) ? error.scrubbed(secrets) : error;
      }
    },

    async deleteConnection(id) {
      await call("Deleting a connection", "DELETE", byId(id), () =>
        emptyOk(
          api.DELETE("/api/v1/connections/{connection_id}", { params: { path: { connection_id: id } } }),
        ),
      );
    },

    async setConnectionEnabled(id, enabled) {
      const verb = enabled ? "enable" : "disable";
      const path = `${byId(id)}:${verb}`;
      const run = () =>
        enabled
          ? api.PATCH("/api/v1/connections/{connection_id}:enable", {
              params: { path: { connection_id: id } },
            })
          : api.PATCH("/api/v1/connections/{connection_id}:disable", {
              params: { path: { connection_id: id } },
            });
      const data = await call(`${enabled ? "Enabling" : "Disabling"} a connection`, "PATCH", path, run);
      return data.enabled === true;
    },
  };
}
