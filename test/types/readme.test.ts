// Every TypeScript example in README.md and docs/*.md compiles; the block of deliberate mistakes
// fails with exactly the messages its comments quote.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagnose } from "./compile.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pages = [
  "README.md",
  ...readdirSync(`${root}docs`).flatMap((file) => (file.endsWith(".md") ? [`docs/${file}`] : [])),
];
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

/** Each ```ts block of each page, named by its page and its place there. */
const blocks = pages.flatMap((page) =>
  [...readFileSync(`${root}${page}`, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
    name: `${page} block ${index}`,
    file: `${root}test/types/__${page.replace(/\W/g, "_")}${index}.ts`,
    text: match[1] ?? "",
  })),
);

describe("the TypeScript examples of README.md and docs/", () => {
  const messages = diagnose(new Map(blocks.map((block) => [block.file, source(block.text)])));
  const mistakes = blocks.filter(
    (block) => block.text.includes("DslTypeError") || block.text.includes("// scopes belong"),
  );

  it("has examples, one of them the mistakes block", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(mistakes.map((block) => block.name)).toHaveLength(1);
  });

  it.each(blocks.filter((block) => !mistakes.includes(block)).map((block) => [block.name, block.file]))(
    "%s compiles",
    (_, file) => {
      expect(messages.get(file)).toBeUndefined();
    },
  );

  it.each(mistakes.map((block) => [block.name, block]))(
    "%s (the mistakes) fails with the quoted messages",
    (_, block) => {
      const text = messages.get(block.file) ?? "";
      const expected = quoted(block.text);
      expect(expected.length).toBeGreaterThan(0);
      for (const message of expected) expect(text).toContain(message);
    },
  );
});
