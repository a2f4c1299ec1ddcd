// Payloads several suites start from.
import type { Payload } from "../../dsl/index.ts";

/** Scalekit's own Freshdesk example (skills, PROVIDER-EXAMPLES): no password field, and a default for it. */
export const freshdesk = (): Payload => ({
  display_name: "Freshdesk",
  description: "Helpdesk",
  auth_patterns: [
    {
      type: "BASIC",
      display_name: "Basic Auth",
      description: "API key as the username",
      fields: [
        { field_name: "domain", label: "Freshdesk Domain", input_type: "text", required: true },
        { field_name: "username", label: "API Key", input_type: "password", required: true },
      ],
      auth_field_mutations: { password: { default: "X" }, username: { suffix: "/token" } },
    },
  ],
  proxy_url: "https://{{domain}}/api/v2",
  proxy_enabled: true,
});
