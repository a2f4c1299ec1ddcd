// The payload types: exactly the JSON Scalekit's custom-provider API takes, from the project's
// OpenAPI document (scripts/api/scalekit.openapi.yaml → generated/api/schema.ts).
import type { components } from "../generated/api/schema.ts";

type Schemas = components["schemas"];

/** The body of `POST /api/v1/custom-providers` and `PUT /api/v1/custom-providers/{identifier}`. */
export type Payload = Schemas["CustomProviderInput"];
export type AuthPattern = Schemas["AuthPattern"];
export type AuthType = Schemas["AuthType"];
export type Field = Schemas["Field"];
export type FieldOption = Schemas["FieldOption"];
export type InputType = Schemas["InputType"];
export type OAuthConfig = Schemas["OAuthConfig"];
export type Scope = Schemas["Scope"];
export type FieldMutation = Schemas["FieldMutation"];
export type CredentialField = Schemas["CredentialField"];
/** A provider as the API returns it. */
export type Provider = Schemas["Provider"];

export const authTypes: readonly AuthType[] = ["OAUTH", "BASIC", "BEARER", "API_KEY", "NO_AUTH"];
export const inputTypes: readonly InputType[] = ["text", "password", "textarea", "select"];

/** The credential fields each auth kind stores, which are the targets auth_field_mutations may name. */
export const credentialFields: Readonly<Record<AuthType, readonly CredentialField[]>> = {
  OAUTH: [],
  BASIC: ["username", "password"],
  BEARER: ["token"],
  API_KEY: ["api_key"],
  NO_AUTH: [],
};

/** The one credential field each static kind cannot do without. */
export const requiredCredential: Readonly<Partial<Record<AuthType, CredentialField>>> = {
  BASIC: "username",
  BEARER: "token",
  API_KEY: "api_key",
};
