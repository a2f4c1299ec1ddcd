// The docs hold together: every relative link of README.md and docs/*.md reaches a file of the
// repository and, with an #anchor, a heading of that page; every page is in README's index; and
// README stays a front page.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { anchors, links, slug } from "./markdown.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const docs = readdirSync(join(root, "docs"))
  .filter((file) => file.endsWith(".md"))
  .map((file) => `docs/${file}`);
const pages = ["README.md", ...docs];

/** Each link of `page` (a path relative to `base`) that leads nowhere, as `page:line: target (why)`. */
function broken(page: string, read: (path: string) => string | undefined, base = root): string[] {
  const text = read(page) ?? "";
  return links(text).flatMap(({ line, target }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return []; // https:, mailto: … are not checked
    const [path = "", anchor] = target.split("#", 2);
    const file = path === "" ? page : relative(base, join(base, dirname(page), decodeURIComponent(path)));
    const at = `${page}:${line}: ${target}`;
    if (file.startsWith("..")) return [`${at} (outside the repository)`];
    const shown = read(file);
    if (shown === undefined && !existsSync(join(base, file))) return [`${at} (no such file)`];
    if (anchor === undefined) return [];
    if (shown === undefined || !file.endsWith(".md"))
      return [`${at} (an anchor into a file that is not a page)`];
    return anchors(shown).has(anchor) ? [] : [`${at} (no heading #${anchor} in ${file})`];
  });
}

const readPage = (path: string) => {
  const file = join(root, path);
  return path.endsWith(".md") && existsSync(file) ? readFileSync(file, "utf8") : undefined;
};

describe("links between README.md and docs/", () => {
  it("anchors are GitHub's slugs", () => {
    expect(slug("Deploy: `sync`")).toBe("deploy-sync");
    expect(slug("What Scalekit cannot say, and the DSL's workaround")).toBe(
      "what-scalekit-cannot-say-and-the-dsls-workaround",
    );
    expect(slug("Check that it works: `sync verify`")).toBe("check-that-it-works-sync-verify");
    expect(slug("`connectorkit.config.ts`")).toBe("connectorkitconfigts");
    expect(slug("snake_case and kebab-case")).toBe("snake_case-and-kebab-case");
    expect([...anchors("# Flags\n```sh\n# not a heading\n```\n## Flags\n")]).toEqual(["flags", "flags-1"]);
  });

  it("finds a link to a missing page and one to a missing heading", () => {
    const fake: Record<string, string> = {
      "docs/a.md": "# A\n\nSee [b](b.md#gone), [c](c.md), [top](#a), [web](https://example.com/x#y).\n",
      "docs/b.md": "# B\n\n## Here\n",
    };
    expect(broken("docs/a.md", (path) => fake[path])).toEqual([
      "docs/a.md:3: b.md#gone (no heading #gone in docs/b.md)",
      "docs/a.md:3: c.md (no such file)",
    ]);
  });

  it.each(pages)("every relative link of %s leads to a file and heading that exist", (page) => {
    expect(broken(page, readPage)).toEqual([]);
  });

  it("README's index links every page of docs/", () => {
    const indexed = new Set(links(readPage("README.md") ?? "").map(({ target }) => target.split("#")[0]));
    expect(docs.filter((page) => !indexed.has(page))).toEqual([]);
  });

  it("README.md is a front page: under 250 lines", () => {
    expect((readPage("README.md") ?? "").split("\n").length).toBeLessThan(250);
  });
});
