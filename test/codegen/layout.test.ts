// The chain laid out as Biome formats it: one row per layout rule, then random plans whose
// exact layouts Biome must leave unchanged.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChainCall, toChain } from "../../scripts/codegen/chain.ts";
import { formatSources } from "../../scripts/codegen/format.ts";
import { layoutChain, unformattedLines } from "../../scripts/codegen/layout.ts";
import { renderConnector } from "../../scripts/codegen/render.ts";
import { buildPlan, plainPlan, plainWords } from "./arbitraries.ts";

const call = (method: string, ...args: ChainCall["args"]): ChainCall => ({ method, args });
const long = (length: number) => "x".repeat(length);
const proxy = call("proxy", "https://api.acme.io");

const cases: [string, { given: ChainCall[]; want: { lines: string[]; exact: boolean } }][] = [
  [
    "a chain that fits, with simple arguments, stays on one line",
    {
      given: [call("apiKey", { header: "X-Key" }), proxy],
      want: {
        lines: ['export default connector("Acme").apiKey({ header: "X-Key" }).proxy("https://api.acme.io");'],
        exact: true,
      },
    },
  ],
  [
    "a chain too long for one line: one call a line",
    {
      given: [call("description", long(60)), call("bearer"), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          `  .description("${long(60)}")`,
          "  .bearer()",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "an argument nested two levels deep breaks the chain even when it fits",
    {
      given: [call("field", "d", { options: [{ value: "a" }] }), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          '  .field("d", { options: [{ value: "a" }] })',
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "a single string too long for its line goes on a line of its own",
    {
      given: [call("description", long(100)), call("bearer"), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          "  .description(",
          `    "${long(100)}",`,
          "  )",
          "  .bearer()",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "a last object argument opens on the call's line, one property a line",
    {
      given: [call("oauth", { authorizeUri: `https://${long(50)}`, tokenUri: `https://${long(50)}` }), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          "  .oauth({",
          `    authorizeUri: "https://${long(50)}",`,
          `    tokenUri: "https://${long(50)}",`,
          "  })",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "a long string after a key of five or more characters moves below it; a shorter key keeps it",
    {
      given: [call("field", "domain", { hint: long(100), label: long(100) }), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          '  .field("domain", {',
          `    hint: "${long(100)}",`,
          "    label:",
          `      "${long(100)}",`,
          "  })",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "objects with several properties in a list of two or more: one a line, even when they fit",
    {
      given: [
        call("field", "d", {
          options: [
            { value: "a", displayName: "A" },
            { value: "b", displayName: "B" },
          ],
        }),
        proxy,
      ],
      want: {
        lines: [
          'export default connector("Acme")',
          '  .field("d", {',
          "    options: [",
          '      { value: "a", displayName: "A" },',
          '      { value: "b", displayName: "B" },',
          "    ],",
          "  })",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  [
    "a first argument too long to open the object beside: one argument a line",
    {
      given: [call("scope", long(100), { required: true }), proxy],
      want: {
        lines: [
          'export default connector("Acme")',
          "  .scope(",
          `    "${long(100)}",`,
          "    { required: true },",
          "  )",
          '  .proxy("https://api.acme.io");',
        ],
        exact: true,
      },
    },
  ],
  ...(
    [
      ["a string with double quotes (Biome may change the quotes)", 'say "hi"'],
      ["a string with a backslash", "a\\b"],
      ["a string beyond ASCII (its width is not its length)", "café"],
    ] as const
  ).map(([name, text]): [string, { given: ChainCall[]; want: { lines: string[]; exact: boolean } }] => [
    `inexact: ${name}`,
    {
      given: [call("description", text), call("bearer"), proxy],
      want: {
        lines: [
          `export default connector("Acme").description(${JSON.stringify(text)}).bearer().proxy("https://api.acme.io");`,
        ],
        exact: false,
      },
    },
  ]),
];

describe("layoutChain", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(layoutChain("export default ", "Acme", given)).toEqual(want);
  });

  it("the exact rows are what Biome prints", async () => {
    const exact = cases
      .filter(([, { want }]) => want.exact)
      .map(([, { want }]) => `${want.lines.join("\n")}\n`);
    const formatted = await formatSources(exact);
    expect(formatted.map((item) => (item.status === "fulfilled" ? item.value : item.reason))).toEqual(exact);
  });

  it.each([
    ["a quoted key", [call("metadata", { "a b": "c" }), proxy]],
    ["a number", [call("metadata", { a: 1 }), proxy]],
    ["one call after the head that does not fit", [call("proxy", `https://${long(120)}`)]],
  ])("inexact: %s", (_name, calls) => {
    expect(layoutChain("export default ", "Acme", calls).exact).toBe(false);
  });
});

describe("layouts that claim to be Biome's", () => {
  const samples = fc
    .sample(fc.tuple(plainPlan, plainWords()), { numRuns: 300, seed: 7 })
    .map(([plan, note]) => ({ payload: buildPlan(plan), note }));
  const unwrap = (items: PromiseSettledResult<string>[]) =>
    items.map((item) => (item.status === "fulfilled" ? item.value : item.reason));

  it("are what Biome makes of the unformatted chain", async () => {
    const pairs = samples.flatMap(({ payload }) => {
      const chain = toChain(payload);
      const laid = layoutChain("export default ", chain.name, chain.calls);
      const plain = unformattedLines(chain.name, [{ binding: "", from: "", calls: chain.calls }]);
      return laid.exact ? [{ laid: `${laid.lines.join("\n")}\n`, plain: `${plain.join("\n")}\n` }] : [];
    });
    // enough samples take the laid-out path for the check to mean something
    expect(pairs.length).toBeGreaterThan(60);
    expect(unwrap(await formatSources(pairs.map((pair) => pair.plain)))).toEqual(
      pairs.map((pair) => pair.laid),
    );
  });

  it("make rendered files that biome format leaves unchanged", async () => {
    const exact = samples
      .map(({ payload, note }) =>
        renderConnector(payload, { importFrom: "../../dsl/index.ts", header: [note], notes: [note] }),
      )
      .filter((item) => item.formatted)
      .map((item) => item.text);
    expect(exact.length).toBeGreaterThan(60);
    expect(unwrap(await formatSources(exact))).toEqual(exact);
  });
});
