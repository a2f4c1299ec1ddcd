// Carries out one change and makes sure it took effect exactly once. When a write fails in a
// way that leaves its effect unknown (no answer, 5xx), or the remote moved under us (409 on
// create, 404 on update), it lists the remote again and continues from what is there: an
// update or nothing instead of a duplicate create, a create when the connector vanished.
import type { Provider } from "../../../dsl/payload.ts";
import { isScalekitApiError, type ScalekitApiError, type ScalekitClient } from "../../client/index.ts";
import { stateLockedErrorCode } from "../../emulator/grpc.ts";
import { canonical } from "./canonical.ts";
import { diffConnectors } from "./diff.ts";
import { inUseFix } from "./hazards.ts";
import { isOwned, managedBody, type Owner, ownershipOf } from "./ownership.ts";
import type { Change } from "./plan.ts";

export type WriteAction = Exclude<Change["action"], "unchanged">;

export interface Outcome {
  readonly name: string;
  readonly action: WriteAction;
  readonly ok: boolean;
  readonly identifier?: string;
  /** What happened, e.g. "created", "already deleted", "created (confirmed by listing after a dropped connection)". */
  readonly detail: string;
  readonly fix?: string;
  /** Paths the server stored differently from what was sent. */
  readonly drift?: readonly string[];
}

export type Relist = (failedAt: number) => Promise<Provider[]>;

/** Lists the remote, sharing one listing among recoveries whose failures came before it started. */
export function createRelister(client: ScalekitClient): Relist {
  let latest: { startedAt: number; listing: Promise<Provider[]> } | undefined;
  return (failedAt) => {
    if (latest && latest.startedAt >= failedAt) return latest.listing;
    // taken before the call: every request of this listing leaves after this instant
    const startedAt = performance.now();
    const listing = client.listCustomProviders();
    const entry = { startedAt, listing };
    latest = entry;
    listing.catch(() => {
      if (latest === entry) latest = undefined;
    });
    return listing;
  };
}

/** Writes and listings per change, before giving up on it (each one already retried by the client). */
const maxRounds = 8;

const isInUse = (error: ScalekitApiError) =>
  error.grpcCode === 9 || (error.status === 400 && /existing connections|in use/i.test(error.serverMessage));

/**
 * The fix for a failed API call. `credentials` names where this run's API client credentials come
 * from (the environment's own keys or variables), for a 401.
 */
export function fixFor(error: ScalekitApiError, credentials?: string): string {
  if (error.errorCode === stateLockedErrorCode)
    return "wait for the process holding the emulator's state file to finish, or stop it, then run the command again";
  if (isInUse(error)) return inUseFix;
  if (error.status === 401)
    return `check ${credentials ?? "SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET (or the environment's clientId and clientSecret)"}`;
  if (error.status === 403)
    return "give the API client the agent_connectors:read and agent_connectors:write permissions";
  if (error.status === 400)
    return "fix the definition as the server's message says, then run the command again";
  if (error.status !== undefined && error.status >= 300 && error.status < 400)
    return "set the environment URL to the https address the server redirects to, then run the command again";
  if (error.kind !== "http") return "check the environment URL and the network, then run the command again";
  return "run the command again; apply continues from the remote state";
}

const failureName = (error: ScalekitApiError): string =>
  error.kind === "timeout"
    ? "a timeout"
    : error.kind === "network"
      ? "a dropped connection"
      : `a ${error.status} answer`;

export interface ConvergeContext {
  readonly client: ScalekitClient;
  readonly relist: Relist;
  /** Whose marker to write and look for (the plan's). */
  readonly owner?: Owner;
}

type WriteChange = Exclude<Change, { action: "unchanged" }>;

export async function converge(change: WriteChange, context: ConvergeContext): Promise<Outcome> {
  const { name, action } = change;
  const fail = (error: unknown, what: string): Outcome => {
    if (!isScalekitApiError(error)) throw error;
    return { name, action, ok: false, detail: `${what} failed: ${error.reason}`, fix: fixFor(error) };
  };

  if (change.action === "delete") return remove(change.identifier, change, context, fail);
  if (change.action === "replace") {
    const deleted = await remove(change.identifier, change, context, fail);
    if (!deleted.ok) return deleted;
  }

  const owner = context.owner;
  const body = managedBody(
    change.payload,
    owner,
    change.action === "update" ? change.fingerprint : undefined,
  );
  const wanted = canonical(change.payload);
  const adopting = change.action === "update" && change.adopt ? change.identifier : undefined;
  // a rename not yet applied leaves the connector under its old name: find it by identifier
  const renaming = change.action === "update" && change.renamedFrom ? change.identifier : undefined;
  const done = (verb: string) => (change.action === "replace" ? "replaced" : `${verb}d`);
  let identifier = change.action === "update" ? change.identifier : undefined;
  let note = "";
  // set when a write failed without telling whether it took effect: list before writing again
  let unclear: ScalekitApiError | undefined;
  let failedAt = 0;
  for (let round = 1; ; round++) {
    const verb = identifier === undefined ? "create" : "update";
    if (unclear) {
      let remote: Provider[];
      try {
        remote = await context.relist(failedAt);
      } catch (listError) {
        if (round >= maxRounds) return fail(listError, `${verb} (then listing to recover)`);
        continue;
      }
      const same = remote.filter((provider) => provider.display_name === name);
      const found =
        same.find((provider) => isOwned(provider, owner)) ??
        same.find((provider) => provider.identifier === adopting) ??
        remote.find((provider) => renaming !== undefined && provider.identifier === renaming);
      if (!found && same.length > 0) {
        return {
          name,
          action,
          ok: false,
          detail: `${verb} failed: a connector with this name appeared that connectorkit does not manage`,
          fix: "run plan, then apply with --adopt to manage it, or rename the definition",
        };
      }
      if (
        found &&
        ownershipOf(found, owner) === "mine" &&
        diffConnectors(canonical(found), wanted).length === 0
      ) {
        const detail = `${done(verb)} (confirmed by listing after ${failureName(unclear)})`;
        return { name, action, ok: true, identifier: found.identifier, detail, drift: [] };
      }
      if (!found && identifier !== undefined) note = " (it had been deleted remotely; created again)";
      identifier = found?.identifier;
      unclear = undefined;
      continue;
    }
    try {
      const stored =
        identifier === undefined
          ? await context.client.createCustomProvider(body)
          : await context.client.updateCustomProvider(identifier, body);
      const drift = diffConnectors(wanted, canonical(stored)).map((field) => field.path);
      if (ownershipOf(stored, owner) !== "mine") drift.push("metadata.managed_by");
      return { name, action, ok: true, identifier: stored.identifier, detail: `${done(verb)}${note}`, drift };
    } catch (error) {
      const recoverable =
        isScalekitApiError(error) &&
        (error.ambiguous ||
          error.status === 409 ||
          error.status === 429 ||
          (error.status === 404 && identifier !== undefined));
      if (!recoverable || round >= maxRounds) return fail(error, verb);
      unclear = error;
      failedAt = performance.now();
    }
  }
}

async function remove(
  identifier: string,
  change: WriteChange,
  context: ConvergeContext,
  fail: (error: unknown, what: string) => Outcome,
): Promise<Outcome> {
  const { name, action } = change;
  // DELETE may be repeated: if an earlier one took effect, the next answers 404
  let unclear: ScalekitApiError | undefined;
  for (let round = 1; ; round++) {
    try {
      await context.client.deleteCustomProvider(identifier);
      return { name, action, ok: true, identifier, detail: "deleted" };
    } catch (error) {
      if (isScalekitApiError(error) && error.status === 404) {
        const detail = unclear
          ? `deleted (confirmed by a 404 after ${failureName(unclear)})`
          : "already deleted";
        return { name, action, ok: true, identifier, detail };
      }
      const recoverable = isScalekitApiError(error) && (error.ambiguous || error.status === 429);
      if (!recoverable || round >= maxRounds) return fail(error, "delete");
      unclear = error;
    }
  }
}
