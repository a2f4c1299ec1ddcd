import { connector } from "../../dsl/index.ts";

export default connector("My Asana")
  .description("Connect to Asana. Manage tasks, projects, teams, and workflow automation")
  .oauth({
    description: "Authenticate with Asana using OAuth 2.0 for comprehensive project management",
    authorizeUri: "https://app.asana.com/-/oauth_authorize",
    tokenUri: "https://app.asana.com/-/oauth_token",
    userInfoUri: "https://app.asana.com/api/1.0/users/me",
  })
  .scope("profile", {
    displayName: "Profile",
    description: "Access user profile information",
    required: true,
  })
  .scope("email", { displayName: "Email", description: "Access user email address", required: true })
  .proxy("https://app.asana.com/api");
