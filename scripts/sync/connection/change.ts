// A connection change as the plan holds it and the printer, --json and apply read it: below the
// connection kind's plan, hazards, printing and apply steps, which all import it.
import type { WantedSettings } from "./wanted.ts";

/** The OAuth settings a create or update sends (the secret itself is read again at apply). */
export interface SettingsToSend extends WantedSettings {
  readonly clientId: string;
  /** The embedded emulator's local stand-in credentials, not a real OAuth app's. */
  readonly standIn: boolean;
}

export type ConnectionDifference =
  | { readonly field: "name"; readonly before: string; readonly after: string }
  | { readonly field: "client_id"; readonly before: string; readonly after: string }
  | { readonly field: "client_secret"; readonly change: "set" | "rotated" }
  | { readonly field: "scopes"; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly field: "pkce"; readonly before: boolean; readonly after: boolean }
  | { readonly field: "token_auth"; readonly before: string; readonly after: string }
  | { readonly field: "enabled"; readonly before: boolean; readonly after: boolean };

interface Base {
  readonly kind: "connection";
  /** The display name of the connector it belongs to. */
  readonly connector: string;
  readonly type: string;
}

export type ConnectionChange =
  | (Base & {
      readonly action: "create";
      /** undefined: Scalekit generates the name. */
      readonly name?: string;
      readonly settings?: SettingsToSend;
      /** Set when it replaces a connection deleted with its connector (a replace). */
      readonly replaces?: string;
      readonly hazards: readonly string[];
    })
  | (Base & {
      readonly action: "update";
      readonly id: string;
      readonly name: string;
      readonly differences: readonly ConnectionDifference[];
      readonly settings?: SettingsToSend;
      readonly hazards: readonly string[];
    })
  | (Base & {
      readonly action: "delete";
      readonly id: string;
      readonly name: string;
      readonly reason: "connector deleted" | "connector replaced";
      readonly hazards: readonly string[];
    })
  | (Base & {
      readonly action: "unchanged";
      readonly id: string;
      readonly name: string;
      /** False when it is made in the Dashboard and only looked up. */
      readonly managed: boolean;
    });

/** Something the plan tells without changing it (a connection to make in the Dashboard …). */
export interface ConnectionNote {
  readonly connector?: string;
  readonly message: string;
}
