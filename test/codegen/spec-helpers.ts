// Builds specs in memory for the inference tests, and runs the pipeline on them.

import type { InferOptions } from "../../scripts/codegen/context.ts";
import { inferConnector, type SpecInference } from "../../scripts/codegen/infer.ts";
import { specVersion } from "../../scripts/codegen/load-spec.ts";
import { type Obj, Refs, type SpecDoc } from "../../scripts/codegen/refs.ts";
import type { Inference } from "../../scripts/lib/report.ts";

export type Spec = Record<string, unknown>;

export function docOf(root: Spec, location?: URL): SpecDoc {
  const version = specVersion(root, "spec");
  return {
    name: "spec",
    location,
    version,
    root: root as Obj,
    refs: new Refs(root, location),
    repairedLines: [],
  };
}

export const inferOf = (root: Spec, options: InferOptions = {}): SpecInference =>
  inferConnector(docOf(root), options);

/** An OpenAPI 3.0 document with one operation, merged with `parts`. */
export const oas3 = (parts: Spec = {}): Spec => ({
  openapi: "3.0.3",
  info: { title: "Acme", version: "1" },
  servers: [{ url: "https://api.acme.io" }],
  paths: { "/things": { get: { responses: { "200": { description: "ok" } } } } },
  ...parts,
});

/** A Swagger 2.0 document with one operation, merged with `parts`. */
export const swagger2 = (parts: Spec = {}): Spec => ({
  swagger: "2.0",
  info: { title: "Acme", version: "1" },
  host: "api.acme.io",
  basePath: "/v1",
  schemes: ["https"],
  paths: { "/things": { get: { responses: { "200": { description: "ok" } } } } },
  ...parts,
});

/** An oauth2 security scheme with one authorization-code flow. */
export const codeScheme = (
  authorizationUrl: string,
  tokenUrl: string,
  scopes: Record<string, string> = {},
) => ({
  type: "oauth2",
  flows: { authorizationCode: { authorizationUrl, tokenUrl, scopes } },
});

/** An OpenAPI 3.0 document whose operations require one authorization-code OAuth scheme. */
export const oauthSpec = (authorizationUrl: string, tokenUrl: string, parts: Spec = {}): Spec =>
  oas3({
    components: { securitySchemes: { o: codeScheme(authorizationUrl, tokenUrl) } },
    security: [{ o: [] }],
    ...parts,
  });

/** The parts of the chosen auth a test compares. */
export function authOf(inference: Inference) {
  const pattern = inference.connector.auth_patterns[0];
  return {
    type: pattern?.type,
    header: pattern?.auth_header_key_override,
    prefix: pattern?.auth_field_mutations?.api_key?.prefix,
    authorize: pattern?.oauth_config?.authorize_uri,
    token: pattern?.oauth_config?.token_uri,
  };
}

export const codesOf = (inference: Inference): string[] => inference.warnings.map((w) => w.code);
