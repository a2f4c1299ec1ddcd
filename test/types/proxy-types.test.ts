// proxyClient typed by `generate --types` output from real corpus documents, compiled by the real
// compiler (one program for every snippet): the calls the vendor's API has compile and their
// answers are typed; a wrong path, a missing path parameter, a wrong body property, a wrong method
// and a misused answer each fail, with a message that names what is wrong.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGenerate } from "../../scripts/codegen/run.ts";
import { specDir } from "../codegen/corpus-docs.ts";
import { projectRoot, scratchDir } from "../codegen/helpers.ts";
import { diagnose } from "./compile.ts";

const documents = ["github.json", "asana.yaml"].map((file) => join(specDir, file));
const scratch = scratchDir("proxy-types");

const head = (
  types: string,
) => `import { proxyClient } from ${JSON.stringify(join(projectRoot, "scripts/proxy/index.ts"))};
import type { paths } from "./${types}.api.ts";
const environment = { url: "https://acme.scalekit.dev", clientId: "id", clientSecret: "secret" };
export const api = proxyClient<paths>("a-connection", { identifier: "user-1", environment });
`;
const github = head("github");
const asana = head("asana");
const repo = `{ params: { path: { owner: "o", repo: "r" } } }`;

const snippets: Record<string, string> = {
  ok: `${github}
export async function calls() {
  const found = await api.GET("/repos/{owner}/{repo}", ${repo});
  const name: string | undefined = found.data?.full_name;
  // the vendor's error keeps the vendor's type
  const why: string | undefined = found.error?.message;
  const made = await api.POST("/repos/{owner}/{repo}/issues", { params: { path: { owner: "o", repo: "r" } }, body: { title: "Bug" } });
  const number: number | undefined = made.data?.number;
  const me = await api.GET("/user");
  return [name, why, number, me.data];
}
`,
  okAsana: `${asana}
export async function calls() {
  const task = await api.GET("/tasks/{task_gid}", { params: { path: { task_gid: "1" } } });
  const name: string | undefined = task.data?.data?.name;
  return name;
}
`,
  wrongPath: `${github}\nexport const call = api.GET("/repoz/{owner}/{repo}", ${repo});\n`,
  missingParameter: `${github}\nexport const call = api.GET("/repos/{owner}/{repo}", { params: { path: { owner: "o" } } });\n`,
  wrongBody: `${github}\nexport const call = api.POST("/repos/{owner}/{repo}/issues", { params: { path: { owner: "o", repo: "r" } }, body: { titel: "Bug" } });\n`,
  wrongMethod: `${github}\nexport const call = api.PUT("/user");\n`,
  typedAnswer: `${github}\nexport async function call() {\n  const me = await api.GET("/user");\n  const login: number | undefined = me.data?.login;\n  return login;\n}\n`,
  prefixKept: `${asana}\nexport const call = api.GET("/api/1.0/tasks/{task_gid}", { params: { path: { task_gid: "1" } } });\n`,
};

let messages = new Map<string, string>();
const file = (name: string) => join(scratch.dir, `${name}.ts`);

describe.skipIf(!documents.every((document) => existsSync(document)))(
  "proxyClient typed by generated types",
  () => {
    beforeAll(async () => {
      const report = await runGenerate(
        documents.map((spec) => ({ kind: "spec", spec })),
        { out: scratch.dir, types: true },
      );
      expect(report.errors).toEqual([]);
      const sources = new Map(Object.entries(snippets).map(([name, text]) => [file(name), text]));
      for (const [path, text] of sources) writeFileSync(path, text);
      messages = diagnose(sources);
    }, 120_000);
    afterAll(scratch.dispose);

    it("compiles the calls the vendor's API has, with typed answers and the vendor's error types", () => {
      expect(messages.get(file("ok"))).toBeUndefined();
      expect(messages.get(file("okAsana"))).toBeUndefined();
    });

    it("fails a path the API lacks, naming the method and the path", () => {
      expect(messages.get(file("wrongPath"))).toContain(
        "GET /repoz/{owner}/{repo} is not in the vendor's API: check the path (relative to proxy_url) and the method",
      );
    });

    it("fails a path the API has for another method, naming the method", () => {
      expect(messages.get(file("wrongMethod"))).toContain("PUT /user is not in the vendor's API");
    });

    it("fails a missing path parameter", () => {
      expect(messages.get(file("missingParameter"))).toContain("Property 'repo' is missing");
    });

    it("fails a body property the operation does not take", () => {
      expect(messages.get(file("wrongBody"))).toMatch(/'titel' does not exist in type/);
    });

    it("types the answer", () => {
      expect(messages.get(file("typedAnswer"))).toContain("Type 'string' is not assignable to type 'number'");
    });

    it("offers paths relative to proxy_url: the base path proxy_url holds is not repeated", () => {
      expect(messages.get(file("prefixKept"))).toContain(
        "GET /api/1.0/tasks/{task_gid} is not in the vendor's API",
      );
    });
  },
);

if (!documents.every((document) => existsSync(document))) {
  it.skip("proxyClient typed by generated types: ../shared/corpus is absent, so these tests are skipped", () => {});
}
