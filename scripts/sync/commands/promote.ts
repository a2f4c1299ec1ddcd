// `sync promote --from dev --to prod`: makes the destination match the connectors connectorkit
// manages in the source environment. The source is the source's remote state (normalised), not
// the local files, so promotion ships exactly what was tested there. Identifiers differ per
// environment; connectors are matched by display_name. Each connector's connection is promoted with
// it: the source's name, scopes and PKCE, with the destination's own client credentials.
import { isScalekitApiError, ScalekitApiError } from "../../client/index.ts";
import { loadConfig, movesFrom, ownerFrom, UsageError } from "../config.ts";
import { chooseConnection, connectionsOf } from "../connection/lookup.ts";
import { dslShape } from "../connector/dsl-shape.ts";
import { isOwned, type Owner } from "../connector/ownership.ts";
import type { RunIO } from "../io.ts";
import { count } from "../output.ts";
import type { Definition, PlanOptions } from "../plan.ts";
import { describeTarget, resolveTarget, type Target } from "../target.ts";
import { connectionSource, openAndList, planAndApply, type WriteFlags } from "./plan-apply.ts";

export interface PromoteFlags extends PlanOptions, WriteFlags {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
}

export async function runPromote(flags: PromoteFlags, io: RunIO): Promise<number> {
  if (flags.from === flags.to) {
    throw new UsageError(
      `--from and --to are both "${flags.from}"`,
      "promote copies between two environments",
    );
  }
  const config = await loadConfig(io.cwd);
  const resolve = (envName: string) => resolveTarget({ cwd: io.cwd, env: io.env, envName, config });
  const source = resolve(flags.from);
  const destination = resolve(flags.to);
  io.stdout.write(`${describeTarget(destination)}\n`);
  io.stdout.write(`Source: ${describeTarget(source).replace(/^Target: /, "")}\n`);

  // two environments, two independent reads: list both at once, and say which one failed
  const [read, listed] = await Promise.allSettled([
    readSource(source, flags.from, ownerFrom(config), io),
    openAndList(destination, io),
  ]);
  const failures = [
    ...(read.status === "rejected" ? [inEnvironment(read.reason, flags.from, "source")] : []),
    ...(listed.status === "rejected" ? [inEnvironment(listed.reason, flags.to, "destination")] : []),
  ];
  if (read.status === "rejected" || listed.status === "rejected") {
    if (listed.status === "fulfilled") await listed.value.opened.close();
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, "both environments failed");
  }
  const { definitions, unmanaged } = read.value;
  io.stdout.write(
    `Promoting ${count(definitions.length, "connector")} managed in "${flags.from}"${unmanaged > 0 ? ` (${unmanaged} not managed by connectorkit there, not promoted)` : ""}.\n\n`,
  );

  return planAndApply(
    destination,
    listed.value,
    definitions,
    { ...flags, owner: ownerFrom(config), moved: movesFrom(config) },
    io,
    // the destination's connections get the destination's credentials (<TO>_CONNECTORKIT_OAUTH_…)
    connectionSource(destination, io, config),
  );
}

/** The connectors sync manages in the source, as definitions, and how many others it holds. */
async function readSource(
  source: Target,
  name: string,
  owner: Owner | undefined,
  io: RunIO,
): Promise<{ definitions: Definition[]; unmanaged: number }> {
  const { opened, remote } = await openAndList(source, io);
  let connections: Awaited<ReturnType<typeof opened.client.listConnections>>["connections"];
  try {
    ({ connections } = await opened.client.listConnections());
  } finally {
    await opened.close();
  }
  const managed = remote.filter((provider) => isOwned(provider, owner));
  const names = managed.map((provider) => provider.display_name);
  const duplicates = [...new Set(names.filter((entry, index) => names.indexOf(entry) !== index))];
  if (duplicates.length > 0) {
    throw new UsageError(
      `"${name}" has more than one managed connector named ${duplicates.map((entry) => JSON.stringify(entry)).join(", ")}`,
      `run apply --prune --env ${name} first, so each name is one connector`,
    );
  }
  // the connection the source tested travels too: its name (callers use it), scopes and PKCE
  const definitions = managed.map((provider) => {
    const choice = chooseConnection(connectionsOf(provider.identifier, connections));
    const tested = choice.found === "one" ? choice.connection : undefined;
    return {
      display_name: provider.display_name,
      payload: dslShape(provider),
      source: `${name} ${provider.identifier}`,
      ...(tested && {
        connection: {
          name: tested.name,
          ...(tested.oauth && {
            scopes: tested.oauth.scopes,
            pkce: tested.oauth.pkce,
            ...(tested.oauth.tokenAuthMethod === "client_secret_basic" && {
              tokenAuth: "client_secret_basic" as const,
            }),
          }),
        },
      }),
    };
  });
  return { definitions, unmanaged: remote.length - managed.length };
}

/** An API failure that names the environment it happened in (the request alone does not). */
function inEnvironment(error: unknown, name: string, role: "source" | "destination"): unknown {
  if (!isScalekitApiError(error)) return error;
  return new ScalekitApiError({ ...error, operation: `${error.operation} in "${name}" (the ${role})` });
}
