// Every TypeScript example in README.md compiles; the block of deliberate mistakes fails with
// exactly the messages its comments quote.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnose } from "./compile.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const importLine = `import { connector } from "${root}dsl/index.ts";\n`;
// blocks import from "connectorkit" or a relative dsl path, both the project's dsl/, and from
// "connectorkit/proxy", its scripts/proxy/
const source = (block: string) =>
  (/^import /m.test(block) ? "" : importLine) +
  block
    .replace(/from "(connectorkit|\.\.\/dsl\/index\.ts)"/g, `from "${root}dsl/index.ts"`)
    .replace(/from "connectorkit\/proxy"/g, `from "${root}scripts/proxy/index.ts"`)
    .replace(/^export default /gm, "export const c = ");
const quoted = (block: string) =>
  [...block.matchAll(/\/\/ (.+?)(?: …)?$/gm)].map((match) => match[1]!.replace(/ …$/, ""));

describe("README.md examples", () => {
  const sources = new Map(
    blocks.map((block, index) => [`${root}test/types/__readme${index}.ts`, source(block)]),
  );
  const messages = diagnose(sources);
  const mistakes = blocks.findIndex(
    (block) => block.includes("DslTypeError") || block.includes("// scopes belong"),
  );

  it("has examples, one of them the mistakes block", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(mistakes).toBeGreaterThanOrEqual(0);
  });

  it.each(blocks.map((_, index) => index).filter((index) => index !== mistakes))(
    "block %i compiles",
    (index) => {
      expect(messages.get(`${root}test/types/__readme${index}.ts`)).toBeUndefined();
    },
  );

  it("the mistakes block fails with the quoted messages", () => {
    const text = messages.get(`${root}test/types/__readme${mistakes}.ts`) ?? "";
    for (const message of quoted(blocks[mistakes]!)) expect(text).toContain(message);
  });
});
