// Field-level differences between two canonical connectors, for the plan. microdiff does the
// walking; lists with a natural key (scopes by `scope`, fields by `field_name`, select options
// by `value`) are compared by that key, so adding a scope reads `available_scopes: + "email"`
// rather than as shifted array positions.
import diff from "microdiff";
import { isObject, type Json } from "../../../dsl/rules/issue.ts";
import type { Canonical } from "./canonical.ts";

export type FieldChange =
  | { readonly op: "add"; readonly path: string; readonly after: Json }
  | { readonly op: "remove"; readonly path: string; readonly before: Json }
  | { readonly op: "change"; readonly path: string; readonly before: Json; readonly after: Json }
  | {
      readonly op: "items";
      readonly path: string;
      readonly added: readonly string[];
      readonly removed: readonly string[];
    }
  | {
      readonly op: "order";
      readonly path: string;
      readonly before: readonly string[];
      readonly after: readonly string[];
    };

const itemKeys: Readonly<Record<string, string>> = {
  available_scopes: "scope",
  fields: "field_name",
  account_fields: "field_name",
  options: "value",
};
const orderKey = "#order";

/** The key each item of a keyed list has, or undefined when the list cannot be keyed. */
function keysOf(list: readonly Json[], field: string): string[] | undefined {
  const keys = list.map((item) =>
    isObject(item) && typeof item[field] === "string" ? item[field] : undefined,
  );
  if (keys.some((key) => key === undefined) || new Set(keys).size !== keys.length) return undefined;
  return keys as string[];
}

// keyed lists become objects whose keys read `["email"]`, plus their order under "#order"
function keyed(value: Json, parentKey?: string): Json {
  if (Array.isArray(value)) {
    const field = parentKey === undefined ? undefined : itemKeys[parentKey];
    const keys = field === undefined ? undefined : keysOf(value, field);
    if (!keys) return value.map((item) => keyed(item));
    const out: Record<string, Json> = { [orderKey]: keys };
    value.forEach((item, index) => {
      out[`[${JSON.stringify(keys[index])}]`] = keyed(item);
    });
    return out;
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, keyed(item as Json, key)]));
  }
  return value;
}

const render = (path: readonly (string | number)[]): string =>
  path
    .map((segment, index) =>
      typeof segment === "number"
        ? `[${segment}]`
        : segment.startsWith("[") || index === 0
          ? segment
          : `.${segment}`,
    )
    .join("");

const isItem = (segment: string | number | undefined): segment is string =>
  typeof segment === "string" && segment.startsWith("[");
const itemName = (segment: string): string => JSON.parse(segment.slice(1, -1)) as string;

/** What changes from `before` (remote) to `after` (definition), ownership marker excluded. */
export function diffConnectors(before: Canonical, after: Canonical): FieldChange[] {
  const changes: FieldChange[] = [];
  // one "items" change per keyed list, placed where its first item differs and filled in after
  const items = new Map<string, { added: string[]; removed: string[] }>();
  const itemsAt = (path: string) => {
    let entry = items.get(path);
    if (!entry) {
      entry = { added: [], removed: [] };
      items.set(path, entry);
      changes.push({ op: "items", path, ...entry });
    }
    return entry;
  };

  const old = keyed(before as unknown as Json);
  const next = keyed(after as unknown as Json);
  for (const difference of diff(old as object, next as object)) {
    const path = difference.path;
    const last = path.at(-1);
    const parent = render(path.slice(0, -1));
    if (path.includes(orderKey)) continue;
    // a whole keyed list on one side only (a remote `fields: []` reads as none): its items, by key
    const list = (value: unknown) =>
      isObject(value) && Array.isArray(value[orderKey]) ? (value[orderKey] as string[]) : undefined;
    const createdList = difference.type === "CREATE" ? list(difference.value) : undefined;
    const removedList = difference.type === "REMOVE" ? list(difference.oldValue) : undefined;
    if (createdList) itemsAt(render(path)).added.push(...createdList);
    else if (removedList) itemsAt(render(path)).removed.push(...removedList);
    else if (isItem(last) && difference.type === "CREATE") itemsAt(parent).added.push(itemName(last));
    else if (isItem(last) && difference.type === "REMOVE") itemsAt(parent).removed.push(itemName(last));
    else if (difference.type === "CREATE")
      changes.push({ op: "add", path: render(path), after: difference.value });
    else if (difference.type === "REMOVE")
      changes.push({ op: "remove", path: render(path), before: difference.oldValue });
    else
      changes.push({
        op: "change",
        path: render(path),
        before: difference.oldValue,
        after: difference.value,
      });
  }
  changes.push(...orderChanges(old, next, []));
  return changes;
}

// a reordering is reported only when both sides hold the same items; otherwise the adds and removes say it
function orderChanges(before: Json, after: Json, path: (string | number)[]): FieldChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.flatMap((item: Json, index) =>
      index < after.length ? orderChanges(item, after[index] as Json, [...path, index]) : [],
    );
  }
  if (!isObject(before) || !isObject(after)) return [];
  const out: FieldChange[] = [];
  const old = before[orderKey];
  const next = after[orderKey];
  if (Array.isArray(old) && Array.isArray(next)) {
    const a = old as string[];
    const b = next as string[];
    const sameItems = a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
    if (sameItems && a.join("\n") !== b.join("\n"))
      out.push({ op: "order", path: render(path), before: a, after: b });
  }
  for (const [key, value] of Object.entries(before)) {
    if (key === orderKey || !(key in after)) continue;
    out.push(...orderChanges(value as Json, after[key] as Json, [...path, key]));
  }
  return out;
}
