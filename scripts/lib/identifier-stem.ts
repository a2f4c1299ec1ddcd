// The part of a custom connector's identifier Scalekit derives from its display_name: spaces
// removed, letters uppercased, before the `:suffix` it generates (scalekit-api.md §4.2, a GUESS).
// One definition for every place that reasons about it: the rules on definitions, the plan's
// check against remote connectors, and the emulator that derives identifiers.

/** `"Acme CRM"`, `"ACME crm"` and `"Acme  CRM"` all give `ACMECRM`. */
export const identifierStem = (displayName: string): string => displayName.replace(/\s+/g, "").toUpperCase();
