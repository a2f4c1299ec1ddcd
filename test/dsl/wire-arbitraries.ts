// fast-check arbitraries of valid *wire* payloads: JSON as Scalekit accepts it and validate()
// passes, written without the DSL. Optional keys come present, absent or null (the API serves
// nulls), every auth kind, MCP and API, with mutations, select options and path params.
import fc from "fast-check";
import type { Payload } from "../../dsl/index.ts";
import { adversarial, plainAdversarial } from "../codegen/arbitraries.ts";

type Json = Record<string, unknown>;

const text = adversarial(4);
/** A value, null, or nothing (the key left out by `fc.record`'s optional keys). */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof(arb, fc.constant(null));
// a URL that parses (validate() checks that it does): hostile text in the path, where the URL
// parser takes anything
const https = fc
  .tuple(fc.constantFrom("api.example.com", "x.io", "127.0.0.1:8443"), plainAdversarial(3))
  .map(([host, rest]) => `https://${host}/${rest.replaceAll(" ", "")}`);
const header = fc.oneof(fc.constant(""), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/));
const flag = maybe(fc.boolean());

const option = fc.record(
  { value: text, display_name: maybe(text), description: maybe(text), default: flag },
  { requiredKeys: ["value"] },
);

const fieldKeys = {
  label: text,
  hint: maybe(text),
  required: flag,
  is_path_param: flag,
  header_name: maybe(header),
};

/** A field named `name`; credentials are typed in, so they are never selects. */
const fieldNamed = (name: string, credential: boolean): fc.Arbitrary<Json> => {
  const typed = fc.record(
    {
      field_name: fc.constant(name),
      ...fieldKeys,
      input_type: fc.constantFrom("text", "password", "textarea"),
      options: credential ? fc.constant(null) : fc.constantFrom(null, []),
    },
    { requiredKeys: ["field_name", "label", "input_type"] },
  );
  if (credential) return typed;
  const select = fc.record(
    {
      field_name: fc.constant(name),
      ...fieldKeys,
      input_type: fc.constant("select"),
      options: fc.array(option, { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ["field_name", "label", "input_type", "options"] },
  );
  return fc.oneof(typed, select);
};

const credentialNames = ["username", "password", "token", "api_key"];
/** Field names: adversarial, unique, never a credential's, no braces (so any can be a placeholder). */
const names = (max: number) =>
  fc.uniqueArray(
    plainAdversarial(2).filter((name) => name.trim() !== "" && !credentialNames.includes(name)),
    { maxLength: max },
  );
const fieldsNamed = (list: readonly string[]): fc.Arbitrary<Json[]> =>
  fc.tuple(...list.map((name) => fieldNamed(name, false))).map((fields) => [...fields]);

const mutation = fc.record(
  { prefix: maybe(text), suffix: maybe(text), default: maybe(text) },
  { requiredKeys: [] },
);
const withDefault = fc.record(
  { prefix: maybe(text), suffix: maybe(text), default: text },
  { requiredKeys: ["default"] },
);

interface PatternDraft {
  readonly pattern: Json;
  /** The field names proxy_url may use. */
  readonly placeholders: readonly string[];
}

/** BASIC, BEARER or API_KEY: other fields around the credentials, and mutations of them. */
const staticPattern = fc
  .tuple(fc.constantFrom("BASIC", "BEARER", "API_KEY"), fc.boolean(), names(3), fc.nat(3))
  .chain(([type, withPassword, others, split]) => {
    const credentials =
      type === "BASIC"
        ? withPassword
          ? ["username", "password"]
          : ["username"]
        : [type === "BEARER" ? "token" : "api_key"];
    const at = Math.min(split, others.length);
    const order = [...others.slice(0, at), ...credentials, ...others.slice(at)];
    const fields = fc
      .tuple(...order.map((name) => fieldNamed(name, credentials.includes(name))))
      .map((list) => [...list]);
    const mutationEntries = fc.tuple(
      ...credentials.map((name) =>
        fc.option(
          mutation.map((m) => [name, m] as const),
          { nil: undefined },
        ),
      ),
      // BASIC without a password field: a default supplies it (Scalekit's Freshdesk example)
      type === "BASIC" && !withPassword
        ? fc.option(
            withDefault.map((m) => ["password", m] as const),
            { nil: undefined },
          )
        : fc.constant(undefined),
    );
    const mutations = fc.oneof(
      { arbitrary: fc.constantFrom(undefined, null, {}), weight: 1 },
      {
        arbitrary: mutationEntries.map((entries) =>
          Object.fromEntries(entries.filter((entry) => entry !== undefined)),
        ),
        weight: 2,
      },
    );
    return fc
      .record(
        {
          type: fc.constant(type),
          is_mcp: flag,
          fields,
          auth_header_key_override: maybe(header),
          auth_field_mutations: mutations,
          account_fields: fc.constantFrom(null, []),
          oauth_config: fc.constant(null),
        },
        { requiredKeys: ["type", "fields"] },
      )
      .map((pattern): PatternDraft => ({ pattern, placeholders: order }));
  });

const noAuthPattern: fc.Arbitrary<PatternDraft> = fc
  .record(
    {
      type: fc.constant("NO_AUTH"),
      is_mcp: fc.constant(true),
      fields: fc.constantFrom(null, []),
      auth_field_mutations: fc.constantFrom(null, {}),
      auth_header_key_override: fc.constant(null),
    },
    { requiredKeys: ["type", "is_mcp"] },
  )
  .map((pattern) => ({ pattern, placeholders: [] }));

const scope = fc.record(
  { scope: text.filter((name) => name !== ""), display_name: text, description: maybe(text), required: flag },
  { requiredKeys: ["scope", "display_name"] },
);

const apiConfig = fc.record(
  {
    authorize_uri: https,
    token_uri: https,
    user_info_uri: maybe(fc.oneof(https, fc.constant(""))),
    pkce_enabled: flag,
    allow_use_scalekit_credentials: flag,
    custom_scope_name: maybe(text),
    available_scopes: maybe(fc.uniqueArray(scope, { selector: (s) => s.scope, maxLength: 3 })),
  },
  { requiredKeys: ["authorize_uri", "token_uri"] },
);
const mcpConfig = fc.record(
  {
    pkce_enabled: fc.constant(true),
    authorize_uri: fc.constant(null),
    available_scopes: fc.constantFrom(null, []),
  },
  { requiredKeys: ["pkce_enabled"] },
);

/** OAuth, API or MCP: fields (some path params) and account fields. */
const oauthPattern = fc.tuple(fc.boolean(), names(4), fc.nat(4)).chain(([mcp, all, split]) => {
  const fieldNames = all.slice(0, split);
  const accountNames = all.slice(split);
  return fc
    .record(
      {
        type: fc.constant("OAUTH"),
        is_mcp: mcp ? fc.constant(true) : fc.constantFrom(false, null),
        fields: fieldsNamed(fieldNames),
        account_fields: accountNames.length > 0 ? fieldsNamed(accountNames) : fc.constantFrom(null, []),
        oauth_config: mcp ? mcpConfig : apiConfig,
        auth_header_key_override: maybe(header),
        auth_field_mutations: fc.constantFrom(null, {}),
      },
      {
        requiredKeys: [
          "type",
          "fields",
          "oauth_config",
          ...(mcp ? ["is_mcp" as const] : []),
          ...(accountNames.length > 0 ? ["account_fields" as const] : []),
        ],
      },
    )
    .map((pattern): PatternDraft => {
      const fields = pattern.fields as Json[];
      const paths = fields.filter((f) => f.is_path_param === true).map((f) => f.field_name as string);
      return { pattern, placeholders: [...paths, ...accountNames] };
    });
});

/** A valid payload as JSON, with the placeholders its proxy_url may use filled from its fields. */
export const wirePayload: fc.Arbitrary<Payload> = fc
  .tuple(
    fc.oneof(
      { arbitrary: staticPattern, weight: 4 },
      { arbitrary: oauthPattern, weight: 3 },
      { arbitrary: noAuthPattern, weight: 1 },
    ),
    fc.record({ display_name: text, description: maybe(text) }, { requiredKeys: ["display_name"] }),
    fc.record(
      {
        display_name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,30}$/),
        description: maybe(text),
        icon_src: maybe(fc.oneof(fc.constant(""), https)),
        metadata: maybe(
          fc.dictionary(
            fc.string({ minLength: 3, maxLength: 25 }).filter((key) => key !== "managed_by"),
            fc.string({ minLength: 1, maxLength: 20 }),
            { maxKeys: 3 },
          ),
        ),
        proxy_enabled: fc.boolean(),
      },
      { requiredKeys: ["display_name", "proxy_enabled"] },
    ),
    https,
    fc.nat(),
  )
  .map(([{ pattern, placeholders }, texts, top, base, pick]) => {
    const slot = placeholders.length > 0 ? placeholders[pick % placeholders.length] : undefined;
    const proxy_url = slot === undefined || pick % 3 === 0 ? base : `${base}/{{${slot}}}/v1`;
    return { ...top, auth_patterns: [{ ...texts, ...pattern }], proxy_url } as unknown as Payload;
  });
