// Every warning code the generator can report (OpenAPI inference and MCP discovery), with what it
// means and what to check. The code's first word names the part it casts doubt on: `auth-…` the
// auth pattern, `proxy-…` proxy_url, `field-…` a field the connector asks each connection for,
// `name-…` display_name, `spec-…` how the document was read.
// docs/warnings.md's table of codes is rendered from this table (scripts/codegen/warning-docs.ts),
// and the warn() functions take only these codes, so the list cannot drift from the code.

/** The parts of a connector a warning can cast doubt on. */
export type Aspect = "type" | "oauth-urls" | "header" | "host" | "base-path" | "template";

export interface CodeDoc {
  /** The parts it casts doubt on (none for the name and for how the document was read). */
  readonly doubts: readonly Aspect[];
  /** What the generator saw. */
  readonly means: string;
  /** What the user should look at before deploying. */
  readonly check: string;
}

/** What a doubt about the whole document casts on the auth pattern: every part of it. */
const everyAuthPart: readonly Aspect[] = ["type", "oauth-urls", "header"];

export const warningCodes = {
  // auth: the security schemes themselves
  "auth-no-security": {
    doubts: ["type", "header"],
    means:
      "the document declares no security; auth comes from shared headers, OAuth URLs or auth words in its text",
    check: "the auth type, header and prefix in the vendor's auth docs",
  },
  "auth-undefined-scheme": {
    doubts: ["type"],
    means: "a security requirement names a scheme the document does not declare",
    check: "which credential those operations need",
  },
  "auth-unresolved-ref": {
    doubts: ["type"],
    means: "a security scheme is a $ref that cannot be resolved",
    check: "the file it names (pass --ref-dir) or the vendor's auth docs",
  },
  "auth-unsupported-scheme": {
    doubts: ["type"],
    means:
      "a scheme Scalekit cannot perform (mutual TLS, HTTP Digest …); a static key stands in where one fits",
    check: "whether the API accepts another credential",
  },
  "auth-unused-scheme": {
    doubts: ["type"],
    means: "no operation requires the chosen scheme; it is assumed to apply",
    check: "that the API accepts it",
  },
  "auth-combined": {
    doubts: ["type", "header"],
    means: "operations require two credentials together and the connector can send only one",
    check: "whether the second one can be a header field",
  },
  "auth-oauth-token": {
    doubts: ["type"],
    means:
      "a bearer scheme takes tokens from an OAuth flow the document does not describe; users paste an access token",
    check: "the vendor's OAuth endpoints; switch to .oauth() if it has them",
  },
  "auth-custom-http-scheme": {
    doubts: ["header"],
    means: "an HTTP scheme other than Basic or Bearer; the key is sent as `Authorization: <scheme> <key>`",
    check: "the exact prefix the API expects",
  },
  "auth-openid-connect": {
    doubts: ["type"],
    means:
      "an OpenID Connect scheme; its endpoints live in the discovery document, so the connector takes a bearer token",
    check: "the endpoints in the discovery document, then switch to .oauth()",
  },
  "auth-key-not-in-header": {
    doubts: ["header"],
    means: "the API key goes in the query string or a cookie; Scalekit sends keys in a header",
    check: "that the API also accepts the key in that header",
  },
  "auth-raw-authorization": {
    doubts: ["header"],
    means: "an API key in Authorization with no stated format; it is sent as typed",
    check: 'whether the API wants "Bearer <key>" (then use .bearer())',
  },
  "auth-format-from-text": {
    doubts: ["type", "header"],
    means:
      "the key's scheme says nothing of its format, so the format (such as \"Bearer <key>\") comes from elsewhere in the document: a header parameter's description or the API's description",
    check: "that this credential, not another one the text describes, is sent that way",
  },
  "auth-key-in-url": {
    doubts: ["header"],
    means: "a server variable is the credential itself; proxy_url carries it as {{api_key}}",
    check: "that the key in the URL is what the API expects",
  },
  "auth-client-credentials": {
    doubts: ["type"],
    means:
      "OAuth with only the client-credentials flow, which has no user to authorise; users paste the token it issues",
    check: "whether the vendor also offers the authorization-code flow, and how long tokens last",
  },
  "auth-password-flow": {
    doubts: ["type"],
    means: "OAuth with only the password flow; users paste the token it issues",
    check: "whether the vendor also offers the authorization-code flow, and how long tokens last",
  },
  "auth-token-endpoint": {
    doubts: ["type"],
    means: "an operation of the API issues its tokens, so the stored bearer token or key may be short-lived",
    check: "how long the API's tokens last, and whether OAuth suits better",
  },
  // auth: OAuth URLs and scopes
  "auth-http-oauth-url": {
    doubts: ["oauth-urls"],
    means: "the document writes OAuth URLs with http; they became https",
    check: "that the https URL works",
  },
  "auth-templated-oauth-url": {
    doubts: ["oauth-urls"],
    means: "OAuth URLs depend on each tenant's host (templated, or written relative to a templated server)",
    check: "that Scalekit fills in the host, or write your tenant's URLs",
  },
  "auth-guessed-token-url": {
    doubts: ["oauth-urls"],
    means:
      "the flow has no token URL; it comes from another flow of the scheme, else a token URL the text names on the authorize URL's site, else the authorize URL's sibling is a guess",
    check: "the token URL in the vendor's OAuth docs",
  },
  "auth-refresh-url": {
    doubts: ["oauth-urls"],
    means: "tokens are refreshed at a URL other than the token URL; Scalekit refreshes at the token URL",
    check: "that refreshing works at the token URL",
  },
  "auth-token-url-disagrees": {
    doubts: ["oauth-urls"],
    means: "an operation exchanges authorization codes at a URL other than the scheme's token URL",
    check: "which token URL (and authorize URL) is current",
  },
  "auth-authorize-in-api": {
    doubts: ["oauth-urls"],
    means: "the authorization URL lies under the API's own base path, where browser sign-in pages rarely are",
    check: "the authorization URL in the vendor's OAuth docs",
  },
  "auth-metadata-differs": {
    doubts: ["oauth-urls"],
    means: "--check-oauth: the provider's published OAuth metadata names other endpoints",
    check: "which endpoints the vendor documents for third-party apps",
  },
  "auth-metadata-unchecked": {
    doubts: ["oauth-urls"],
    means: "--check-oauth: the provider's OAuth metadata could not be read",
    check: "the OAuth URLs against the vendor's docs",
  },
  // auth: doubts about the whole document
  "auth-converted-document": {
    doubts: everyAuthPart,
    means: "the document was converted from another format, whose converter may have supplied its security",
    check: "the auth type and OAuth URLs against the vendor's current docs",
  },
  "auth-connector-definition": {
    doubts: everyAuthPart,
    means:
      "the document is a connector definition for another integration platform, which keeps OAuth settings outside it",
    check: "the vendor's own auth docs",
  },
  "auth-unofficial-document": {
    doubts: everyAuthPart,
    means: "the document was published by someone other than the vendor",
    check: "the auth type and URLs against the vendor's docs",
  },
  "auth-partial-document": {
    doubts: ["type", "header"],
    means:
      "the title names a part of the API and the chosen key or token's scheme says nothing of it, so another part's document may issue it",
    check: "where the vendor's auth docs say the credential comes from",
  },
  "auth-no-server": {
    doubts: ["oauth-urls"],
    means:
      "the document names no server, a sign it is incomplete; its OAuth URLs cannot be checked against the API's host",
    check: "the OAuth URLs against the vendor's OAuth docs",
  },
  "auth-test-server": {
    doubts: ["oauth-urls"],
    means:
      "the chosen OAuth scheme's endpoints, or the server of an OAuth connector, are for a sandbox, test or region; OAuth apps and their URLs often differ per environment",
    check: "the production (or your region's) authorize and token URLs",
  },
  // auth: MCP servers
  "auth-anonymous-access": {
    doubts: ["type"],
    means: "the MCP server answers without credentials, so every user shares the same anonymous access",
    check: "whether it can act per user; give it an auth method and generate again",
  },
  "auth-no-dcr": {
    doubts: ["type"],
    means: "the MCP server's authorization server has no Dynamic Client Registration endpoint",
    check: "that it supports RFC 7591 registration before users connect",
  },
  "auth-no-pkce-s256": {
    doubts: ["type"],
    means: "the MCP server's authorization server does not list PKCE S256",
    check: "that sign-in works with pkce_enabled",
  },
  "auth-bearer-without-metadata": {
    doubts: ["type"],
    means: "the MCP server asks for a Bearer token but publishes no OAuth protected resource metadata",
    check: "whether its tokens come from an OAuth sign-in (then publish RFC 9728 metadata)",
  },
  "auth-key-header-unknown": {
    doubts: ["header"],
    means: "the MCP server's API-key challenge names no header; the key goes in Authorization",
    check: "the header the server reads",
  },
  "auth-key-header-from-message": {
    doubts: ["header"],
    means: "the MCP server's header name comes from the text of its 401 response",
    check: "that the server reads the key from that header",
  },
  // proxy_url
  "proxy-no-server": {
    doubts: ["host", "base-path"],
    means: "no server names a host; proxy_url asks each connection for it",
    check: "the API's host",
  },
  "proxy-host-from-text": {
    doubts: ["host", "base-path"],
    means: "no server names a host; it is taken from requests the document's text shows",
    check: "the API's host and base path",
  },
  "proxy-http-server": {
    doubts: ["host"],
    means: "the server uses http; proxy_url uses https, which Scalekit requires",
    check: "that the API answers on https",
  },
  "proxy-test-server": {
    doubts: ["host"],
    means: "the only servers are for testing or a sandbox",
    check: "the production host",
  },
  "proxy-regional-host": {
    doubts: ["host"],
    means: "the server host looks tied to one region",
    check: "whether accounts in other regions use another host",
  },
  "proxy-numbered-host": {
    doubts: ["host"],
    means: "the server host is one numbered instance (a cluster, pod or shard) of several",
    check: "the host your account is on",
  },
  "proxy-host-not-api": {
    doubts: ["host"],
    means: "the server is the vendor's main web domain, with nothing in its host or path that marks an API",
    check: "whether the API has a host of its own (api.…)",
  },
  "proxy-odd-variable": {
    doubts: ["template"],
    means: "a server variable is not a plain name; its field was renamed",
    check: "the field's name and hint",
  },
  "proxy-path-repeated": {
    doubts: ["base-path"],
    means:
      "every operation path already starts with the server's path; proxy_url leaves it out so it is not sent twice",
    check: "which base the vendor documents, and that tool paths keep it",
  },
  "proxy-converted-document": {
    doubts: ["host", "base-path", "template"],
    means: "the document was converted from another format, whose converter chose its servers",
    check: "proxy_url against the vendor's current docs",
  },
  "proxy-connector-definition": {
    doubts: ["host", "base-path", "template"],
    means:
      "the document is a connector definition for another integration platform, and its host does not carry the vendor's name, or its URL names a gateway; it may be that platform's gateway",
    check: "proxy_url against the vendor's API docs",
  },
  "proxy-unofficial-document": {
    doubts: ["host", "base-path", "template"],
    means: "the document was published by someone other than the vendor",
    check: "proxy_url against the vendor's docs",
  },
  "proxy-partial-document": {
    doubts: ["base-path"],
    means:
      "the title names a part of the API and proxy_url carries a base path of its own, maybe that part's",
    check: "the base the rest of the API uses",
  },
  "proxy-no-security": {
    doubts: ["host", "base-path", "template"],
    means: "the document declares no security and says nothing about auth, so it is incomplete",
    check: "proxy_url against the vendor's docs",
  },
  "proxy-stateful-suspected": {
    doubts: ["host"],
    means:
      "the MCP server opened a session or rejected a request without one; Scalekit supports only stateless servers",
    check: "that it works without sessions",
  },
  "proxy-stateless-unchecked": {
    doubts: ["host"],
    means: "the MCP server's statelessness could not be checked without credentials",
    check: "that it works without sessions",
  },
  "proxy-cross-origin-redirect": {
    doubts: ["host", "base-path"],
    means:
      "the MCP server's URL redirected to another origin; proxy_url stays the URL given, not where the redirect led",
    check: "where the server lives; pass --proxy-url with that https URL if it is the redirect's",
  },
  // fields beside the credential
  "field-fixed-header": {
    doubts: [],
    means:
      "(nearly) every operation requires a header that is not the credential (a version, an account); Scalekit sends no fixed headers, so it became a field sent as that header",
    check: "the field's hint; each connection fills it in (the value the document gives, when it gives one)",
  },
  // display_name
  "name-not-vendor": {
    doubts: [],
    means:
      "the title names none of the vendor's names (the API host's, the provider's, the contact's or terms' sites); it may name a part of the API",
    check: "the brand's name; set it with --name",
  },
  "name-cleaned": {
    doubts: [],
    means: "--name had characters Scalekit does not accept; they were removed",
    check: "the cleaned name",
  },
  "name-from-host": {
    doubts: [],
    means: "info.title gives no usable name; display_name comes from the host",
    check: "the name; set it with --name",
  },
  "name-generic": {
    doubts: [],
    means: "neither the MCP server nor its host names it; display_name is Custom MCP",
    check: "set the name with --name",
  },
  // reading the document
  "spec-yaml-repaired": {
    doubts: [],
    means: "closing brackets of YAML flow lists were indented so the document parses",
    check: "the lines named, then fix them in the document",
  },
  "spec-ref-refused": {
    doubts: [],
    means:
      "a $ref names a file or URL the document may not reach (network documents: https only, never files; local documents: files under their folder or a --ref-dir)",
    check: "what the reference held; pass --ref-dir for a folder you trust, or download the files",
  },
  "spec-yaml-lenient": {
    doubts: [],
    means:
      "the YAML repeats a key in one mapping, or continues a quoted value at column 0 (or less indented than its key), which YAML 1.2 forbids; it was read as common readers read it (a repeated key's last value wins)",
    check: "that the values on the lines named read as intended",
  },
} as const satisfies Record<string, CodeDoc>;

/** A code the generator may report. */
export type WarningCode = keyof typeof warningCodes;

export const isWarningCode = (code: string): code is WarningCode => Object.hasOwn(warningCodes, code);
