// GET /api/v1/providers: query parsing, the DEFAULT/CUSTOM/ALL filter, and cursor paging
// (scalekit-api.md §1.2). Page tokens are opaque to clients: base64url JSON naming the last
// provider of the previous page, so deleting providers between pages skips nobody.
import { isObject } from "../../dsl/rules/issue.ts";
import { defaultPageSize } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";
import type { ProviderRecord } from "./record.ts";
import type { StoredProvider } from "./store.ts";

export type ProviderType = "DEFAULT" | "CUSTOM" | "ALL";

export interface ListQuery {
  readonly type: ProviderType;
  readonly identifier: string;
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface ListPage {
  readonly providers: readonly ProviderRecord[];
  readonly next_page_token: string;
  readonly total_size: number;
  readonly prev_page_token: string;
}

const providerTypes: Readonly<Record<string, ProviderType>> = {
  DEFAULT: "DEFAULT",
  "0": "DEFAULT",
  CUSTOM: "CUSTOM",
  "1": "CUSTOM",
  ALL: "ALL",
  "2": "ALL",
};
const identifierPattern = /^[a-zA-Z0-9_:-]*$/;
const maxUint32 = 4294967295;

const invalid = (field: string, description: string, constraint: string): GrpcError =>
  new GrpcError("INVALID_ARGUMENT", description, [{ field, description, constraint }]);

export function parseListQuery(params: URLSearchParams, pageSizeCap: number): ListQuery {
  const rawType = params.get("filter.provider_type");
  const type = rawType === null ? "DEFAULT" : providerTypes[rawType];
  if (type === undefined) {
    throw invalid(
      "filter.provider_type",
      `invalid filter.provider_type ${JSON.stringify(rawType)}; use DEFAULT, CUSTOM or ALL (or 0, 1, 2)`,
      "enum",
    );
  }
  const identifier = params.get("identifier") ?? "";
  if (identifier.length > 255)
    throw invalid("identifier", "identifier is longer than 255 characters", "max_len");
  if (!identifierPattern.test(identifier)) {
    throw invalid("identifier", "identifier may contain only letters, digits, _, : and -", "pattern");
  }
  const rawSize = params.get("page_size") ?? "0";
  const size = /^\d+$/.test(rawSize) ? Number(rawSize) : Number.NaN;
  if (!(size <= maxUint32)) {
    throw invalid("page_size", `invalid page_size ${JSON.stringify(rawSize)}; use a whole number`, "uint32");
  }
  return {
    type,
    identifier,
    pageSize: Math.min(size === 0 ? defaultPageSize : size, pageSizeCap),
    pageToken: params.get("page_token") ?? "",
  };
}

/** Position in the listing: built-ins (group 0, catalog order) before customs (group 1, creation order). */
type Key = readonly [group: number, seq: number];
interface Entry {
  readonly key: Key;
  readonly record: ProviderRecord;
}
const after = (a: Key, b: Key): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

const filterOf = (query: ListQuery): string => `${query.type}|${query.identifier}`;
const encodeToken = (cursor: Key | null, query: ListQuery): string =>
  Buffer.from(JSON.stringify({ after: cursor, filter: filterOf(query) })).toString("base64url");

function decodeToken(query: ListQuery): Key | null {
  if (query.pageToken === "") return null;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(query.pageToken, "base64url").toString("utf8"));
  } catch {
    data = undefined;
  }
  const cursor = isObject(data) ? data.after : undefined;
  const valid =
    isObject(data) &&
    data.filter === filterOf(query) &&
    (cursor === null ||
      (Array.isArray(cursor) && cursor.length === 2 && cursor.every((n) => Number.isInteger(n))));
  if (!valid) {
    throw invalid(
      "page_token",
      "invalid page_token; pass next_page_token from the same listing",
      "page_token",
    );
  }
  return cursor === null ? null : [cursor[0], cursor[1]];
}

export function listPage(
  query: ListQuery,
  builtIns: readonly ProviderRecord[],
  customs: readonly StoredProvider[],
): ListPage {
  const start = decodeToken(query);
  const entries: Entry[] = [
    ...(query.type === "CUSTOM" ? [] : builtIns.map((record, index): Entry => ({ key: [0, index], record }))),
    ...(query.type === "DEFAULT" ? [] : customs.map(({ seq, record }): Entry => ({ key: [1, seq], record }))),
  ].filter((entry) => query.identifier === "" || entry.record.identifier === query.identifier);

  const from = start === null ? 0 : entries.findIndex((entry) => after(entry.key, start));
  const first = from < 0 ? entries.length : from;
  const page = entries.slice(first, first + query.pageSize);
  const last = page.at(-1);
  const hasMore = first + page.length < entries.length;
  const prevFirst = first - query.pageSize;
  const prevCursor = prevFirst <= 0 ? null : (entries[prevFirst - 1]?.key ?? null);
  return {
    providers: page.map((entry) => entry.record),
    next_page_token: hasMore && last ? encodeToken(last.key, query) : "",
    total_size: entries.length,
    prev_page_token: first === 0 ? "" : encodeToken(prevCursor, query),
  };
}
