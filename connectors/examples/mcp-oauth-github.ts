import { connector } from "../../dsl/index.ts";

export default connector("Github MCP")
  .description("Connect to Github MCP")
  .mcp()
  .oauth({ description: "Authenticate with Github MCP using browser OAuth." })
  .proxy("https://api.githubcopilot.com/mcp/");
