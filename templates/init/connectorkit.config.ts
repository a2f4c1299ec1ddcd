import { defineConfig } from "connectorkit";

// Node's process.env, declared here so that tsc accepts this file without @types/node.
declare const process: { readonly env: Readonly<Record<string, string | undefined>> };

// Where the connector definitions live, and the Scalekit environments `connectorkit plan|apply
// --env NAME` can target. With no --env and no SCALEKIT_* variables, plan and apply use an embedded
// local emulator (state in .connectorkit/). Keep credentials in environment variables or .env.
export default defineConfig({
  connectors: "connectors",
  environments: {
    dev: {
      url: process.env.DEV_SCALEKIT_URL,
      clientId: process.env.DEV_SCALEKIT_CLIENT_ID,
      clientSecret: process.env.DEV_SCALEKIT_CLIENT_SECRET,
    },
    prod: {
      url: process.env.PROD_SCALEKIT_URL,
      clientId: process.env.PROD_SCALEKIT_CLIENT_ID,
      clientSecret: process.env.PROD_SCALEKIT_CLIENT_SECRET,
      production: true,
    },
  },
});
