declare const dslTypeError: unique symbol;

/**
 * A type that no value satisfies, carrying a message for the reader of the compiler error.
 * Where a call is invalid, its parameter becomes `DslTypeError<"why, and the fix">`, so tsc
 * prints the sentence instead of a structural mismatch.
 */
export interface DslTypeError<Message extends string> {
  readonly [dslTypeError]: Message;
}

/**
 * The fixed sentences. Referenced inline as `DslTypeError<Messages["key"]>`: a type alias per
 * message would make tsc print the alias name instead of the sentence.
 */
export interface Messages {
  onePattern: "a custom connector has exactly one auth pattern: remove the second one";
  scopesAreOAuth: "scopes belong to OAuth connectors: use .oauth() to declare scopes";
  mcpScopes: "MCP OAuth negotiates scopes through Dynamic Client Registration: remove .scope()";
  unfinished: "this connector is unfinished: give it an auth pattern and a .proxy(url)";
  noAuthIsMcp: "NO_AUTH is only for MCP servers: call .mcp() first";
  alreadyMcp: "already an MCP connector";
  mcpFirst: "call .mcp() before the auth method";
  iconHttps: "icon_src must be an https:// URL";
  displayName: "display_name takes only letters, digits and spaces (1-200 characters, at least one letter or digit)";
  proxyHttps: "proxy_url must start with https://";
  selectOptions: "a select field needs at least one option: add options: [{ value, displayName }]";
  optionsOnSelect: 'options apply only to fields with inputType: "select"';
  noAuthFields: "a NO_AUTH connector collects no fields: remove .field(), or pick an auth method that uses them";
  scopeBeforeOAuth: "scopes come after the auth method: call .oauth({ authorizeUri, tokenUri }) before .scope()";
  accountFieldBeforeOAuth: "account fields belong to OAuth connectors: call .oauth(…) before .accountField()";
  accountFieldsAreOAuth: "account fields belong to OAuth connectors: use .field(name) with this auth method";
  mutateBeforeAuth: "a mutation changes a credential field: call .basic(), .bearer() or .apiKey() before .mutate()";
  oauthMutations: "OAuth has no credential field to mutate: mutations apply to .basic(), .bearer() and .apiKey()";
  proxyBeforeAuth: "choose an auth method before .proxy(url): .oauth(), .basic(), .bearer(), .apiKey() or .mcp().noAuth()";
  verifyUnfinished: ".verify() comes after .proxy(url): finish the connector first";
  placeholderBraces: "proxy_url has a malformed placeholder: write each one as {{name}}, two braces on each side";
  verifyDotSegment: "verify paths may not hold dot segments (/../, /./) or backslashes: they would leave Scalekit's /proxy/ prefix";
  verifyRequest: "verify takes 'METHOD /path', e.g. 'GET /users/me' (GET, HEAD, POST, PUT, PATCH or DELETE; the path is relative to proxy_url)";
}
