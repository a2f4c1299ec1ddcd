import { connector } from "../../dsl/index.ts";

export default connector("My Attention")
  .description("Connect to Attention for AI insights, conversations, teams, and workflows")
  .apiKey({
    description: "Authenticate with Attention using an API Key",
    key: { label: "Integration Token", hint: "Your Attention API Key" },
  })
  .proxy("https://api.attention.tech");
