import { connector } from "connectorkit";

// A connector definition: `connectorkit build` validates it and writes its Scalekit payload,
// `connectorkit plan` shows what `connectorkit apply` would change. Rename or replace it with yours;
// `connectorkit generate <openapi file or URL> --out connectors` writes a starter from a vendor's API.
export default connector("Example CRM")
  .description("Connect to Example CRM: contacts and deals")
  .oauth({
    authorizeUri: "https://login.example.com/oauth/authorize",
    tokenUri: "https://login.example.com/oauth/token",
  })
  .scope("contacts.read", { description: "Read contacts", required: true })
  .scope("deals.write", { description: "Create and update deals" })
  .accountField("tenant", { hint: "acme for acme.crm.example.com" })
  .proxy("https://{{tenant}}.crm.example.com/api/v2");
