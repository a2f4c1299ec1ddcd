// The corpus's real OpenAPI 3 documents (../shared/corpus, read in place), with their servers
// rewritten the ways other documents write the same servers: proxy_url must not change.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inferConnector } from "../../scripts/codegen/infer.ts";
import { parseSpecText } from "../../scripts/codegen/load-spec.ts";
import { corpusDir } from "./helpers.ts";
import { docOf, type Spec } from "./spec-helpers.ts";

const specDir = join(corpusDir, "openapi");
const hasCorpus = existsSync(specDir);

interface Server {
  url: string;
  description?: string;
  variables?: unknown;
}

/** Documents whose root lists servers, parsed once. */
const documents: [string, Spec][] = hasCorpus
  ? readdirSync(specDir)
      .sort()
      .flatMap((file): [string, Spec][] => {
        const root = parseSpecText(readFileSync(join(specDir, file), "utf8"), file).root as Spec;
        return Array.isArray(root.servers) && root.servers.length > 0 ? [[file, root]] : [];
      })
  : [];

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
