// The tool routes (scalekit-api.md §10.4): GET /api/v1/tools/scoped lists the MCP tools of one
// identifier's accounts (filter.connection_names, filter.providers, filter.tool_names, paged), and
// POST /api/v1/execute_tool runs one. REST connectors have no tools. The sessions are tools.ts's.
import type { Hono } from "hono";
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import type { TokenOwner } from "./account-tokens.ts";
import type { StoredAccount } from "./accounts.ts";
import { messages, newExecutionId, toolErrorCodes, toolNamePrefix, toolsPageSize } from "./behaviour.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import { invalidField, optionalText, readJsonObject, requiredText } from "./json-body.ts";
import { isMcpConnector } from "./oauth-client.ts";
import { callMcpTool, type ScopedTool, scopedTools } from "./tools.ts";

function pageSizeOf(value: string | null): number {
  if (value === null || value === "" || value === "0") return toolsPageSize.default;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= toolsPageSize.max))
    throw invalidField("page_size", `page_size must be a whole number from 1 to ${toolsPageSize.max}`);
  return n;
}

function offsetOf(token: string | null): number {
  if (token === null || token === "") return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0)
    throw invalidField("page_token", "page_token is not one this server issued");
  return offset;
}
const tokenFor = (offset: number): string => Buffer.from(String(offset), "utf8").toString("base64url");

export function mountToolRoutes(app: Hono, context: EmulatorContext): void {
  const { store } = context;

  /** The account with its connection and provider, when it is an MCP connector's. */
  const mcpOwner = (account: StoredAccount): TokenOwner | undefined => {
    const connection = store.connections.byId(account.connection);
    const provider = connection && store.provider(connection.provider_key);
    return connection && provider && isMcpConnector(provider) ? { account, connection, provider } : undefined;
  };

  app.get("/api/v1/tools/scoped", async (c) => {
    const query = new URL(c.req.url).searchParams;
    const identifier = query.get("identifier") ?? "";
    if (identifier === "") throw invalidField("identifier", messages.toolIdentifierRequired);
    const size = pageSizeOf(query.get("page_size"));
    const offset = offsetOf(query.get("page_token"));
    const names = query.getAll("filter.connection_names").filter(Boolean);
    const providers = query.getAll("filter.providers").filter(Boolean);
    const toolNames = query.getAll("filter.tool_names").filter(Boolean);
    const owners = store.accounts.all
      .filter((account) => account.identifier === identifier && account.status === "ACTIVE")
      .map(mcpOwner)
      .filter(
        (owner): owner is TokenOwner =>
          owner?.connection.enabled === true &&
          (names.length === 0 || names.includes(owner.connection.key_id)) &&
          (providers.length === 0 || providers.includes(owner.provider.identifier)),
      );
    const tools: ScopedTool[] = [];
    // one server after another: each exchange already has its own time limit
    for (const owner of owners) tools.push(...(await scopedTools(context, owner)));
    const matching = tools.filter(
      (tool) => toolNames.length === 0 || toolNames.includes(tool.tool.definition.name),
    );
    return Response.json({
      tools: matching.slice(offset, offset + size),
      next_page_token: offset + size < matching.length ? tokenFor(offset + size) : "",
      prev_page_token: offset > 0 ? tokenFor(Math.max(0, offset - size)) : "",
      total_size: matching.length,
    });
  });

  app.post("/api/v1/execute_tool", async (c) => {
    const body = await readJsonObject(c.req.raw);
    const toolName = requiredText(body, "tool_name");
    const params = body.params ?? {};
    if (!isObject(params)) throw invalidField("params", "params must be a JSON object");
    const owner = findOwner(body, toolName);
    if (!owner.connection.enabled)
      throw new GrpcError("FAILED_PRECONDITION", messages.connectionDisabled(owner.connection.key_id));
    if (owner.account.status !== "ACTIVE")
      throw new GrpcError("FAILED_PRECONDITION", messages.accountInactive(owner.account.status));
    const data = await callMcpTool(context, owner, toolName, params as JsonObject);
    return Response.json({ data, execution_id: newExecutionId() });
  });

  /** The account the call names (by id, or identifier and connector), whose connector has that tool's prefix. */
  function findOwner(body: JsonObject, toolName: string): TokenOwner {
    const id = optionalText(body, "connected_account_id");
    let candidates: StoredAccount[];
    if (id !== "") {
      const account = store.accounts.byId(id);
      candidates = account ? [account] : [];
    } else {
      const identifier = requiredText(body, "identifier");
      const name = optionalText(body, "connector");
      const connection = name === "" ? undefined : store.connections.byName(name);
      if (name !== "" && !connection) throw new GrpcError("NOT_FOUND", messages.connectionNotFound(name));
      candidates = store.accounts.all.filter(
        (account) =>
          account.identifier === identifier && (!connection || account.connection === connection.id),
      );
    }
    if (candidates.length === 0) throw new GrpcError("NOT_FOUND", messages.accountNotFound);
    const owner = candidates
      .map(mcpOwner)
      .find(
        (found) => found !== undefined && toolName.startsWith(toolNamePrefix(found.provider.display_name)),
      );
    if (!owner)
      throw new GrpcError("NOT_FOUND", messages.toolNotFound(toolName, []), [], {}, toolErrorCodes.notFound);
    return owner;
  }
}
