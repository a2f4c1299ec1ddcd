// An MCP connector's tools for one connected account (scalekit-api.md §10.4): the emulator opens
// the server at proxy_url with the account's credential added as the tool proxy adds it, lists
// the tools under Scalekit's names, and calls one. Every failure becomes the Scalekit error the
// GUESSes in behaviour.ts name; an OAuth account's token is refreshed once after a refusal.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { liveAccessToken, refreshAfterRejection, type TokenOwner } from "./account-tokens.ts";
import type { StoredAccount } from "./accounts.ts";
import {
  maxToolPages,
  messages,
  refreshFailedErrorCode,
  toolErrorCodes,
  toolIdOf,
  toolNamePrefix,
  unreachableErrorCode,
} from "./behaviour.ts";
import type { EmulatorContext } from "./context.ts";
import { badGateway, GrpcError } from "./grpc.ts";
import { McpProtocolError, McpRefused, McpRpcError, type McpSession, openSession } from "./mcp-client.ts";
import { patternOf } from "./oauth-client.ts";
import { credentialHeaders, fillProxyUrl } from "./proxy-credentials.ts";
import { scrub } from "./scrub.ts";
import { UpstreamFailure } from "./upstream-fetch.ts";

/** A tool as the server lists it. */
export interface McpTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonObject;
}

/** A tool as GET /api/v1/tools/scoped shows it. */
export interface ScopedTool {
  readonly connected_account_id: string;
  readonly identifier: string;
  readonly tool: {
    readonly id: string;
    readonly provider: string;
    readonly definition: {
      readonly name: string;
      readonly description: string;
      readonly input_schema: JsonObject;
    };
  };
}

/** The Scalekit error for a failure of the session; GrpcErrors pass as they are. */
function asScalekitError(error: unknown, name: string, secrets: readonly string[]): unknown {
  if (error instanceof GrpcError) return error;
  if (error instanceof McpRefused)
    return new GrpcError(
      "FAILED_PRECONDITION",
      messages.mcpUnauthorized(name, error.status),
      [],
      {},
      toolErrorCodes.unauthorized,
    );
  if (error instanceof McpProtocolError)
    return badGateway(messages.mcpProtocol(name, scrub(error.message, secrets)), toolErrorCodes.protocol);
  if (error instanceof McpRpcError)
    return badGateway(
      messages.mcpProtocol(
        name,
        `answered with JSON-RPC error ${error.code}: ${scrub(error.message, secrets)}`,
      ),
      toolErrorCodes.protocol,
    );
  if (error instanceof UpstreamFailure) {
    if (error.kind === "timeout")
      return new GrpcError("DEADLINE_EXCEEDED", messages.mcpTimeout(name, error.message));
    if (error.kind === "too_large")
      return badGateway(messages.mcpProtocol(name, error.detail), toolErrorCodes.protocol);
    return badGateway(messages.mcpUnreachable(name, error.message), unreachableErrorCode);
  }
  return error;
}

/** What a server's text must not echo: the credential headers' values, bare, and the account's field values. */
function secretsOf(
  credentials: readonly [string, string][],
  account: StoredAccount,
  token: string,
): string[] {
  const values = credentials.flatMap(([, value]) => [value, value.replace(/^(Bearer|Basic)\s+/i, "")]);
  const details = account.authorization_details.static_auth;
  const fields = isObject(details) && isObject(details.details) ? Object.values(details.details) : [];
  return [...values, ...fields.filter((value): value is string => typeof value === "string"), token];
}

/** Runs `work` in a session with the account's server; one refresh and retry after a refusal (OAuth). */
export async function withMcpSession<T>(
  context: EmulatorContext,
  owner: TokenOwner,
  work: (session: McpSession, secrets: readonly string[]) => Promise<T>,
): Promise<T> {
  const { account, connection, provider } = owner;
  const pattern = patternOf(provider);
  const filled = fillProxyUrl(provider.proxy_url, pattern, account);
  if (filled.leavesHost)
    throw new GrpcError("INVALID_ARGUMENT", messages.placeholderLeavesHost(filled.leavesHost));
  if (filled.unfilled.length > 0)
    throw badGateway(messages.placeholderUnfilled(filled.unfilled), unreachableErrorCode);
  if (!URL.canParse(filled.url))
    throw badGateway(messages.upstreamUnreachable(filled.url, "not a URL"), unreachableErrorCode);
  const endpoint = new URL(filled.url);
  const oauth = pattern.type === "OAUTH";
  const live = oauth ? await liveAccessToken(context, owner) : { ok: true as const, token: "" };
  if (!live.ok)
    throw new GrpcError(
      "FAILED_PRECONDITION",
      messages.refreshFailed(live.why),
      [],
      {},
      refreshFailedErrorCode,
    );
  const secretsFor = (token: string) => secretsOf(credentialHeaders(pattern, account, token), account, token);
  const run = async (token: string): Promise<T> => {
    const credentials = credentialHeaders(pattern, account, token);
    const session = await openSession(endpoint, credentials, context.proxy);
    try {
      return await work(session, secretsFor(token));
    } finally {
      await session.close();
    }
  };
  const name = connection.key_id;
  try {
    return await run(live.token);
  } catch (error) {
    // a 401 may be an expired token; a 403 is a token that works but may not do this
    if (!(oauth && error instanceof McpRefused && error.status === 401))
      throw asScalekitError(error, name, secretsFor(live.token));
    const renewed = await refreshAfterRejection(context, owner, live.token);
    if (!renewed.ok)
      throw new GrpcError(
        "FAILED_PRECONDITION",
        messages.mcpUnauthorized(
          name,
          error.status,
          `, and the token could not be refreshed (${renewed.why})`,
        ),
        [],
        {},
        toolErrorCodes.unauthorized,
      );
    try {
      return await run(renewed.token);
    } catch (again) {
      throw asScalekitError(again, name, secretsFor(renewed.token));
    }
  }
}

/** tools/list, every page (at most maxToolPages). */
export async function listMcpTools(session: McpSession): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxToolPages; page++) {
    const result = await session.request("tools/list", cursor === undefined ? {} : { cursor });
    if (!Array.isArray(result.tools)) throw new McpProtocolError("answered tools/list without a tools list");
    for (const tool of result.tools) {
      const listed = tool as JsonObject;
      if (typeof listed?.name !== "string" || listed.name === "")
        throw new McpProtocolError("listed a tool without a name");
      tools.push({
        name: listed.name,
        description: typeof listed.description === "string" ? listed.description : "",
        inputSchema:
          typeof listed.inputSchema === "object" &&
          listed.inputSchema !== null &&
          !Array.isArray(listed.inputSchema)
            ? (listed.inputSchema as JsonObject)
            : {},
      });
    }
    if (typeof result.nextCursor !== "string" || result.nextCursor === "") return tools;
    cursor = result.nextCursor;
  }
  throw new McpProtocolError(`listed more than ${maxToolPages} pages of tools`);
}

/** The account's tools, named as Scalekit names them. */
export async function scopedTools(context: EmulatorContext, owner: TokenOwner): Promise<ScopedTool[]> {
  const tools = await withMcpSession(context, owner, (session) => listMcpTools(session));
  const prefix = toolNamePrefix(owner.provider.display_name);
  return tools.map((tool) => ({
    connected_account_id: owner.account.id,
    identifier: owner.account.identifier,
    tool: {
      id: toolIdOf(owner.connection.id, tool.name),
      provider: owner.provider.identifier,
      definition: {
        name: `${prefix}${tool.name}`,
        description: tool.description,
        input_schema: tool.inputSchema,
      },
    },
  }));
}

/** tools/call of the server's tool `toolName` (Scalekit's name without its prefix), after checking it is listed. */
export async function callMcpTool(
  context: EmulatorContext,
  owner: TokenOwner,
  scalekitName: string,
  params: JsonObject,
): Promise<JsonObject> {
  const prefix = toolNamePrefix(owner.provider.display_name);
  const toolName = scalekitName.slice(prefix.length);
  return withMcpSession(context, owner, async (session, secrets) => {
    const tools = await listMcpTools(session);
    if (!tools.some((tool) => tool.name === toolName))
      throw new GrpcError(
        "NOT_FOUND",
        messages.toolNotFound(
          scalekitName,
          tools.map((tool) => `${prefix}${tool.name}`),
        ),
        [],
        {},
        toolErrorCodes.notFound,
      );
    try {
      return await session.request("tools/call", { name: toolName, arguments: params });
    } catch (error) {
      if (!(error instanceof McpRpcError)) throw error;
      const text = messages.toolFailed(scalekitName, scrub(error.message, secrets), error.code);
      // -32602: invalid params (JSON-RPC 2.0 §5.1)
      if (error.code === -32602)
        throw new GrpcError("INVALID_ARGUMENT", text, [], {}, toolErrorCodes.invalidParams);
      throw new GrpcError("UNKNOWN", text, [], {}, toolErrorCodes.failed);
    }
  });
}
