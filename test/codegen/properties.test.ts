// Property tests over mutated specs: inference never throws anything but SpecError, and whatever
// it infers renders to code that compiles and builds exactly that connector — hostile strings too.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Payload } from "../../dsl/index.ts";
import { validate } from "../../dsl/index.ts";
import { SpecError } from "../../scripts/codegen/load-spec.ts";
import { renderConnectorSource } from "../../scripts/codegen/render.ts";
import { typeChecker } from "../../scripts/codegen/typecheck.ts";
import { adversarial } from "./arbitraries.ts";
import { buildSource, corpusDir, importFromDir, scratchDir } from "./helpers.ts";
import { codeScheme, inferOf, oas3, type Spec, swagger2 } from "./spec-helpers.ts";

const rich = oas3({
  info: { title: "Acme", version: "1", description: "The Acme API. It manages widgets." },
  servers: [
    { url: "https://{tenant}.acme.io/v1", variables: { tenant: { default: "demo", enum: ["demo", "eu"] } } },
  ],
  components: {
    securitySchemes: {
      o: {
        type: "oauth2",
        flows: {
          authorizationCode: { authorizationUrl: "/authorize", tokenUrl: "/token", scopes: { read: "Read" } },
        },
      },
      k: {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description: "Use `Authorization: Key <key>`",
      },
      ref: { $ref: "#/components/securitySchemes/k" },
    },
    parameters: { h: { name: "X-Api-Key", in: "header", required: true } },
  },
  security: [{ o: ["read"] }, { k: [] }],
  paths: {
    "/w": {
      get: { parameters: [{ $ref: "#/components/parameters/h" }], security: [{ ref: [] }], responses: {} },
    },
  },
});
const small = (name: string): Spec[] => {
  const path = join(corpusDir, "openapi", name);
  return existsSync(path) ? [JSON.parse(readFileSync(path, "utf8")) as Spec] : [];
};
const bases: Spec[] = [
  rich,
  swagger2({ securityDefinitions: { b: { type: "basic" } } }),
  ...small("anthropic.json"),
  ...small("active-campaign.json"),
];

/** Every path in a JSON value, up to a depth. */
function pathsOf(value: unknown, depth = 7, prefix: string[] = []): string[][] {
  if (depth === 0 || typeof value !== "object" || value === null) return [prefix];
  return [
    prefix,
    ...Object.keys(value).flatMap((key) =>
      pathsOf((value as Record<string, unknown>)[key], depth - 1, [...prefix, key]),
    ),
  ];
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  adversarial(),
  fc.constantFrom(
    { $ref: "#/nowhere" },
    { $ref: "#" },
    { $ref: "other.yaml#/x" },
    { $ref: 42 },
    null,
    [],
    {},
  ),
);

/** A spec with a few nodes deleted, replaced, or made to contain themselves (a YAML alias cycle). */
const mutated = fc
  .tuple(
    fc.constantFrom(...bases),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("remove", "replace", "cycle"), replacement), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([base, edits]) => {
    const spec = structuredClone(base);
    for (const [pick, edit, value] of edits) {
      const paths = pathsOf(spec).filter((path) => path.length > 0);
      const path = paths[pick % paths.length];
      if (!path) continue;
      const parent = path
        .slice(0, -1)
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec) as Record<
        string,
        unknown
      >;
      const key = path.at(-1) as string;
      if (edit === "remove") delete parent[key];
      else parent[key] = edit === "cycle" ? parent : value;
    }
    return spec;
  });

const inferOrSpecError = (spec: Spec) => {
  try {
    return inferOf(spec);
  } catch (error) {
    if (error instanceof SpecError) return undefined;
    throw error;
  }
};

describe("inference over mutated specs", () => {
  const scratch = scratchDir("props");
  afterAll(scratch.dispose);
  const importFrom = importFromDir(scratch.dir);

  it("never throws anything but a SpecError", () => {
    fc.assert(
      fc.property(mutated, (spec) => {
        const inference = inferOrSpecError(spec);
        if (inference) expect(inference.connector.auth_patterns).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });

  it("renders what it infers to code that compiles and builds exactly that", async () => {
    const samples = fc
      .sample(mutated, { numRuns: 50, seed: 11 })
      .map(inferOrSpecError)
      .filter((inference) => inference !== undefined && validate(inference.connector).length === 0)
      .map((inference, index) => {
        const connector = (inference as { connector: Payload }).connector;
        const text = renderConnectorSource(connector, { importFrom, header: ["mutated"] });
        return { connector, text, path: join(scratch.dir, `mutated-${index}.ts`) };
      });
    expect(samples.length).toBeGreaterThan(20);
    expect(Object.fromEntries(await typeChecker().check(samples))).toEqual({});
    for (const sample of samples)
      expect(await buildSource(scratch.dir, sample.text)).toStrictEqual(sample.connector);
  });

  it("keeps hostile titles, descriptions, scope names and URLs inside literals and comments", async () => {
    const hostile = fc.record({
      title: adversarial(),
      description: adversarial(8),
      scopes: fc.uniqueArray(
        adversarial(3).filter((s) => s.trim() !== "" && !/\s/.test(s)),
        { minLength: 1, maxLength: 3 },
      ),
      scopeText: adversarial(),
      path: adversarial(3).map((s) => s.replace(/[{}\s]/g, "")),
    });
    const cases = fc.sample(hostile, { numRuns: 40, seed: 5 }).map((h, index) => {
      const spec = oas3({
        info: { title: `Acme ${h.title}`, version: "1", description: h.description },
        servers: [{ url: `https://api.acme.io/${encodeURIComponent(h.path)}` }],
        components: {
          securitySchemes: {
            o: codeScheme(
              `https://id.acme.io/authorize?x=${encodeURIComponent(h.path)}`,
              "https://id.acme.io/token",
              Object.fromEntries(h.scopes.map((scope) => [scope, h.scopeText])),
            ),
          },
        },
        security: [{ o: [] }],
      });
      const inference = inferOf(spec);
      const text = renderConnectorSource(inference.connector, {
        importFrom,
        header: [h.title],
        notes: inference.warnings.map((w) => w.message),
      });
      return { h, inference, text, path: join(scratch.dir, `hostile-${index}.ts`) };
    });
    expect(Object.fromEntries(await typeChecker().check(cases))).toEqual({});
    for (const { h, inference, text } of cases) {
      const built = await buildSource(scratch.dir, text);
      expect(built).toStrictEqual(inference.connector);
      const config = built.auth_patterns[0]?.oauth_config;
      expect(config?.available_scopes?.map((s) => s.scope)).toEqual(h.scopes);
      const collapsed = h.scopeText.replace(/\s+/g, " ").trim();
      for (const scope of config?.available_scopes ?? []) expect(scope.description ?? "").toBe(collapsed);
    }
  });
});
