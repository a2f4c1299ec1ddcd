import { connector } from "../../dsl/index.ts";

export default connector("My Bearer Token Provider")
  .description("Connect to an API that accepts a static bearer token")
  .bearer()
  .proxy("https://api.example.com");
