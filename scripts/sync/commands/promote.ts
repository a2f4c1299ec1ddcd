// `sync promote --from dev --to prod`: makes the destination match the connectors connectorkit
// manages in the source environment. The source is the source's remote state (normalised), not
// the local files, so promotion ships exactly what was tested there. Identifiers differ per
// environment; connectors are matched by display_name.
import { loadConfig, movesFrom, ownerFrom, UsageError } from "../config.ts";
import { dslShape } from "../dsl-shape.ts";
import type { SyncIO } from "../io.ts";
import { count } from "../output.ts";
import { isOwned } from "../ownership.ts";
import type { Definition, PlanOptions } from "../plan.ts";
import { describeTarget, openTarget, resolveTarget } from "../target.ts";
import { planAndApply, type WriteFlags } from "./plan-apply.ts";

export interface PromoteFlags extends PlanOptions, WriteFlags {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
}

export async function runPromote(flags: PromoteFlags, io: SyncIO): Promise<number> {
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

  const opened = await openTarget(source, io.tuning);
  let definitions: Definition[];
  let unmanaged: number;
  try {
    const remote = await opened.client.listCustomProviders();
    const managed = remote.filter((provider) => isOwned(provider, ownerFrom(config)));
    unmanaged = remote.length - managed.length;
    const names = managed.map((provider) => provider.display_name);
    const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
    if (duplicates.length > 0) {
      throw new UsageError(
        `"${flags.from}" has more than one managed connector named ${duplicates.map((name) => JSON.stringify(name)).join(", ")}`,
        `run apply --prune --env ${flags.from} first, so each name is one connector`,
      );
    }
    definitions = managed.map((provider) => ({
      display_name: provider.display_name,
      payload: dslShape(provider),
      source: `${flags.from} ${provider.identifier}`,
    }));
  } finally {
    await opened.close();
  }
  io.stdout.write(
    `Promoting ${count(definitions.length, "connector")} managed in "${flags.from}"${unmanaged > 0 ? ` (${unmanaged} not managed by connectorkit there, not promoted)` : ""}.\n\n`,
  );

  return planAndApply(
    destination,
    definitions,
    { ...flags, owner: ownerFrom(config), moved: movesFrom(config) },
    io,
  );
}
