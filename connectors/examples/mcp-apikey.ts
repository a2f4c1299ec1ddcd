import { connector } from "../../dsl/index.ts";

export default connector("My API Key MCP")
  .description("Connect to an MCP server that authenticates with a static API key")
  .mcp()
  .apiKey()
  .proxy("https://mcp.example.com");
