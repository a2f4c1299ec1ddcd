// A Scalekit server that echoes credentials back in the data it serves: the access token it issued
// and the client secret, written into the config where no variable name marks it as one. Whatever sync
// prints, as text or --json, carries neither, in any encoding, and the JSON still parses.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialForms } from "../../scripts/client/errors.ts";
import { Collector } from "../../scripts/sync/output.ts";
import { Secrets, scrubbing } from "../../scripts/sync/secrets.ts";
import { bearerSource, dslIndex, project, served, sync } from "./helpers.ts";

// quotes, a backslash and a non-ASCII letter: each JSON-escaped differently from its raw form
const secret = 'sk"wild\\secret-ü-0042';
const clientId = "skc_echo";

let server: Server;
let url = "";
const issued: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (request.method === "POST" && path === "/oauth/token") {
      const token = `tok_${issued.length}_${Math.random().toString(36).slice(2)}`;
      issued.push(token);
      return send(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
    }
    const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
    if (path === "/api/v1/providers") {
      const provider = served(
        {
          display_name: "Alpha",
          description: `issued ${token}; secret ${secret}`,
          auth_patterns: [{ type: "BEARER", display_name: "Bearer", description: "a token", fields: [] }],
          proxy_url: "https://api.echo.example",
        },
        "alpha",
        false,
      );
      return send(200, { providers: [provider], next_page_token: "" });
    }
    if (path.startsWith("/api/v1/connections")) return send(200, { connections: [] });
    return send(404, { code: 5, message: `no ${path} (${token})` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// the secret written into the config, so no variable name can mark it as one
const config = () => `import { defineConfig } from ${JSON.stringify(dslIndex)};
export default defineConfig({
  environments: {
    echo: { url: ${JSON.stringify(url)}, clientId: "${clientId}", clientSecret: ${JSON.stringify(secret)} },
  },
});
`;

const expectClean = (texts: readonly string[]) => {
  const forms = [...credentialForms(secret, clientId), ...issued.flatMap((token) => credentialForms(token))];
  for (const text of texts) for (const form of forms) expect(text).not.toContain(form);
};

describe("output scrubbed of the target's credentials", () => {
  const run = (argv: string[]) => {
    const work = project({
      "connectorkit.config.ts": config(),
      "connectors/alpha.ts": bearerSource("Alpha", "A connector"),
    });
    return sync(argv, { cwd: work.dir });
  };

  it("plan: the issued token and the secret, served back as data, are never printed", async () => {
    const result = await run(["plan", "--env", "echo", "--adopt"]);
    expect(issued.length).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).toContain("***");
    expectClean([result.stdout, result.stderr]);
  });

  it("plan --json: scrubbed before it is serialised, so it still parses", async () => {
    const result = await run(["plan", "--env", "echo", "--adopt", "--json"]);
    expectClean([result.stdout, result.stderr]);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stdout).toContain("***");
  });
});

describe("Secrets", () => {
  it("scrubs values and keys before JSON.stringify: no half-replaced escape", () => {
    const secrets = new Secrets();
    secrets.add('abc"def\\');
    const text = secrets.json({ 'key abc"def\\': ['x abc"def\\ y'], n: 1 });
    expect(JSON.parse(text)).toStrictEqual({ "key ***": ["x *** y"], n: 1 });
  });

  it("scrubs a short credential verify sends (a 4-character PIN), though no other value that short", () => {
    const secrets = new Secrets();
    secrets.addForms(["4821"]);
    secrets.add("abcd");
    expect(secrets.scrub("pin 4821, code abcd")).toBe("pin ***, code abcd");
  });

  it("wraps a stream: every write is scrubbed, with secrets added later too", () => {
    const secrets = new Secrets();
    const out = new Collector();
    const wrapped = scrubbing(out, secrets);
    secrets.add("late-secret-1");
    wrapped.write("a late-secret-1 b\n");
    expect(out.text).toBe("a *** b\n");
  });
});
