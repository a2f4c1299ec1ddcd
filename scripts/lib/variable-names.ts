// The environment variables connectorkit reads per connector. One rule names the connector in all
// of them: its display name with every run of characters other than ASCII letters and digits made
// one underscore, no underscore at either end, uppercased (`Acme CRM` → ACME_CRM, `GitHub MCP` →
// GITHUB_MCP). Display names hold only letters, digits and spaces, so two connectors that get the
// same part would derive the same identifier too, which Scalekit refuses. An environment's name
// (`--env prod`) becomes a prefix the same way (PROD_).

/** `Acme CRM` → `ACME_CRM`. */
export const upperSnake = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();

/** A field name in a variable: camelCase and punctuation split too (`apiKey`, `api-key` → API_KEY). */
const fieldPart = (field: string): string => upperSnake(field.replace(/([a-z0-9])([A-Z])/g, "$1_$2"));

export interface OAuthVariableNames {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Where an OAuth connection's client credentials come from: CONNECTORKIT_OAUTH_<CONNECTOR>_CLIENT_ID
 * and …_CLIENT_SECRET, prefixed <ENV>_ for a named environment (PROD_CONNECTORKIT_OAUTH_ACME_CRM_…).
 */
export function oauthVariables(connector: string, environment?: string): OAuthVariableNames {
  const prefix = environment === undefined ? "" : `${upperSnake(environment)}_`;
  const base = `${prefix}CONNECTORKIT_OAUTH_${upperSnake(connector)}`;
  return { clientId: `${base}_CLIENT_ID`, clientSecret: `${base}_CLIENT_SECRET` };
}

/** The value `sync verify` sends for one field of one connector: CONNECTORKIT_VERIFY_<CONNECTOR>_<FIELD>. */
export const verifyVariable = (connector: string, field: string): string =>
  `CONNECTORKIT_VERIFY_${upperSnake(connector)}_${fieldPart(field)}`;

/** The same field's variable without the connector, accepted only when one connector is verified. */
export const sharedVerifyVariable = (field: string): string => `CONNECTORKIT_VERIFY_${fieldPart(field)}`;
