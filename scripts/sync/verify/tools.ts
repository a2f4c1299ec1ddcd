// An MCP connector is checked by its tools, not by an HTTP request: Scalekit routes it "through
// MCP tool calling instead of the HTTP proxy" (§10.4). The account's tools are listed through
// Scalekit (which opens the MCP server with the account's credential), and with --tool one is run.
// Scalekit names a custom MCP connector's tools `c-<display name lowercased, spaces removed>_<tool>`.
import { type AccountRef, isScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { identifierStem } from "../../lib/identifier-stem.ts";
import { toolsFailure, toolsOutcome, type VerifyOutcome } from "./result.ts";

/** A tool's name as Scalekit lists it: given whole (`c-…`), or as the MCP server names it. */
export const scopedToolName = (connector: string, tool: string): string =>
  tool.startsWith("c-") ? tool : `c-${identifierStem(connector).toLowerCase()}_${tool}`;

export async function checkTools(
  client: ScalekitClient,
  connector: string,
  account: AccountRef,
  run?: { readonly name: string; readonly input: Record<string, unknown> },
): Promise<VerifyOutcome> {
  const failed = (error: unknown): VerifyOutcome => {
    if (!isScalekitApiError(error)) throw error;
    return toolsFailure(error.serverMessage, error.status ?? null, error.errorCode);
  };
  let tools: string[];
  try {
    tools = (await client.listScopedTools(account)).map((tool) => tool.name);
  } catch (error) {
    return failed(error);
  }
  if (!run) return toolsOutcome(tools);
  const name = scopedToolName(connector, run.name);
  if (!tools.includes(name))
    return {
      status: "error",
      httpStatus: null,
      tools,
      hint: [`No tool is named ${name}.`, `Its tools: ${tools.join(", ") || "(none)"}.`],
    };
  try {
    const result = await client.executeTool({ ...account, tool: name, input: run.input });
    return toolsOutcome(tools, { name, result });
  } catch (error) {
    return { ...failed(error), tools };
  }
}
