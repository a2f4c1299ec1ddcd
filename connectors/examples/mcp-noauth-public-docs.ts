import { connector } from "../../dsl/index.ts";

export default connector("Public Docs MCP")
  .description("Connect to a public MCP server that requires no credentials")
  .mcp()
  .noAuth()
  .proxy("https://mcp.example.com");
