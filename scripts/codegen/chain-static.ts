// The static auth kinds (BASIC, BEARER, API_KEY, NO_AUTH) back into DSL calls: where the
// credential fields the auth call declares sit among the pattern's fields, and their overrides.
import type { AuthType } from "../../dsl/payload.ts";
import { type CredentialName, readCredential } from "./chain-fields.ts";
import type { LiteralValue } from "./literal.ts";
import { UnrenderableError } from "./unrenderable.ts";

export interface StaticCall {
  readonly method: string;
  readonly args: readonly LiteralValue[];
}

const credentialsOf: Readonly<Record<AuthType, readonly CredentialName[]>> = {
  OAUTH: [],
  BASIC: ["username", "password"],
  BEARER: ["token"],
  API_KEY: ["api_key"],
  NO_AUTH: [],
};

export interface StaticLayout {
  readonly before: number[];
  /** The credential fields the auth call declares, in order, with their index in `fields`. */
  readonly credentials: [CredentialName, number][];
  /** The credential fields the auth call leaves out (BASIC's password). */
  readonly absent: CredentialName[];
  readonly after: number[];
}

/** Splits the fields into those declared before the auth call, its credentials, and the rest. */
export function staticLayout(
  type: AuthType,
  fields: readonly unknown[],
  names: string[],
  path: string,
): StaticLayout {
  const kinds = credentialsOf[type];
  const first = kinds[0];
  if (first === undefined) {
    return { before: [], credentials: [], absent: [], after: fields.map((_, index) => index) };
  }
  const start = names.indexOf(first);
  if (start < 0) throw new UnrenderableError(`${path}.fields`, `${type} always declares a "${first}" field`);
  const credentials: [CredentialName, number][] = [[first, start]];
  const second = kinds[1];
  if (second !== undefined && names.includes(second)) {
    if (names[start + 1] !== second) {
      throw new UnrenderableError(`${path}.fields`, `the DSL writes "${second}" right after "${first}"`);
    }
    credentials.push([second, start + 1]);
  }
  const end = start + credentials.length;
  return {
    before: fields.map((_, index) => index).slice(0, start),
    credentials,
    absent: kinds.filter((kind) => !credentials.some(([name]) => name === kind)),
    after: fields.map((_, index) => index).slice(end),
  };
}

const credentialOption: Readonly<Record<CredentialName, string>> = {
  username: "username",
  password: "password",
  token: "token",
  api_key: "key",
};
const methodOf: Readonly<Record<AuthType, string>> = {
  OAUTH: "oauth",
  BASIC: "basic",
  BEARER: "bearer",
  API_KEY: "apiKey",
  NO_AUTH: "noAuth",
};

export function staticAuthCall(
  type: AuthType,
  text: Record<string, string>,
  credentials: readonly [CredentialName, number][],
  header: string | undefined,
  fields: readonly unknown[],
  path: string,
): StaticCall {
  const options: Record<string, LiteralValue> = { ...text };
  for (const [name, index] of credentials) {
    const overrides = readCredential(fields[index], name, `${path}.fields[${index}]`);
    if (overrides !== undefined) options[credentialOption[name]] = overrides;
  }
  if (type === "BASIC" && credentials.length === 1) options.password = false;
  if (header !== undefined) options.header = header;
  const method = methodOf[type];
  return { method, args: Object.keys(options).length > 0 ? [options] : [] };
}
