// The client id and secret an OAuth connection is given, read from the environment variables of
// lib/variable-names.ts (the shell or .env), never from a file in the repository. The embedded
// emulator needs no real OAuth app: where its variables are unset it takes local stand-ins,
// marked as such wherever they are shown. Values live only in memory and reach only the
// connection's PATCH.
import { type OAuthVariableNames, oauthVariables, upperSnake } from "../../lib/variable-names.ts";
import type { Env } from "../config.ts";

export interface OAuthCredentials {
  readonly variables: OAuthVariableNames;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** True when these are the embedded emulator's local stand-ins, not a real OAuth app's. */
  readonly standIn: boolean;
}

/** Which variables a target reads: unprefixed for SCALEKIT_* and the embedded emulator, <ENV>_ for --env. */
export interface CredentialSource {
  readonly env: Env;
  /** The config environment's name (`--env prod`), when the target is one. */
  readonly environment?: string;
  readonly embedded: boolean;
}

export const standInSecret = "connectorkit-local-stand-in-secret";
export const standInClientId = (connector: string): string =>
  `connectorkit-local-${upperSnake(connector).toLowerCase().replace(/_/g, "-")}`;

export function oauthCredentials(connector: string, source: CredentialSource): OAuthCredentials {
  const variables = oauthVariables(connector, source.environment);
  const read = (name: string) => {
    const value = source.env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const clientId = read(variables.clientId);
  const clientSecret = read(variables.clientSecret);
  if (source.embedded && clientId === undefined && clientSecret === undefined)
    return { variables, clientId: standInClientId(connector), clientSecret: standInSecret, standIn: true };
  return {
    variables,
    ...(clientId !== undefined && { clientId }),
    ...(clientSecret !== undefined && { clientSecret }),
    standIn: false,
  };
}

/** The variables still to set, by name. */
export const missingVariables = (credentials: OAuthCredentials): string[] => [
  ...(credentials.clientId === undefined ? [credentials.variables.clientId] : []),
  ...(credentials.clientSecret === undefined ? [credentials.variables.clientSecret] : []),
];
