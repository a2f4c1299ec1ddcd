// How a connection change reads in the plan: one tree row under its connector, then its warnings.
// Names come from the server and are escaped for the terminal; a client id is shortened, and a
// client secret is never shown, only whether it is set or rotated.
import type { Colors } from "../output.ts";
import { printable } from "../printable.ts";
import type { ConnectionChange, ConnectionDifference, SettingsToSend } from "./change.ts";

const shortId = (id: string): string => (id.length > 8 ? `${id.slice(0, 4)}…` : id);
const names = (list: readonly string[]) => list.map((item) => printable(item)).join(" ");

function settingsText(settings: SettingsToSend | undefined): string {
  if (!settings) return "";
  const client = settings.standIn
    ? "the embedded emulator's local stand-in client"
    : `client id ${printable(shortId(settings.clientId))}`;
  const scopes = settings.scopes.length > 0 ? `, scopes ${names(settings.scopes)}` : ", no scopes";
  return `, ${client}${scopes}${settings.pkce ? ", PKCE" : ""}`;
}

function differenceText(difference: ConnectionDifference, c: Colors): string {
  switch (difference.field) {
    case "name":
      return `name ${printable(difference.before)} → ${printable(difference.after)}`;
    case "client_id":
      return `client id ${printable(shortId(difference.before) || '""')} → ${printable(shortId(difference.after))}`;
    case "client_secret":
      return difference.change === "set" ? "client secret set" : "client secret rotated";
    case "scopes":
      return `scopes ${[
        ...difference.added.map((scope) => c.green(`+ ${printable(scope)}`)),
        ...difference.removed.map((scope) => c.red(`- ${printable(scope)}`)),
      ].join(", ")}`;
    case "pkce":
      return `PKCE ${difference.after ? "on" : "off"}`;
    case "token_auth":
      return `token auth ${printable(difference.before || "client_secret_post")} → ${printable(difference.after || "client_secret_post")}`;
    case "enabled":
      return "enable";
  }
}

/** The tree row of a change, or undefined for one that changes nothing. */
export function connectionRow(change: ConnectionChange, c: Colors): string | undefined {
  const name =
    "name" in change && change.name !== undefined ? printable(change.name) : c.dim("(name from Scalekit)");
  switch (change.action) {
    case "create":
      return `${c.green("[+]")} connection ${name} (${change.type}${settingsText(change.settings)})`;
    case "update":
      return `${c.yellow("[~]")} connection ${name}: ${change.differences.map((d) => differenceText(d, c)).join(", ")}`;
    case "delete":
      return `${c.red("[-]")} connection ${name}  ${c.bold(c.red("destroy"))}`;
    case "unchanged":
      return undefined;
  }
}

export const connectionHazardsOf = (change: ConnectionChange): readonly string[] =>
  "hazards" in change ? change.hazards : [];
