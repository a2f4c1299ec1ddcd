// Long strings and huge lists from documents and remote servers: every function that reads them
// answers, in linear time. The work cannot be counted inside regular expressions, so each input
// at full size (where the quadratic versions took 15 to 37 s, or overflowed the stack) must
// finish under a bound far above what linear time needs; `npm run bench:hostile` prints the
// ratio to the same input ten times smaller.
import { describe, expect, it } from "vitest";
import { validate } from "../dsl/index.ts";
import { longInputs, timed } from "../scripts/bench/hostile/long-inputs.ts";
import { summarize } from "../scripts/codegen/transform/description.ts";

describe("long inputs", () => {
  it.each(longInputs.map((item) => [item.name, item] as const))("%s: under 1 s", (_name, item) => {
    // warmed up on a small input first, and the better of two runs, so that compiling the code
    // and a collection of garbage from elsewhere in the run are not what is timed
    timed(item.run, item.input(0.1));
    const input = item.input(1);
    expect(Math.min(timed(item.run, input), timed(item.run, input))).toBeLessThan(1_000);
  });

  it("validate() returns the issues of 50,000 bad fields instead of overflowing the stack", () => {
    const item = longInputs.find((entry) => entry.name.includes("50,000 fields"));
    const issues = validate(item?.input(1));
    expect(issues).toHaveLength(200_000);
    expect(issues[0]).toStrictEqual({
      path: "auth_patterns[0].fields[1].label",
      message: "label must be a JSON string, not 1",
      fix: "write it as a string in quotes",
    });
  });

  it("validate() reports a 98 KB proxy_url's length, once", () => {
    const item = longInputs.find((entry) => entry.name === "validate: 98 KB proxy_url");
    const issues = validate(item?.input(1));
    expect(issues.map((issue) => issue.message)).toStrictEqual(["proxy_url is longer than 2048 characters"]);
  });

  it("summaries of hostile text are what the markup leaves", () => {
    expect(summarize("\n".repeat(320_000))).toBe("");
    expect(summarize(`${"Dr. ".repeat(60_000)}Who`)).toMatch(/^Dr\. Dr\. .*\.\.\.$/);
  });
});
