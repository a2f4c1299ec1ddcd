// Descriptions cut to a sentence or two: sentence ends are real ones, not the dots of URLs,
// domain names, versions or abbreviations; markup, links and URLs become plain prose.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sentencesOf, summarize } from "../../../scripts/codegen/transform/description.ts";
import {
  withoutFences,
  withoutLinks,
  withoutSpans,
} from "../../../scripts/codegen/transform/description-markup.ts";

const summaries: [string, { given: string; want: string }][] = [
  [
    "a bare URL mid-sentence is kept whole, as host and path",
    {
      given: "OpenAPI specs from https://github.com/acme/api-description with the 'x-acme' extension",
      want: "OpenAPI specs from github.com/acme/api-description with the 'x-acme' extension",
    },
  ],
  [
    "a URL ending a sentence keeps the period as the end",
    {
      given: "The Acme API. Please visit https://developers.acme.io/. More text follows here.",
      want: "The Acme API. Please visit developers.acme.io.",
    },
  ],
  [
    "a URL's query and fragment go",
    { given: "See https://www.acme.io/docs?x=1#top for details.", want: "See acme.io/docs for details." },
  ],
  [
    "a domain name is not a sentence end",
    {
      given: "This connector uses your key to reach various Acme.com features. It supports orders.",
      want: "This connector uses your key to reach various Acme.com features.",
    },
  ],
  [
    "versions are not sentence ends",
    {
      given: "Acme API v1.2 uses OAuth 2.0-based tokens. Version 3.1.4 is next.",
      want: "Acme API v1.2 uses OAuth 2.0-based tokens. Version 3.1.4 is next.",
    },
  ],
  [
    "abbreviations are not sentence ends",
    {
      given:
        "Manage widgets, e.g. Gadgets and Gizmos, i.e. Everything in your Acme Inc. account today. More.",
      want: "Manage widgets, e.g. Gadgets and Gizmos, i.e. Everything in your Acme Inc. account today.",
    },
  ],
  [
    "a period before a lower-case word is not an end",
    {
      given: "Files are stored as .json files. and so on until the end of this long sentence here.",
      want: "Files are stored as .json files. and so on until the end of this long sentence here.",
    },
  ],
  [
    "a short first sentence takes the next one of its paragraph",
    { given: "The Acme API. It manages widgets. It is fast.", want: "The Acme API. It manages widgets." },
  ],
  [
    "but not one from the next paragraph",
    {
      given: "This is the OpenAPI specification for the Acme API.\n\nNote: it is a beta.",
      want: "This is the OpenAPI specification for the Acme API.",
    },
  ],
  [
    "markdown links keep their text, images go",
    {
      given: "![logo](https://acme.io/logo.png) The **Acme** API manages [widgets](https://acme.io/w).",
      want: "The Acme API manages widgets.",
    },
  ],
  [
    "HTML tags, entities and autolinks",
    {
      given: "<p>The <b>Acme</b>&nbsp;API &amp; friends.</p><p>See <https://acme.io/docs>.</p>",
      want: "The Acme API & friends.",
    },
  ],
  [
    "headings, tables, code and folded parts are skipped",
    {
      given:
        "# Changelog\n<details><summary>Click to see changelog.</summary>\n\n| v | 1.2.0 |\n</details>\n\n```sh\ncurl -H x\n```\n\nThe Acme API manages widgets and gadgets for everyone.",
      want: "The Acme API manages widgets and gadgets for everyone.",
    },
  ],
  [
    "list items are blocks of their own",
    {
      given: "Published by Acme.com.\n - Official documentation\n - More pages",
      want: "Published by Acme.com.",
    },
  ],
  [
    "a contact line with an email address is passed over",
    {
      given: "For questions, contact: help@acme.io\r\n# Overview\r\n\r\nAcme Web Services is a REST API.",
      want: "Acme Web Services is a REST API.",
    },
  ],
  [
    "snake_case names keep their underscores, emphasis goes",
    {
      given: "Send the _api_key_ as `x_api_key` in __every__ call.",
      want: "Send the api_key as x_api_key in every call.",
    },
  ],
  [
    "a long sentence is cut at a word",
    {
      given: `Acme ${"widget ".repeat(60)}end.`,
      want: `Acme ${"widget ".repeat(41).trim()}...`,
    },
  ],
  ["only markup → empty", { given: "# Title\n\n| a | b |", want: "" }],
];

describe("description summaries", () => {
  it.each(summaries)("%s", (_name, { given, want }) => {
    expect(summarize(given)).toBe(want);
  });

  it("never splits inside a token", () => {
    const block = "Call api.acme.io/v1.2/x.json or e.g. 1.5.3! Then stop? Yes. Done";
    expect(sentencesOf(block)).toEqual([
      "Call api.acme.io/v1.2/x.json or e.g. 1.5.3!",
      "Then stop?",
      "Yes.",
      "Done",
    ]);
  });
});

// The markup scanners read what these regular expressions read, in linear time (they were the
// implementation until long hostile text made them quadratic).
describe("markup scanners against the expressions they replace", () => {
  const markup = fc
    .array(
      fc.constantFrom(
        "<details>",
        "</DETAILS>",
        "<details",
        "<!--",
        "-->",
        "```",
        "~~~",
        "````",
        "\n",
        " ",
        "\t",
        "\u2028",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "][",
        "a",
        "Word",
        ". ",
        "x",
        "http://a.b/c",
      ),
      { maxLength: 24 },
    )
    .map((parts) => parts.join(""));
  // blank and whitespace-only lines are the same for the summary: both end a block
  const lines = (text: string): string =>
    text
      .split(/[\n\r\u2028\u2029]/)
      .map((line) => (line.trim() === "" ? "" : line))
      .join("\n")
      .replace(/\n{2,}/g, "\n\n");

  it("spans", () => {
    fc.assert(
      fc.property(markup, (text) => {
        expect(withoutSpans(text, /<details\b/i, /<\/details>/i, "\n\n")).toBe(
          text.replace(/<details\b[\s\S]*?<\/details>/gi, "\n\n"),
        );
        expect(withoutSpans(text, /<!--/, /-->/, "")).toBe(text.replace(/<!--[\s\S]*?-->/g, ""));
      }),
      { numRuns: 5_000 },
    );
  });

  it("fences", () => {
    fc.assert(
      fc.property(markup, (text) => {
        expect(lines(withoutFences(text))).toBe(
          lines(text.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1.*$/gm, "\n\n")),
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it("links and images", () => {
    fc.assert(
      fc.property(markup, (text) => {
        expect(withoutLinks(text)).toBe(
          text
            .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
            .replace(/\[([^\]]*)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]/g, "$1$2"),
        );
      }),
      { numRuns: 5_000 },
    );
  });
});
