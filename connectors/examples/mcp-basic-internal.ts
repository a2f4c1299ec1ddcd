import { connector } from "../../dsl/index.ts";

export default connector("My Internal MCP")
  .description("Connect to an internal MCP server that authenticates with a username and password")
  .mcp()
  .basic()
  .proxy("https://mcp.internal.example.com");
