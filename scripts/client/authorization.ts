// Authorizing a connected account and an MCP connector's tools (scalekit-api.md §10.3, §10.4),
// behind the client's interface: the authorization link and the user verification that follows
// it; the tools a connected account may call, and running one.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/api/schema.ts";
import type { AccountRef, ApiCall } from "./connected-accounts.ts";
import { malformed } from "./errors.ts";

export interface AuthorizationLink {
  readonly link: string;
  /** When it stops working (RFC 3339), as the server says. */
  readonly expiry: string;
}

export interface ScopedTool {
  /** The name tools are called by: `c-<connector>_<tool>` for a custom MCP connector. */
  readonly name: string;
  readonly description: string;
}

export interface AuthorizationApi {
  /** An authorization link for the account; with `userVerifyUrl`, the browser comes back there first. */
  getAuthorizationLink(
    account: AccountRef & { readonly userVerifyUrl?: string; readonly state?: string },
  ): Promise<AuthorizationLink>;
  /** Confirms the user an authorization link sent to user_verify_url; the account becomes ACTIVE. */
  verifyConnectedAccountUser(input: {
    readonly authRequestId: string;
    readonly identifier: string;
  }): Promise<void>;
  /** The tools an identifier may call through one connection, all pages. */
  listScopedTools(account: AccountRef): Promise<ScopedTool[]>;
  /** Runs one tool for the account; answers the tool's result. */
  executeTool(
    account: AccountRef & { readonly tool: string; readonly input: Record<string, unknown> },
  ): Promise<unknown>;
}

const maxPages = 100;

export function authorizationApi({ api, call }: { api: Client<paths>; call: ApiCall }): AuthorizationApi {
  return {
    async getAuthorizationLink(account) {
      const path = "/api/v1/connected_accounts/magic_link";
      const data = await call("Getting an authorization link", "POST", path, () =>
        api.POST(path, {
          body: {
            connector: account.connection,
            identifier: account.identifier,
            ...(account.userVerifyUrl !== undefined && { user_verify_url: account.userVerifyUrl }),
            ...(account.state !== undefined && { state: account.state }),
          },
        }),
      );
      if (typeof data.link !== "string" || !/^https?:\/\//.test(data.link)) {
        throw malformed("Getting an authorization link", "POST", path, "the answer has no http(s) link");
      }
      return { link: data.link, expiry: typeof data.expiry === "string" ? data.expiry : "" };
    },

    async verifyConnectedAccountUser(input) {
      const path = "/api/v1/connected_accounts/user/verify";
      await call("Verifying the user of a connected account", "POST", path, () =>
        api.POST(path, { body: { auth_request_id: input.authRequestId, identifier: input.identifier } }),
      );
    },

    async listScopedTools(account) {
      const path = "/api/v1/tools/scoped";
      const tools: ScopedTool[] = [];
      let pageToken = "";
      for (let page = 0; page < maxPages; page++) {
        const data = await call("Listing the account's tools", "GET", path, () =>
          api.GET(path, {
            params: {
              query: {
                identifier: account.identifier,
                "filter.connection_names": [account.connection],
                ...(pageToken && { page_token: pageToken }),
              },
            },
          }),
        );
        for (const item of data.tools ?? []) {
          const definition = item.tool?.definition;
          if (typeof definition?.name === "string")
            tools.push({ name: definition.name, description: definition.description ?? "" });
        }
        const next = data.next_page_token ?? "";
        if (next === "" || next === pageToken) return tools;
        pageToken = next;
      }
      return tools;
    },

    async executeTool(account) {
      const path = "/api/v1/execute_tool";
      const data = await call("Running a tool", "POST", path, () =>
        api.POST(path, {
          body: {
            tool_name: account.tool,
            identifier: account.identifier,
            connector: account.connection,
            params: account.input,
          },
        }),
      );
      return data.data;
    },
  };
}
