// fast-check arbitraries for connectors: adversarial strings, and random DSL call plans built
// with the DSL itself (so every payload is one the DSL can express).
import fc from "fast-check";
import { untypedConnector } from "../../dsl/_untyped.ts";
import type { Payload } from "../../dsl/index.ts";

/** Pieces that break naive code generation: comment ends, template syntax, quotes, line separators. */
const hostile = [
  "*/",
  "/*",
  "`",
  "$" + "{x}",
  '"',
  "'",
  "\\",
  "\n",
  "\r\n",
  "\u2028",
  "\u2029",
  "//",
  "<!--",
  "{{",
];

/** Text mixing ordinary characters and hostile pieces. */
export const adversarial = (max = 6): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...hostile),
        fc.string({ maxLength: 6 }),
        fc.string({ unit: "binary", maxLength: 3 }),
      ),
      {
        maxLength: max,
      },
    )
    .map((parts) => parts.join(""));

/** Text without `{{`/`}}`, for places where those would read as placeholders. */
export const plainAdversarial = (max = 6): fc.Arbitrary<string> =>
  adversarial(max).map((text) => text.replaceAll("{", "(").replaceAll("}", ")"));

/** A display name the DSL accepts. */
export const displayName: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,30}$/))
  .map(([name]) => name);

/**
 * Random DSL call plans whose strings come from `text`, and from `braceless` where `{{`/`}}` would
 * read as placeholders.
 */
export function planOf(
  text: (max?: number) => fc.Arbitrary<string>,
  braceless: (max?: number) => fc.Arbitrary<string>,
) {
  const fieldOptions = fc.record(
    {
      label: text(),
      hint: text(),
      required: fc.boolean(),
      headerName: braceless(3),
      inputType: fc.constantFrom("text" as const, "password" as const, "textarea" as const),
    },
    { requiredKeys: [] },
  );
  const selectOptions = fc.record({
    inputType: fc.constant("select" as const),
    options: fc.array(
      fc.record(
        { value: text(), displayName: text(), description: text(), default: fc.boolean() },
        { requiredKeys: ["value"] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    label: text(),
  });
  const field = fc.record({
    name: braceless(3).filter((name) => name.length > 0),
    options: fc.option(fc.oneof(fieldOptions, selectOptions), { nil: undefined }),
    isPathParam: fc.boolean(),
  });
  const credential = fc.option(
    fc.record({ label: text(), hint: text(), required: fc.boolean() }, { requiredKeys: [] }),
    { nil: undefined },
  );
  const mutation = fc.record({ prefix: text(), suffix: text(), default: text() }, { requiredKeys: [] });
  const url = braceless().map((rest) => `https://${rest}`);
  const patternText = fc.record({ displayName: text(), description: text() }, { requiredKeys: [] });

  return fc.record({
    name: displayName,
    description: fc.option(text(), { nil: undefined }),
    icon: fc.option(url, { nil: undefined }),
    metadata: fc.option(fc.dictionary(text(3), text(3), { maxKeys: 3 }), { nil: undefined }),
    mcp: fc.boolean(),
    kind: fc.constantFrom("OAUTH", "BASIC", "BEARER", "API_KEY", "NO_AUTH"),
    text: patternText,
    header: fc.option(braceless(3), { nil: undefined }),
    oauth: fc.record(
      {
        authorizeUri: url,
        tokenUri: url,
        userInfoUri: url,
        pkce: fc.boolean(),
        customScopeName: text(),
      },
      { requiredKeys: ["authorizeUri", "tokenUri"] },
    ),
    credential,
    second: fc.oneof(credential, fc.constant(false as const)),
    fields: fc.uniqueArray(field, { selector: (f) => f.name, maxLength: 3 }),
    before: fc.nat(3),
    accountFields: fc.uniqueArray(field, { selector: (f) => f.name, maxLength: 2 }),
    scopes: fc.array(
      fc.tuple(
        text(3),
        fc.record({ displayName: text(), description: text(), required: fc.boolean() }, { requiredKeys: [] }),
      ),
      { maxLength: 3 },
    ),
    mutation: fc.option(mutation, { nil: undefined }),
    proxy: url,
    placeholder: fc.boolean(),
    enabled: fc.boolean(),
  });
}

export const plan = planOf(adversarial, plainAdversarial);

const words = [
  "a",
  "word",
  "Acme",
  "x-api-key",
  "snake_case",
  "(e.g. api.acme.io)",
  "https://api.acme.io/v1/things",
  "It's",
  "more words here,",
  "a longer phrase that takes up room on the line",
];

/** Printable ASCII without quotes or backslashes, from empty to longer than a line. */
export const plainWords = (max = 6): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...words), { maxLength: max * 2 }).map((parts) => parts.join(" "));

/** Plans whose strings the renderer can lay out the way Biome does. */
export const plainPlan = planOf(plainWords, (max) =>
  plainWords(max).map((text) => text.replaceAll("(", "").replaceAll(")", "")),
);

export type Plan = ReturnType<typeof planOf> extends fc.Arbitrary<infer P> ? P : never;

const credentialNames = { BASIC: ["username", "password"], BEARER: ["token"], API_KEY: ["api_key"] } as const;

/** Builds the plan with the DSL (through an untyped view of the chain). */
export function buildPlan(p: Plan): Payload {
  const kind = p.kind === "NO_AUTH" && !p.mcp ? "BEARER" : p.kind;
  const reserved = new Set<string>(
    kind in credentialNames ? credentialNames[kind as keyof typeof credentialNames] : [],
  );
  // NO_AUTH collects no fields
  const fields = kind === "NO_AUTH" ? [] : p.fields.filter((f) => !reserved.has(f.name));
  const accountFields =
    kind === "OAUTH"
      ? p.accountFields.filter((f) => !reserved.has(f.name) && !fields.some((g) => g.name === f.name))
      : [];
  let chain = untypedConnector(p.name);
  if (p.description !== undefined) chain = chain.description(p.description);
  if (p.icon !== undefined) chain = chain.icon(p.icon);
  if (p.metadata !== undefined) chain = chain.metadata(p.metadata);
  if (p.mcp) chain = chain.mcp();
  const before = kind === "OAUTH" ? 0 : Math.min(p.before, fields.length);
  const fieldArgs = (f: (typeof fields)[number]) =>
    kind === "OAUTH" ? { ...f.options, isPathParam: f.isPathParam } : f.options;
  for (const f of fields.slice(0, before)) chain = chain.field(f.name, fieldArgs(f));
  const header = p.header === undefined ? {} : { header: p.header };
  if (kind === "OAUTH")
    chain = chain.oauth(p.mcp ? { ...p.text, ...header } : { ...p.text, ...p.oauth, ...header });
  if (kind === "BASIC") chain = chain.basic({ ...p.text, username: p.credential, password: p.second });
  if (kind === "BEARER") chain = chain.bearer({ ...p.text, token: p.credential, ...header });
  if (kind === "API_KEY") chain = chain.apiKey({ ...p.text, key: p.credential, ...header });
  if (kind === "NO_AUTH") chain = chain.noAuth(p.text);
  for (const f of fields.slice(before)) chain = chain.field(f.name, fieldArgs(f));
  for (const f of accountFields) chain = chain.accountField(f.name, f.options);
  if (kind === "OAUTH" && !p.mcp)
    for (const [scope, options] of p.scopes) chain = chain.scope(scope, options);
  const target =
    kind === "BASIC" ? "username" : kind === "BEARER" ? "token" : kind === "API_KEY" ? "api_key" : undefined;
  if (p.mutation !== undefined && target !== undefined) chain = chain.mutate(target, p.mutation);
  const usable = kind === "OAUTH" ? [...fields.filter((f) => f.isPathParam), ...accountFields] : fields;
  const slot = usable.find((f) => !/[{}]/.test(f.name));
  const proxy = p.placeholder && slot ? `${p.proxy}/{{${slot.name}}}` : p.proxy;
  return chain.proxy(proxy, { enabled: p.enabled }).payload();
}
