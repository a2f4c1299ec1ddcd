// --check-oauth against a real HTTP server on 127.0.0.1 that publishes OAuth metadata. The spec's
// URLs must be https to validate, so a fetch forwards their hosts to the local server.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOAuthMetadata } from "../../scripts/codegen/oauth-metadata.ts";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { scratchDir } from "./helpers.ts";
import { inferOf, oas3, oauthSpec } from "./spec-helpers.ts";

/** Metadata documents by host and path; anything else is 404. */
const published: Record<string, Record<string, unknown>> = {
  "auth.agree.io": {
    "/.well-known/oauth-authorization-server": {
      issuer: "https://auth.agree.io",
      authorization_endpoint: "https://auth.agree.io/authorize",
      token_endpoint: "https://auth.agree.io/token/",
    },
  },
  "auth.moved.io": {
    "/.well-known/openid-configuration": {
      issuer: "https://auth.moved.io",
      authorization_endpoint: "https://auth.moved.io/v2/authorize",
      token_endpoint: "https://tokens.moved.io/token",
    },
  },
  "auth.other.io": {
    "/.well-known/oauth-authorization-server": {
      issuer: "https://login.elsewhere.io",
      authorization_endpoint: "https://login.elsewhere.io/authorize",
      token_endpoint: "https://login.elsewhere.io/token",
    },
  },
  "www.split.io": {},
  "tokens.split.io": {
    "/.well-known/oauth-authorization-server": {
      issuer: "https://tokens.split.io",
      authorization_endpoint: "https://www.split.io/authorize",
      token_endpoint: "https://tokens.split.io/token",
    },
  },
};

let server: Server;
let base = "";
const asked: string[] = [];

/** Forwards https://<host>/… to the local server, which reads the host from a header; "down.io" is unreachable. */
const forward: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  asked.push(url.href);
  if (url.hostname === "down.io") throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
  return fetch(`${base}${url.pathname}`, { ...init, headers: { ...init?.headers, "x-host": url.hostname } });
};
const http = { fetch: forward, timeoutMs: 2_000 };

beforeAll(async () => {
  server = createServer((request, response) => {
    const host = String(request.headers["x-host"]);
    if (host === "auth.html.io") {
      response.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
      return;
    }
    const document = published[host]?.[request.url ?? ""];
    if (document === undefined) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const check = (authorize: string, token: string) =>
  checkOAuthMetadata(inferOf(oauthSpec(authorize, token)), http);

const cases: [string, { authorize: string; token: string; warning?: string; inferred: string }][] = [
  [
    "metadata that agrees (trailing slashes aside) confirms the URLs",
    {
      authorize: "https://auth.agree.io/authorize",
      token: "https://auth.agree.io/token",
      inferred: "match the provider's OAuth metadata",
    },
  ],
  [
    "OpenID Connect metadata that lists other endpoints → a warning naming them",
    {
      authorize: "https://auth.moved.io/authorize",
      token: "https://auth.moved.io/token",
      warning: "auth-metadata-differs",
      inferred: "",
    },
  ],
  [
    "metadata for another issuer is not this provider's word",
    {
      authorize: "https://auth.other.io/authorize",
      token: "https://auth.other.io/token",
      inferred: "no OAuth metadata published",
    },
  ],
  [
    "an HTML page where the metadata would be is no metadata",
    {
      authorize: "https://auth.html.io/authorize",
      token: "https://auth.html.io/token",
      inferred: "no OAuth metadata published",
    },
  ],
  [
    "the token URL's host is asked when the authorization host publishes nothing",
    {
      authorize: "https://www.split.io/authorize",
      token: "https://tokens.split.io/token",
      inferred: "match the provider's OAuth metadata",
    },
  ],
  [
    "an unreachable host → a warning that the URLs are unchecked",
    {
      authorize: "https://down.io/authorize",
      token: "https://down.io/token",
      warning: "auth-metadata-unchecked",
      inferred: "",
    },
  ],
];

describe("--check-oauth", () => {
  it.each(cases)("%s", async (_name, { authorize, token, warning, inferred }) => {
    const before = inferOf(oauthSpec(authorize, token));
    const after = await check(authorize, token);
    const added = after.warnings.slice(before.warnings.length).map((w) => w.code);
    expect(added).toEqual(warning ? [warning] : []);
    if (inferred) expect(after.inferred.map((i) => i.what).join("\n")).toContain(inferred);
    // the document's URLs are kept either way
    expect(after.connector).toStrictEqual(before.connector);
  });

  it("names the published endpoints and where they were read", async () => {
    const after = await check("https://auth.moved.io/authorize", "https://auth.moved.io/token");
    const warning = after.warnings.find((w) => w.code === "auth-metadata-differs");
    expect(warning?.pointer).toBe("https://auth.moved.io/.well-known/openid-configuration");
    expect(warning?.message).toContain("https://auth.moved.io/v2/authorize");
    expect(warning?.message).toContain("https://tokens.moved.io/token");
  });

  it("asks an unreachable host once", async () => {
    asked.length = 0;
    await check("https://down.io/authorize", "https://down.io/token");
    expect(asked).toEqual(["https://down.io/.well-known/oauth-authorization-server"]);
  });

  it("leaves tenant-templated URLs and other auth types alone, without a request", async () => {
    asked.length = 0;
    const templated = oauthSpec("/authorize", "/token", { servers: [{ url: "https://{tenant}.acme.io" }] });
    const after = await checkOAuthMetadata(inferOf(templated), http);
    expect(after.inferred.map((i) => i.what)).toContain(
      "OAuth metadata not checked: the URLs depend on each tenant's host",
    );
    const bearer = inferOf(oas3());
    expect(await checkOAuthMetadata(bearer, http)).toBe(bearer);
    expect(asked).toEqual([]);
  });

  it("puts the warning in the generated file and the report", async () => {
    const scratch = scratchDir("oauth-metadata");
    try {
      const spec = join(scratch.dir, "moved.json");
      writeFileSync(
        spec,
        JSON.stringify(oauthSpec("https://auth.moved.io/authorize", "https://auth.moved.io/token")),
      );
      const report = await runGenerate([{ kind: "spec", spec }], { out: scratch.dir, checkOAuth: http });
      expect(report.errors).toEqual([]);
      expect(report.results[0]?.warnings.map((w) => w.code)).toContain("auth-metadata-differs");
      const file = join(scratch.dir, "acme.ts");
      expect(readFileSync(file, "utf8")).toContain("(auth-metadata-differs, at https://auth.moved.io/");
    } finally {
      scratch.dispose();
    }
  });
});
