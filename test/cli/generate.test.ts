// `connectorkit generate` without --out writes where plan reads definitions: the config's
// connectors folder in a user's repository, connectors/ without a config, and generated/connectors
// only in connectorkit's own checkout (whose connectors/ holds the hand-written examples).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { defaultOut } from "../../scripts/cli/generate.ts";
import { type Project, project, repoRoot } from "../sync/helpers.ts";

let work: Project | undefined;
afterEach(() => work?.remove());

const spec = `openapi: 3.0.3
info: { title: Acme Tickets, version: "1" }
servers: [{ url: "https://api.acmetickets.com/v2" }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Acme-Key }
security: [{ key: [] }]
paths:
  /tickets: { get: { responses: { "200": { description: ok } } } }
`;

async function generate(cwd: string, args: string[] = []) {
  try {
    const tsx = join(repoRoot, "node_modules/.bin/tsx");
    const script = join(repoRoot, "scripts/connectorkit.ts");
    const { stdout, stderr } = await promisify(execFile)(tsx, [script, "generate", "acme.yaml", ...args], {
      cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("generate's default folder", () => {
  it("is the config's connectors folder in a user's repository, where plan reads", async () => {
    work = project({
      "acme.yaml": spec,
      "connectorkit.config.ts": 'export default { connectors: ["definitions/main.ts", "definitions"] };\n',
    });
    const result = await generate(work.dir);
    expect(result.code).toBe(0);
    expect(existsSync(join(work.dir, "definitions/acme-tickets.ts"))).toBe(true);
    expect(existsSync(join(work.dir, "generated"))).toBe(false);
  });

  it("is connectors/ without a config, and --out still wins", async () => {
    work = project({ "acme.yaml": spec });
    expect((await generate(work.dir)).code).toBe(0);
    expect(existsSync(join(work.dir, "connectors/acme-tickets.ts"))).toBe(true);
    expect((await generate(work.dir, ["--out", "elsewhere"])).code).toBe(0);
    expect(existsSync(join(work.dir, "elsewhere/acme-tickets.ts"))).toBe(true);
  });

  it("names the config's problem when it cannot be read, and how to go without it", async () => {
    work = project({ "acme.yaml": spec, "connectorkit.config.ts": "export default { connectors: 3 };\n" });
    const result = await generate(work.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("✖ connectorkit.config.ts: connectors must be a path or a list of paths");
    expect(result.stderr).toContain(", or pass --out DIR");
    expect(existsSync(join(work.dir, "connectors"))).toBe(false);
  });

  it("is generated/connectors in connectorkit's own checkout", async () => {
    expect(await defaultOut(repoRoot)).toBe("generated/connectors");
    work = project();
    expect(await defaultOut(work.dir)).toBe("connectors");
  });
});
