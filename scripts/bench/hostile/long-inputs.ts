// Long and huge inputs to the functions that read strings from documents and remote servers, at
// the sizes that once took seconds or overflowed the stack. test/dsl/validate.test.ts and
// test/codegen/transform/description.test.ts run each at full size under a generous bound;
// the hostile bench (hostile.ts) times each against the same input ten times smaller, which a
// linear function takes about a tenth of the time for.
import type { Payload } from "../../../dsl/payload.ts";
import { validate } from "../../../dsl/validate.ts";
import { summarize } from "../../codegen/transform/description.ts";
import { printable } from "../../lib/printable.ts";
import { dslShape } from "../../sync/connector/dsl-shape.ts";

export interface LongInput {
  readonly name: string;
  /** The input at `scale` (1 = full size). */
  readonly input: (scale: number) => unknown;
  /** The work; throws if the function does (a stack overflow is a crash). */
  readonly run: (input: unknown) => unknown;
}

const bearer = (proxyUrl: string, fields: unknown[] = []): Payload =>
  ({
    display_name: "Hostile",
    description: "",
    auth_patterns: [
      {
        type: "BEARER",
        display_name: "Bearer",
        description: "",
        fields: [{ field_name: "token", label: "Token", input_type: "password", required: true }, ...fields],
      },
    ],
    proxy_url: proxyUrl,
    proxy_enabled: true,
  }) as Payload;

const repeat = (unit: string, bytes: number, scale: number): string =>
  unit.repeat(Math.max(1, Math.round((bytes * scale) / unit.length)));

/** What pull does with a remote connector before rendering it: shape, validate, print the issues. */
const pullChecks = (provider: unknown): string =>
  validate(dslShape(provider as Payload))
    .map((issue) => printable(`${issue.path}: ${issue.message}`))
    .join("\n");

export const longInputs: readonly LongInput[] = [
  {
    name: "validate: 98 KB proxy_url",
    input: (scale) => bearer(`https://${repeat("a", 98_000, scale)}`),
    run: (payload) => validate(payload),
  },
  {
    name: "validate: 98 KB proxy_url of stray braces",
    input: (scale) => bearer(`https://x.io/${repeat("a{b}", 98_000, scale)}`),
    run: (payload) => validate(payload),
  },
  {
    name: "pull: 147 KB remote proxy_url",
    input: (scale) => ({ ...bearer(`https://${repeat("a", 147_000, scale)}`), identifier: "HOSTILE" }),
    run: pullChecks,
  },
  {
    name: "validate: 50,000 fields with four problems each",
    input: (scale) =>
      bearer(
        "https://api.example.com",
        Array.from({ length: Math.round(50_000 * scale) }, () => ({ label: 1, input_type: 2 })),
      ),
    run: (payload) => validate(payload),
  },
  {
    name: "summarize: 320 KB of newlines",
    input: (scale) => repeat("\n", 320_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of abbreviations",
    input: (scale) => repeat("Dr. ", 240_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of initials",
    input: (scale) => repeat("A. ", 240_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of unclosed tags, comments and folds",
    input: (scale) => repeat("<a <!-- <details> ", 240_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of unclosed links and images",
    input: (scale) => repeat("[a](![b](", 240_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of unclosed fences and blank lines",
    input: (scale) => repeat("```\n \n~~~\n", 240_000, scale),
    run: (text) => summarize(text as string),
  },
  {
    name: "summarize: 240 KB of addresses, URLs and marks",
    input: (scale) => repeat("a@b@c http://x/..../// !!!!a _a__b ", 240_000, scale),
    run: (text) => summarize(text as string),
  },
];

/** Milliseconds `run` takes on `input` (its result is discarded). */
export function timed(run: (input: unknown) => unknown, input: unknown): number {
  const started = performance.now();
  run(input);
  return performance.now() - started;
}
