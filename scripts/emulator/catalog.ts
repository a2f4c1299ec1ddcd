// The built-in providers the emulator serves for DEFAULT and ALL: a small stand-in for Scalekit's
// catalog. Their patterns carry what the real catalog serves beside the documented keys
// (fields on OAUTH, account_fields, allowed_proxy_domains, JSON nulls; scalekit-api.md §3.1, SK-2030)
// so clients meet lenient-decoding cases locally.
import type { Json } from "../../dsl/rules/issue.ts";
import type { ProviderRecord } from "./record.ts";

interface BuiltIn {
  readonly identifier: string;
  readonly display_name: string;
  readonly description: string;
  readonly categories: string[];
  readonly proxy_url: string;
  readonly pattern: { readonly [key: string]: Json };
}

const oauth = (authorize_uri: string, token_uri: string, scopes: string[]) => ({
  authorize_uri,
  token_uri,
  pkce_enabled: false,
  available_scopes: scopes.map((scope) => ({ scope, display_name: scope, description: "", required: false })),
});

const builtIns: readonly BuiltIn[] = [
  {
    identifier: "SLACK",
    display_name: "Slack",
    description: "Send messages and read channels in Slack.",
    categories: ["communication"],
    proxy_url: "https://slack.com/api",
    pattern: {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "Sign in with Slack",
      fields: [],
      oauth_config: oauth("https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access", [
        "chat:write",
        "channels:read",
      ]),
    },
  },
  {
    identifier: "GOOGLE",
    display_name: "Google",
    description: "Google account sign-in.",
    categories: ["productivity"],
    proxy_url: "https://www.googleapis.com",
    pattern: {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "Sign in with Google",
      fields: null,
      account_fields: null,
      allowed_proxy_domains: ["www.googleapis.com"],
      oauth_config: oauth(
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        ["openid", "email"],
      ),
    },
  },
  {
    identifier: "HUBSPOT",
    display_name: "HubSpot",
    description: "Manage HubSpot CRM records.",
    categories: ["crm"],
    proxy_url: "https://api.hubapi.com",
    pattern: {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "Sign in with HubSpot",
      fields: [
        {
          field_name: "region",
          label: "Region",
          input_type: "select",
          hint: null,
          options: [
            { value: "na1", display_name: "North America", description: "", default: true },
            { value: "eu1", display_name: "Europe", description: "", default: false },
          ],
        },
      ],
      oauth_config: oauth(
        "https://app.hubspot.com/oauth/authorize",
        "https://api.hubapi.com/oauth/v1/token",
        ["crm.objects.contacts.read"],
      ),
    },
  },
  {
    identifier: "NOTION",
    display_name: "Notion",
    description: "Read and write Notion pages.",
    categories: ["productivity"],
    proxy_url: "https://api.notion.com",
    pattern: {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      description: "Sign in with Notion",
      fields: [],
      account_fields: [
        { field_name: "workspace", label: "Workspace", input_type: "textarea", is_path_param: false },
      ],
      oauth_config: oauth(
        "https://api.notion.com/v1/oauth/authorize",
        "https://api.notion.com/v1/oauth/token",
        [],
      ),
    },
  },
];

/** The built-in catalog, in its fixed order. */
export const catalog: readonly ProviderRecord[] = builtIns.map((entry, index) => ({
  id: `prv_${String(index + 1).padStart(18, "0")}`,
  identifier: entry.identifier,
  display_name: entry.display_name,
  description: entry.description,
  categories: entry.categories,
  auth_patterns: [entry.pattern],
  icon_src: "",
  display_priority: index + 1,
  coming_soon: false,
  proxy_url: entry.proxy_url,
  proxy_enabled: true,
  is_custom: false,
  is_custom_mcp: false,
  metadata: {},
}));
