// What a connection change may break beyond the connection itself: the warnings printed under it
// (scalekit-api.md §10.1, §10.3). A connection's name is what every caller passes as
// connection_name, and its OAuth settings are what its connected accounts were authorized with.
import type { ConnectionDifference } from "./change.ts";
import type { WantedConnection } from "./wanted.ts";

export const connectionHazards = {
  create(wanted: WantedConnection, replaces?: string): string[] {
    const out: string[] = [];
    if (replaces !== undefined)
      out.push(
        `made again for the connector's new identifier${replaces ? ` as "${replaces}"` : ""}: every user must connect again`,
      );
    if (wanted.settings && wanted.settings.scopes.length === 0)
      out.push(
        "no scopes are requested: mark the scopes users must grant with .scope(name, { required: true }), or list them in .connection({ scopes })",
      );
    return out;
  },
  update(name: string, differences: readonly ConnectionDifference[]): string[] {
    const out: string[] = [];
    for (const difference of differences) {
      if (difference.field === "name")
        out.push(
          `renaming breaks every caller that passes connection_name "${name}": applications and agents must use "${difference.after}"`,
        );
      if (difference.field === "client_id")
        out.push(
          "its connected accounts were authorized with the old OAuth app: users may have to connect again",
        );
      if (difference.field === "scopes" && difference.added.length > 0)
        out.push("connected accounts must authorize again to grant the added scopes");
    }
    return out;
  },
};
