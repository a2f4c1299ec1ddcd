// Servers → proxy_url and the fields its template needs, one row per rule.
import { describe, expect, it } from "vitest";
import { codesOf, inferOf, oas3, oauthSpec, type Spec, swagger2 } from "../spec-helpers.ts";

interface Want {
  url: string;
  /** Fields the proxy template added: name → hint fragment, and options when a select. */
  fields?: { name: string; hint?: string; options?: string[] }[];
  warnings?: string[];
  /** A fragment of an inference the reading records. */
  inferred?: string;
  /** No proxy-… warning at all. */
  sure?: boolean;
}

const servers = (list: Spec[]) => oas3({ servers: list });

const cases: [string, { given: Spec; want: Want }][] = [
  [
    "an https server",
    { given: servers([{ url: "https://api.acme.io/v2/" }]), want: { url: "https://api.acme.io/v2" } },
  ],
  [
    "production before sandbox",
    {
      given: servers([{ url: "https://api.sandbox.acme.io" }, { url: "https://api.acme.io" }]),
      want: { url: "https://api.acme.io" },
    },
  ],
  [
    "a server described as staging comes last",
    {
      given: servers([{ url: "https://eu.acme.io", description: "Staging" }, { url: "https://api.acme.io" }]),
      want: { url: "https://api.acme.io" },
    },
  ],
  [
    "https before http",
    {
      given: servers([{ url: "http://api.acme.io" }, { url: "https://secure.acme.io" }]),
      want: { url: "https://secure.acme.io" },
    },
  ],
  [
    "http only → https and a warning",
    {
      given: servers([{ url: "http://api.acme.io" }]),
      want: { url: "https://api.acme.io", warnings: ["proxy-http-server"] },
    },
  ],
  [
    "test servers only → kept, with a warning",
    {
      given: servers([{ url: "https://sandbox.acme.io" }]),
      want: { url: "https://sandbox.acme.io", warnings: ["proxy-test-server"] },
    },
  ],
  [
    "a host variable → {{domain}} with its description and example",
    {
      given: servers([
        {
          url: "https://{tenant}.acme.io/api",
          variables: { tenant: { default: "demo", description: "Your tenant" } },
        },
      ]),
      want: {
        url: "https://{{domain}}/api",
        fields: [{ name: "domain", hint: "Your tenant (e.g. demo.acme.io)" }],
      },
    },
  ],
  [
    "a host variable with an enum → a select of hosts",
    {
      given: servers([
        { url: "https://{region}.acme.io", variables: { region: { default: "us", enum: ["us", "de"] } } },
      ]),
      want: {
        url: "https://{{domain}}",
        fields: [{ name: "domain", options: ["us.acme.io", "de.acme.io"] }],
      },
    },
  ],
  [
    "enum entries that are not strings or numbers, or holes, are not hosts",
    {
      given: servers([
        {
          url: "https://{region}.acme.io",
          // biome-ignore lint/suspicious/noSparseArray: a mutated document can hold a sparse array
          variables: { region: { default: "us", enum: ["us", , null, { x: 1 }, "de"] } },
        },
      ]),
      want: {
        url: "https://{{domain}}",
        fields: [{ name: "domain", options: ["us.acme.io", "de.acme.io"] }],
      },
    },
  ],
  [
    "a variable with one possible value is a constant",
    {
      given: servers([
        {
          url: "{scheme}://api.acme.io:{port}/v1",
          variables: {
            scheme: { default: "https", enum: ["https"] },
            port: { default: "443", enum: ["443"] },
          },
        },
      ]),
      want: { url: "https://api.acme.io/v1" },
    },
  ],
  [
    "a path variable → a path-param field",
    {
      given: servers([
        { url: "https://api.acme.io/stores/{store}", variables: { store: { default: "abc" } } },
      ]),
      want: { url: "https://api.acme.io/stores/{{store}}", fields: [{ name: "store", hint: "e.g. abc" }] },
    },
  ],
  [
    "a path variable named like a credential → the key itself in the URL",
    {
      given: servers([{ url: "https://api.acme.io/bot{token}", variables: { token: { default: "x" } } }]),
      want: { url: "https://api.acme.io/bot{{api_key}}", warnings: ["auth-key-in-url"] },
    },
  ],
  [
    "a placeholder host → {{domain}}, its field, and no doubt about proxy_url",
    {
      given: oas3({
        servers: [{ url: "https://your-domain.acme.net/rest" }],
        components: { securitySchemes: { b: { type: "http", scheme: "bearer" } } },
        security: [{ b: [] }],
      }),
      want: {
        url: "https://{{domain}}/rest",
        fields: [{ name: "domain", hint: "your-domain.acme.net" }],
        inferred: "{{domain}} for the placeholder host your-domain.acme.net",
        sure: true,
      },
    },
  ],
  [
    "several production hosts of one API → a select",
    {
      given: servers([
        { url: "https://api.acme.io", description: "US" },
        { url: "https://api.eu.acme.io", description: "EU" },
      ]),
      want: {
        url: "https://{{domain}}",
        fields: [{ name: "domain", options: ["api.acme.io", "api.eu.acme.io"] }],
      },
    },
  ],
  [
    "hosts the description lists for regions → a select",
    {
      given: oas3({
        info: {
          title: "Acme",
          version: "1",
          description: "EU customers use https://rest.eu.acme.io instead.",
        },
        servers: [{ url: "https://rest.acme.io" }],
      }),
      want: {
        url: "https://{{domain}}",
        fields: [{ name: "domain", options: ["rest.acme.io", "rest.eu.acme.io"] }],
      },
    },
  ],
  [
    "the servers most operations declare win over the root's",
    {
      given: oas3({
        servers: [{ url: "https://www.acme.io" }],
        paths: {
          "/a": { servers: [{ url: "https://maps.acme.io" }], get: { responses: {} } },
          "/b": { servers: [{ url: "https://maps.acme.io" }], get: { responses: {} } },
          "/c": { get: { responses: {} } },
        },
      }),
      want: { url: "https://maps.acme.io" },
    },
  ],
  [
    "a relative server in a local spec → {{domain}} and a warning",
    {
      given: servers([{ url: "/api/v1" }]),
      want: { url: "https://{{domain}}/api/v1", warnings: ["proxy-no-server"] },
    },
  ],
  [
    "no servers → {{domain}} and a warning",
    {
      given: oas3({ servers: undefined }),
      want: { url: "https://{{domain}}", warnings: ["proxy-no-server"] },
    },
  ],
  [
    "no servers, but the text shows a request to an operation → its host, with a warning",
    {
      given: oas3({
        servers: undefined,
        paths: {
          "/v1/things/{id}": {
            get: { description: "Use GET https://api.acme.io/v1/things to list ids.", responses: {} },
          },
          "/v1/things": { get: { responses: {} } },
        },
      }),
      want: { url: "https://api.acme.io", warnings: ["proxy-host-from-text"] },
    },
  ],
  [
    "the base the text calls most operations at wins",
    {
      given: oas3({
        servers: undefined,
        info: {
          title: "Acme",
          version: "1",
          description:
            "See https://docs.acme.io/guides/things. Call https://api.acme.io/rest/things or https://api.acme.io/rest/users/7.",
        },
        paths: { "/things": { get: { responses: {} } }, "/users/{id}": { get: { responses: {} } } },
      }),
      want: { url: "https://api.acme.io/rest", warnings: ["proxy-host-from-text"] },
    },
  ],
  [
    "a relative server keeps its path; the text gives the host",
    {
      given: swagger2({
        host: undefined,
        info: { title: "Acme", version: "1", description: "curl https://api.acme.io/v1/things" },
      }),
      want: { url: "https://api.acme.io/v1", warnings: ["proxy-host-from-text"] },
    },
  ],
  [
    "URLs that call no operation, or a placeholder host, are not evidence",
    {
      given: oas3({
        servers: undefined,
        info: {
          title: "Acme",
          version: "1",
          description: "Docs at https://docs.acme.io/start; try https://api.example.com/things",
        },
      }),
      want: { url: "https://{{domain}}", warnings: ["proxy-no-server"] },
    },
  ],
  [
    "a placeholder host beside a relative server → the relative server's path",
    {
      given: servers([{ url: "/api/v1" }, { url: "https://airflow.local" }]),
      want: { url: "https://{{domain}}/api/v1", inferred: "placeholder host airflow.local" },
    },
  ],
  [
    "a server already written as a Scalekit template",
    {
      given: servers([{ url: "https://{{host}}/v1/{{team}}" }]),
      want: { url: "https://{{domain}}/v1/{{team}}", fields: [{ name: "team" }] },
    },
  ],
  [
    "a host tied to one region → a warning",
    {
      given: servers([{ url: "https://fra1.acme.io/API/v3" }]),
      want: { url: "https://fra1.acme.io/API/v3", warnings: ["proxy-regional-host"] },
    },
  ],
  ["Swagger 2.0 schemes, host and basePath", { given: swagger2(), want: { url: "https://api.acme.io/v1" } }],
  [
    "Swagger 2.0 without a host → a warning",
    {
      given: swagger2({ host: undefined }),
      want: { url: "https://{{domain}}/v1", warnings: ["proxy-no-server"] },
    },
  ],
  [
    "a connector definition for another platform → a warning about its host",
    {
      given: swagger2({ host: "gw.hub-works.io", "x-ms-connector-metadata": [] }),
      want: { url: "https://gw.hub-works.io/v1", warnings: ["proxy-connector-definition"] },
    },
  ],
  [
    "a scheme-relative server URL → https",
    { given: servers([{ url: "//api.acme.io/v1" }]), want: { url: "https://api.acme.io/v1" } },
  ],
  [
    "a server URL without a scheme is a host, not a relative path",
    { given: servers([{ url: "api.acme.io/v1" }]), want: { url: "https://api.acme.io/v1" } },
  ],
  [
    "a Swagger 2.0 host written with its scheme",
    { given: swagger2({ host: "https://api.acme.io/" }), want: { url: "https://api.acme.io/v1" } },
  ],
  [
    "a variable standing for the whole URL → its default",
    {
      given: servers([{ url: "{baseUrl}", variables: { baseUrl: { default: "https://api.acme.io/v3" } } }]),
      want: { url: "https://api.acme.io/v3" },
    },
  ],
  [
    "a whole-URL variable listing environments → production, as among servers",
    {
      given: servers([
        {
          url: "{environment}/v1",
          variables: {
            environment: {
              default: "https://sandbox.acme.io",
              enum: ["https://sandbox.acme.io", "https://api.acme.io"],
            },
          },
        },
      ]),
      want: { url: "https://api.acme.io/v1" },
    },
  ],
  [
    "a variable standing for the base path is part of the path, not the host",
    {
      given: servers([{ url: "https://api.acme.io{basePath}", variables: { basePath: { default: "/v2" } } }]),
      want: { url: "https://api.acme.io/v2" },
    },
  ],
  [
    "a version variable in the path → the document's default version",
    {
      given: servers([
        {
          url: "https://api.acme.io/{version}",
          variables: { version: { default: "v2", enum: ["v1", "v2"] } },
        },
      ]),
      want: { url: "https://api.acme.io/v2" },
    },
  ],
  [
    "a number in a path variable not named for the version stays a field",
    {
      given: servers([
        { url: "https://api.acme.io/{accountId}", variables: { accountId: { default: "12345" } } },
      ]),
      want: { url: "https://api.acme.io/{{accountId}}", fields: [{ name: "accountId", hint: "12345" }] },
    },
  ],
  [
    "a design tool's mock server, marked by its path, comes after production",
    {
      given: servers([
        { url: "https://tools.acme-design.io/mocks/acme/api/123" },
        { url: "https://api.acme.io" },
      ]),
      want: { url: "https://api.acme.io" },
    },
  ],
  [
    "a virtual (mock) server comes after production",
    {
      given: servers([
        { url: "https://virtserver.acme-hub.io/acme/api/1.0.0" },
        { url: "https://api.acme.io/v1" },
      ]),
      want: { url: "https://api.acme.io/v1" },
    },
  ],
  [
    "a server path every operation path repeats is left out, with a warning",
    {
      given: oas3({
        servers: [{ url: "https://api.acme.io/v1" }],
        paths: {
          "/v1/things": { get: { responses: {} } },
          "/v1/users": { get: { responses: {} } },
        },
      }),
      want: { url: "https://api.acme.io", warnings: ["proxy-path-repeated"] },
    },
  ],
  [
    "a server path only some operation paths repeat is kept",
    {
      given: oas3({
        servers: [{ url: "https://api.acme.io/v1" }],
        paths: { "/v1/things": { get: { responses: {} } }, "/users": { get: { responses: {} } } },
      }),
      want: { url: "https://api.acme.io/v1" },
    },
  ],
  [
    "a variable in the host's place with a default → the host's template, its default the example",
    {
      given: servers([{ url: "{host}/v1", variables: { host: { default: "api.acme.io" } } }]),
      want: { url: "https://{{domain}}/v1", fields: [{ name: "domain", hint: "api.acme.io" }] },
    },
  ],
  [
    "a variable in the host's place with no default → the host is unknown, with a warning",
    {
      given: servers([{ url: "{baseUrl}/v1" }]),
      want: { url: "https://{{domain}}/v1", warnings: ["proxy-no-server"] },
    },
  ],
  [
    "a leading variable with one possible value is that value, whole URL included",
    {
      given: servers([
        { url: "{base}", variables: { base: { default: "x", enum: ["https://api.acme.io/v2"] } } },
      ]),
      want: { url: "https://api.acme.io/v2" },
    },
  ],
  [
    "a private address without a scheme is a local deployment: kept, with a warning",
    {
      given: servers([{ url: "10.0.0.1:8080/api" }]),
      want: { url: "https://10.0.0.1:8080/api", warnings: ["proxy-test-server"] },
    },
  ],
  [
    "a mock server comes after even a sandbox",
    {
      given: servers([
        { url: "https://tools.acme-design.io/mocks/acme/api/1" },
        { url: "https://sandbox.acme.io/v1" },
      ]),
      want: { url: "https://sandbox.acme.io/v1", warnings: ["proxy-test-server"] },
    },
  ],
  [
    "a relative server's path brings its own variables beside a placeholder host",
    {
      given: servers([
        { url: "/api/{version}", variables: { version: { default: "v1" } } },
        { url: "https://airflow.local" },
      ]),
      want: { url: "https://{{domain}}/api/v1", inferred: "placeholder host airflow.local" },
    },
  ],
];

describe("proxy_url inference", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const inference = inferOf(given);
    expect(inference.connector.proxy_url).toBe(want.url);
    const pattern = inference.connector.auth_patterns[0];
    const fields = [...(pattern?.fields ?? []), ...(pattern?.account_fields ?? [])];
    for (const field of want.fields ?? []) {
      const found = fields.find((f) => f.field_name === field.name);
      expect(found, field.name).toBeDefined();
      if (field.hint) expect(found?.hint).toContain(field.hint);
      if (field.options) expect(found?.options?.map((o) => o.value)).toEqual(field.options);
    }
    for (const code of want.warnings ?? []) expect(codesOf(inference)).toContain(code);
    if (want.inferred)
      expect(inference.inferred.map((entry) => entry.what).join("\n")).toContain(want.inferred);
    if (want.sure) expect(codesOf(inference).filter((code) => code.startsWith("proxy-"))).toEqual([]);
  });

  it("reads the text of a document whose YAML aliases make it circular", () => {
    const loop: unknown[] = [];
    loop.push({ items: loop });
    const operation = { description: "GET https://api.acme.io/things", "x-loop": loop, responses: {} };
    const spec = oas3({ servers: undefined, paths: { "/things": { get: operation } } });
    expect(inferOf(spec).connector.proxy_url).toBe("https://api.acme.io");
  });

  it("--proxy-url replaces the servers", () => {
    expect(inferOf(oas3(), { proxyUrl: "https://gateway.acme.io/x" }).connector.proxy_url).toBe(
      "https://gateway.acme.io/x",
    );
  });

  it("an OAuth connector asks for the host as an account field", () => {
    const spec = oauthSpec("/authorize", "/token", {
      servers: [{ url: "https://{tenant}.acme.io", variables: { tenant: { default: "demo" } } }],
    });
    const inference = inferOf(spec);
    const pattern = inference.connector.auth_patterns[0];
    expect(pattern?.account_fields?.map((f) => f.field_name)).toEqual(["domain"]);
    expect(pattern?.oauth_config?.authorize_uri).toBe("https://{{domain}}/authorize");
    expect(codesOf(inference)).toContain("auth-templated-oauth-url");
  });
});

describe("a server path the operations repeat", () => {
  it("is warned once, not also as a prefix the server lacks", () => {
    const inference = inferOf(
      swagger2({
        basePath: "/api/v2",
        paths: { "/api/v2/things": { get: { responses: {} } }, "/api/v2/users": { get: { responses: {} } } },
      }),
    );
    expect(inference.connector.proxy_url).toBe("https://api.acme.io");
    expect(codesOf(inference)).toContain("proxy-path-repeated");
    expect(inference.inferred.some((entry) => entry.what.startsWith("base path "))).toBe(false);
  });
});

describe("variables standing for whole URLs", () => {
  it("multiply the servers only up to a bound: many of them use their defaults", () => {
    const names = Array.from({ length: 12 }, (_, i) => `part${i}`);
    const values = Array.from({ length: 10 }, (_, i) => `/s${i}`);
    const variables = Object.fromEntries(names.map((name) => [name, { default: "/d", enum: values }]));
    const inference = inferOf(
      oas3({ servers: [{ url: `https://api.acme.io${names.map((n) => `{${n}}`).join("")}`, variables }] }),
    );
    expect(inference.connector.proxy_url.startsWith("https://api.acme.io/")).toBe(true);
  });
});
