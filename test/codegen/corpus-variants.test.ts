// The corpus's real documents (../shared/corpus, read in place), rewritten the ways other documents
// write the same facts: servers without a scheme or behind a mock, OAuth URLs carrying request
// parameters, a sandbox OAuth scheme listed first. What the generator infers must not change.
import { describe, expect, it } from "vitest";
import { inferConnector } from "../../scripts/codegen/infer.ts";
import { hasCorpus, parsed } from "./corpus-docs.ts";
import { docOf, type Spec } from "./spec-helpers.ts";

interface Server {
  url: string;
  description?: string;
  variables?: unknown;
}

/** Documents whose root lists servers. */
const documents = parsed.filter(([, root]) => Array.isArray(root.servers) && root.servers.length > 0);

const rewrite = (root: Spec, change: (servers: Server[]) => Server[]): Spec => {
  const copy = structuredClone(root);
  copy.servers = change(copy.servers as Server[]);
  return copy;
};

const rewrites: [string, (servers: Server[]) => Server[]][] = [
  ["without a scheme", (servers) => servers.map((s) => ({ ...s, url: s.url.replace(/^https?:\/\//, "") }))],
  ["scheme-relative", (servers) => servers.map((s) => ({ ...s, url: s.url.replace(/^https?:/, "") }))],
  [
    "after a design tool's mock server",
    (servers) => [{ url: "https://tools.example-hub.io/mocks/x/api/1" }, ...servers],
  ],
  [
    "as a variable standing for the whole URL",
    (servers) =>
      servers.map((s) =>
        s.url.includes("{")
          ? s
          : {
              url: "{baseUrl}",
              variables: { baseUrl: { default: s.url } },
              ...(s.description && { description: s.description }),
            },
      ),
  ],
  [
    "with the version in the path as a variable",
    (servers) =>
      servers.map((s) => {
        const version = /\/(v\d+(?:\.\d+)*)(?=\/|$)/.exec(s.url)?.[1];
        if (!version || s.url.includes("{")) return s;
        return {
          ...s,
          url: s.url.replace(`/${version}`, "/{version}"),
          variables: { version: { default: version, enum: ["v0", version] } },
        };
      }),
  ],
];

const proxyOf = (root: Spec): string => inferConnector(docOf(root)).connector.proxy_url;

describe.skipIf(!hasCorpus)("corpus servers written other ways", () => {
  it("the corpus has OpenAPI 3 documents with servers to rewrite", () => {
    expect(documents.length).toBeGreaterThan(30);
  });

  const original = new Map<string, string>();
  const proxyAsWritten = (file: string, root: Spec): string => {
    const known = original.get(file) ?? proxyOf(root);
    original.set(file, known);
    return known;
  };

  it.each(rewrites)("servers %s give the same proxy_url", (_how, change) => {
    for (const [file, root] of documents) {
      expect(proxyOf(rewrite(root, change)), file).toBe(proxyAsWritten(file, root));
    }
  });
});

type Scheme = Record<string, unknown> & { flows?: Record<string, Record<string, unknown>> };

/** The OAuth flows of a scheme, OpenAPI 3 (flows) or Swagger 2 (the scheme itself). */
const flowsOf = (scheme: Scheme): Record<string, unknown>[] =>
  scheme.flows ? Object.values(scheme.flows) : [scheme];

const schemesOf = (root: Spec): Record<string, Scheme> | undefined => {
  const components = root.components as { securitySchemes?: Record<string, Scheme> } | undefined;
  return components?.securitySchemes ?? (root.securityDefinitions as Record<string, Scheme> | undefined);
};

/** The first OAuth scheme's name, in documents that have one. */
const oauthName = (root: Spec): string | undefined =>
  Object.entries(schemesOf(root) ?? {}).find(([, scheme]) => scheme?.type === "oauth2")?.[0];

const oauthDocuments = parsed.filter(([, root]) => oauthName(root) !== undefined);

/** Every OAuth URL with the parameters its request defines written into it. */
function withRequestParameters(root: Spec): Spec {
  const copy = structuredClone(root);
  for (const scheme of Object.values(schemesOf(copy) ?? {})) {
    if (scheme?.type !== "oauth2") continue;
    for (const flow of flowsOf(scheme)) {
      if (typeof flow.authorizationUrl === "string")
        flow.authorizationUrl += "?response_type=code&client_id={client_id}";
      if (typeof flow.tokenUrl === "string") flow.tokenUrl += "?grant_type=authorization_code";
    }
  }
  return copy;
}

/** A copy of the first OAuth scheme on sandbox hosts, declared and required before it. */
function withSandboxFirst(root: Spec): Spec {
  const copy = structuredClone(root);
  const name = oauthName(copy) ?? "";
  const schemes = schemesOf(copy) ?? {};
  const sandbox = structuredClone(schemes[name] as Scheme);
  for (const flow of flowsOf(sandbox)) {
    for (const key of ["authorizationUrl", "tokenUrl"]) {
      const url = flow[key];
      if (typeof url === "string") flow[key] = url.replace(/^https:\/\/([^/]+)/, "https://sandbox.$1");
    }
  }
  const reordered = { [`${name}_sandbox`]: sandbox, ...schemes };
  if (copy.securityDefinitions) copy.securityDefinitions = reordered;
  else (copy.components as { securitySchemes: unknown }).securitySchemes = reordered;
  const alternatives = (requirements: unknown): unknown =>
    Array.isArray(requirements)
      ? requirements.flatMap((r: Record<string, unknown>) =>
          name in r ? [{ [`${name}_sandbox`]: r[name] }, r] : [r],
        )
      : requirements;
  copy.security = alternatives(copy.security);
  for (const item of Object.values((copy.paths ?? {}) as Record<string, Record<string, Spec>>)) {
    for (const operation of Object.values(item ?? {})) {
      if (operation && typeof operation === "object" && "security" in operation)
        operation.security = alternatives(operation.security);
    }
  }
  return copy;
}

const authOf = (root: Spec) => {
  const pattern = inferConnector(docOf(root)).connector.auth_patterns[0];
  return [pattern?.type, pattern?.oauth_config?.authorize_uri, pattern?.oauth_config?.token_uri];
};

describe.skipIf(!hasCorpus)("corpus OAuth schemes written other ways", () => {
  it("the corpus has documents with OAuth schemes to rewrite", () => {
    expect(oauthDocuments.length).toBeGreaterThan(20);
  });

  it.each([
    ["with the request parameters in their URLs", withRequestParameters],
    ["after a sandbox copy of the scheme", withSandboxFirst],
  ] as const)("OAuth schemes %s give the same auth", (_how, change) => {
    for (const [file, root] of oauthDocuments) expect(authOf(change(root)), file).toEqual(authOf(root));
  });
});

/** The document without its security, its key header shown in the API's description instead. */
function withKeyHeaderInProse(root: Spec, header: string): Spec {
  const copy = structuredClone(root);
  delete copy.security;
  delete copy.securityDefinitions;
  const components = copy.components as { securitySchemes?: unknown } | undefined;
  if (components) delete components.securitySchemes;
  for (const item of Object.values((copy.paths ?? {}) as Record<string, Record<string, Spec>>)) {
    for (const operation of Object.values(item ?? {})) {
      if (operation && typeof operation === "object") delete operation.security;
    }
  }
  const info = (copy.info ?? {}) as Spec;
  const before = typeof info.description === "string" ? `${info.description}\n\n` : "";
  copy.info = {
    ...info,
    description: `${before}Send the header \`${header}: <your API key>\` with each request.`,
  };
  return copy;
}

describe.skipIf(!hasCorpus)("corpus key headers described in prose instead of a scheme", () => {
  const keyed = parsed.flatMap(([file, root]): [string, Spec, string][] => {
    const pattern = inferConnector(docOf(root)).connector.auth_patterns[0];
    const header = pattern?.type === "API_KEY" ? pattern.auth_header_key_override : undefined;
    return header ? [[file, root, header]] : [];
  });

  it("the corpus has documents with a key in a header of its own", () => {
    expect(keyed.length).toBeGreaterThan(10);
  });

  it("give an API key in the same header, read from the prose amid the rest of the document", () => {
    for (const [file, root, header] of keyed) {
      const pattern = inferConnector(docOf(withKeyHeaderInProse(root, header))).connector.auth_patterns[0];
      expect([pattern?.type, pattern?.auth_header_key_override], file).toEqual(["API_KEY", header]);
    }
  });
});

const lastTwoLabels = (url: string): string =>
  (/^https:\/\/([^/?#]+)/.exec(url)?.[1] ?? "").split(".").slice(-2).join(".");

/** The document's OAuth code flows made implicit (no token URL), the token URL named in its description. */
function implicitWithTokenInProse(root: Spec, token: string): Spec {
  const copy = structuredClone(root);
  for (const scheme of Object.values(schemesOf(copy) ?? {})) {
    if (scheme?.type !== "oauth2") continue;
    const code = scheme.flows?.authorizationCode;
    if (code) {
      scheme.flows = { implicit: { authorizationUrl: code.authorizationUrl, scopes: code.scopes ?? {} } };
    } else if (scheme.flow === "accessCode") {
      scheme.flow = "implicit";
      delete scheme.tokenUrl;
    }
  }
  const info = (copy.info ?? {}) as Spec;
  const before = typeof info.description === "string" ? `${info.description}\n\n` : "";
  copy.info = { ...info, description: `${before}Exchange the authorization code for tokens at ${token}.` };
  return copy;
}

describe.skipIf(!hasCorpus)("corpus OAuth token URLs named in prose instead of a flow", () => {
  // the prose is read on the authorize URL's site; a token URL on another site is out of reach
  const withToken = oauthDocuments.flatMap(([file, root]): [string, Spec, string][] => {
    const config = inferConnector(docOf(root)).connector.auth_patterns[0]?.oauth_config;
    const token = config?.token_uri;
    const onSite =
      token?.startsWith("https://") &&
      !token.includes("{{") &&
      lastTwoLabels(token) === lastTwoLabels(config?.authorize_uri ?? "");
    return token && onSite ? [[file, root, token]] : [];
  });

  it("the corpus has OAuth documents whose token URL is on the authorize URL's site", () => {
    expect(withToken.length).toBeGreaterThan(15);
  });

  it("an implicit flow takes the token URL the description names", () => {
    for (const [file, root, token] of withToken) {
      const config = inferConnector(docOf(implicitWithTokenInProse(root, token))).connector.auth_patterns[0]
        ?.oauth_config;
      expect(config?.token_uri, file).toBe(token);
    }
  });
});

describe.skipIf(!hasCorpus)("corpus bearer schemes written as a key in Authorization", () => {
  // documents whose chosen auth is an http bearer scheme, with that scheme's name
  const bearers = parsed.flatMap(([file, root]): [string, Spec, string][] => {
    const schemes = (root.components as { securitySchemes?: Record<string, Scheme> } | undefined)
      ?.securitySchemes;
    const name = Object.entries(schemes ?? {}).find(
      ([, s]) => s?.type === "http" && String(s.scheme).toLowerCase() === "bearer",
    )?.[0];
    const chosen = inferConnector(docOf(root)).connector.auth_patterns[0]?.type;
    return name && chosen === "BEARER" ? [[file, root, name]] : [];
  });

  it("the corpus has documents whose auth is a bearer scheme", () => {
    expect(bearers.length).toBeGreaterThan(8);
  });

  it("stay BEARER when the API's description shows the Authorization value", () => {
    for (const [file, root, name] of bearers) {
      const copy = structuredClone(root);
      const components = copy.components as { securitySchemes: Record<string, unknown> };
      components.securitySchemes[name] = { type: "apiKey", in: "header", name: "Authorization" };
      const info = (copy.info ?? {}) as Spec;
      const before = typeof info.description === "string" ? `${info.description}\n\n` : "";
      copy.info = { ...info, description: `${before}Every request sends \`Authorization: Bearer <token>\`.` };
      expect(inferConnector(docOf(copy)).connector.auth_patterns[0]?.type, file).toBe("BEARER");
    }
  });
});

describe.skipIf(!hasCorpus)("corpus Swagger hosts written other ways", () => {
  const swaggers = parsed.filter(([, root]) => typeof root.host === "string" && root.host !== "");

  it("the corpus has Swagger 2.0 documents with a host", () => {
    expect(swaggers.length).toBeGreaterThan(10);
  });

  it.each([
    ["with its scheme", (host: string) => `https://${host}`],
    ["with a trailing slash", (host: string) => `${host}/`],
  ] as const)("a host written %s gives the same proxy_url", (_how, change) => {
    for (const [file, root] of swaggers) {
      const copy = structuredClone(root);
      copy.host = change(String(root.host));
      expect(proxyOf(copy), file).toBe(proxyOf(root));
    }
  });
});

if (!hasCorpus) {
  it.skip("corpus variants: ../shared/corpus is absent, so the corpus variants tests are skipped", () => {});
}
