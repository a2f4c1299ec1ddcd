// MCP servers go through the same rendering, type-check, writing and report as specs.
import { afterAll, describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { McpDiscovery } from "../../scripts/codegen/run.ts";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { buildFile, scratchDir } from "./helpers.ts";

describe("--mcp sources", () => {
  const scratch = scratchDir("mcp");
  afterAll(scratch.dispose);
  const payload = connector("Docs MCP").mcp().oauth().proxy("https://mcp.acme.io/mcp").payload();

  it("writes what discovery returns, with the URL as the report's spec", async () => {
    const seen: unknown[] = [];
    const discoverMcp: McpDiscovery = async (url, options) => {
      seen.push({ url, options });
      return { connector: payload, warnings: [], inferred: [{ what: "OAuth", from: url }] };
    };
    const report = await runGenerate([{ kind: "mcp", url: "https://mcp.acme.io/mcp" }], {
      out: scratch.dir,
      discoverMcp,
      proxyUrl: "https://mcp.acme.io/mcp",
    });
    expect(report.errors).toEqual([]);
    expect(report.results[0]?.spec).toBe("https://mcp.acme.io/mcp");
    expect(seen).toEqual([
      { url: "https://mcp.acme.io/mcp", options: { proxyUrl: "https://mcp.acme.io/mcp" } },
    ]);
    expect(await buildFile(`${scratch.dir}/docs-mcp.ts`)).toStrictEqual(payload);
  });

  it("turns a discovery failure into an error for that source only", async () => {
    const discoverMcp: McpDiscovery = async () => {
      throw new Error("the server answered 404");
    };
    const report = await runGenerate([{ kind: "mcp", url: "https://mcp.acme.io/missing" }], {
      out: scratch.dir,
      discoverMcp,
    });
    expect(report.errors).toEqual([
      {
        spec: "https://mcp.acme.io/missing",
        message: "the server answered 404",
        parts: { message: "the server answered 404", fix: "see the message, then run generate again" },
      },
    ]);
  });
});
