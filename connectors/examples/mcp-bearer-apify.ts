import { connector } from "../../dsl/index.ts";

export default connector("Apify MCP")
  .description(
    "Connect to Apify MCP to run web scraping, browser automation, and data extraction Actors directly from your AI workflows.",
  )
  .mcp()
  .bearer({
    displayName: "Apify Token",
    description: "Authenticate with Apify using your API Token.",
    token: { label: "Apify Token", hint: "Your Apify API Token" },
  })
  .proxy("https://mcp.apify.com");
