import { connector } from "../../dsl/index.ts";

export default connector("My Freshdesk")
  .description("Connect to Freshdesk. Manage tickets, contacts, companies, and customer support workflows")
  .field("domain", {
    label: "Freshdesk Domain",
    hint: "Your Freshdesk domain (e.g., yourcompany.freshdesk.com)",
  })
  .basic({
    description:
      "Authenticate with Freshdesk using Basic Auth with username and password for comprehensive helpdesk management",
    username: { label: "API Key", hint: "Your Freshdesk API Key" },
    password: false,
  })
  .proxy("https://{{domain}}/api");
