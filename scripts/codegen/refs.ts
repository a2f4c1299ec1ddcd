// Resolves the $refs inference follows, and only those: a large spec is never dereferenced as a
// whole (STACK.md §2.4). External files are read when first needed: local files at once, remote
// ones by loadPending() between inference passes, since inference itself is synchronous.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import type { ReachGuard } from "../lib/reach-guard.ts";
import { ByteBudget } from "../mcp/http.ts";
import { parseSpecText, type SpecVersion } from "./load-spec.ts";
import { tokensOf, walk } from "./pointer.ts";
import { checkFile, FetchRefused, fetchDocument, maxSpecBytes, refusal } from "./reach.ts";

const budgetSpent = (href: string, budget: ByteBudget) =>
  new FetchRefused(
    `${href} was not fetched: ${budget.what} reached ${budget.total / 1024 / 1024} MiB together`,
    "download the documents and check them; that much is not read over the network",
  );

/** Remote documents fetched at once: each may be large, and they are held in memory together. */
const remoteRefConcurrency = 4;
/** What every remote document one spec's $refs name may add up to (the spec itself aside). */
export const maxRemoteRefBytes = maxSpecBytes;

export type Obj = { readonly [key: string]: unknown };

export const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A node and where it lives: "#/…" in the spec itself, "file.yaml#/…" in another document. */
export interface Located<T = unknown> {
  readonly value: T;
  readonly pointer: string;
}

interface Loaded {
  readonly root: unknown;
  /** How pointers into this document are written: "" for the spec, the $ref's file part otherwise. */
  readonly label: string;
}

/** The spec being read: its root, version and reference resolver. */
export interface SpecDoc {
  /** As the user gave it (path, URL or "-"). */
  readonly name: string;
  /** YAML lines whose closing bracket was re-indented to parse (see load-spec.ts). */
  readonly repairedLines: readonly number[];
  /** YAML lines of quoted values continued at column 0, read as common readers read them. */
  readonly lenientLines?: readonly number[];
  /** The first YAML line that repeats a key of its mapping (the last value was kept). */
  readonly duplicateKeyLine?: number;
  readonly location: URL | undefined;
  readonly version: SpecVersion;
  readonly root: Obj;
  readonly refs: Refs;
}

export class Refs {
  readonly #documents = new Map<string, Loaded | Error>();
  /** Remote documents to fetch, each with the document that named it and the $ref as written. */
  readonly #pending = new Map<string, { readonly from: URL | undefined; readonly ref: string }>();
  readonly #refused = new Map<string, string>();
  readonly #main: Loaded;
  readonly #location: URL | undefined;

  readonly #searchDirs: readonly URL[];
  readonly #reach: ReachGuard | undefined;
  /** Every remote document this spec's $refs name, read together, draws on one budget. */
  readonly #budget = new ByteBudget(maxRemoteRefBytes, "the documents this spec's $refs name");

  /**
   * `searchDirs`: the --ref-dir folders, where else to look for a file a $ref names when it is not
   * beside the spec. Which documents a $ref may reach at all is reach.ts's rule; which addresses
   * their fetches may connect to, `reach`'s.
   */
  constructor(root: unknown, location: URL | undefined, searchDirs: readonly URL[] = [], reach?: ReachGuard) {
    this.#main = { root, label: "" };
    this.#location = location;
    this.#searchDirs = searchDirs;
    this.#reach = reach;
    if (location) this.#documents.set(location.href, this.#main);
  }

  /** Remote documents a $ref named that are not loaded yet. */
  get pending(): ReadonlySet<string> {
    return new Set(this.#pending.keys());
  }

  /** $refs that were not followed because the document may not reach what they name: ref → why. */
  get refused(): ReadonlyMap<string, string> {
    return this.#refused;
  }

  /**
   * Fetches the pending remote documents, a few at a time, within one byte budget for them all;
   * failures are kept and reported as unresolved refs, refusals (an address the document may not
   * reach, the budget spent) as refused ones.
   */
  async loadPending(): Promise<void> {
    const urls = [...this.#pending];
    this.#pending.clear();
    const limit = pLimit(remoteRefConcurrency);
    await Promise.all(
      urls.map(([href, { from, ref }]) =>
        limit(async () => {
          try {
            if (this.#budget.spent) throw budgetSpent(href, this.#budget);
            const text = await fetchDocument(new URL(href), {
              ...(from && { from }),
              ...(this.#reach && { reach: this.#reach }),
              budget: this.#budget,
            });
            this.#documents.set(href, { root: parseSpecText(text, href).root, label: href });
          } catch (error) {
            if (error instanceof FetchRefused) this.#refuse(href, ref, `${error.message} (${error.fix})`);
            else this.#documents.set(href, error as Error);
          }
        }),
      ),
    );
  }

  readonly #cache = new Map<string, Located | undefined>();
  /** $refs made from the spec itself, by the $ref alone: no key to build for the common case. */
  readonly #mainCache = new Map<string, Located | undefined>();

  /** Follows `value`'s $ref chain (if any). Undefined when a reference cannot be resolved. */
  resolve(value: unknown, pointer: string): Located | undefined {
    if (!isObj(value) || typeof value.$ref !== "string") return { value, pointer };
    const hit = this.#cached(this.#keyOf(value.$ref, pointer));
    if (hit) return hit.found;
    return this.#follow(value, pointer);
  }

  /** The cache key of a $ref written in the document `pointer` lives in. */
  #keyOf(ref: string, pointer: string): { inMain: boolean; key: string } {
    // large specs point at the same few components thousands of times: no key to build for them
    const inMain = pointer.startsWith("#");
    return { inMain, key: inMain ? ref : `${pointer.slice(0, Math.max(0, pointer.indexOf("#")))}#${ref}` };
  }

  #cached({ inMain, key }: { inMain: boolean; key: string }): { found: Located | undefined } | undefined {
    const cache = inMain ? this.#mainCache : this.#cache;
    return cache.has(key) ? { found: cache.get(key) } : undefined;
  }

  /**
   * Walks the chain, stopping at any link already resolved, and records the outcome for every link
   * it passed: each $ref is followed once however many chains run through it, so resolving every
   * link of a chain of n references costs O(n), not O(n²).
   */
  #follow(value: unknown, pointer: string): Located | undefined {
    let current: Located = { value, pointer };
    let base: { doc: Loaded; url: URL | undefined } = this.#baseOf(pointer);
    const seen = new Set<string>();
    const passed: { inMain: boolean; key: string }[] = [];
    let result: Located | undefined;
    for (;;) {
      if (!isObj(current.value) || typeof current.value.$ref !== "string") {
        result = current;
        break;
      }
      const ref = current.value.$ref;
      const link = this.#keyOf(ref, current.pointer);
      const hit = passed.length > 0 ? this.#cached(link) : undefined;
      if (hit) {
        result = hit.found;
        break;
      }
      passed.push(link);
      const hash = ref.indexOf("#");
      const file = hash < 0 ? ref : ref.slice(0, hash);
      const fragment = hash < 0 ? "" : ref.slice(hash);
      let target = base;
      if (file !== "") {
        const next = this.#external(file, base.url);
        if (next === undefined) break;
        target = next;
      }
      const tokens = tokensOf(fragment);
      if (tokens === undefined) break;
      const key = `${target.doc.label}${fragment}`;
      if (seen.has(key)) break;
      seen.add(key);
      const found = walk(target.doc.root, tokens);
      if (found === undefined) break;
      current = { value: found, pointer: `${target.doc.label}${fragment === "" ? "#" : fragment}` };
      base = target;
    }
    // an outcome that waits on a remote document is not final
    if (result !== undefined || this.#pending.size === 0) {
      for (const { inMain, key } of passed) (inMain ? this.#mainCache : this.#cache).set(key, result);
    }
    return result;
  }

  /** Resolves and keeps objects only. */
  object(value: unknown, pointer: string): Located<Obj> | undefined {
    const found = this.resolve(value, pointer);
    return found && isObj(found.value) ? (found as Located<Obj>) : undefined;
  }

  #baseOf(pointer: string): { doc: Loaded; url: URL | undefined } {
    const hash = pointer.indexOf("#");
    const label = hash <= 0 ? "" : pointer.slice(0, hash);
    if (label === "") return { doc: this.#main, url: this.#location };
    for (const [href, doc] of this.#documents) {
      if (!(doc instanceof Error) && doc.label === label) return { doc, url: new URL(href) };
    }
    return { doc: this.#main, url: this.#location };
  }

  #external(file: string, from: URL | undefined): { doc: Loaded; url: URL } | undefined {
    let url: URL;
    try {
      url = from ? new URL(file, from) : new URL(file);
    } catch {
      return undefined;
    }
    url.hash = "";
    const known = this.#documents.get(url.href);
    if (known instanceof Error) return undefined;
    if (known) return { doc: known, url };
    const refDirs = this.#searchDirs.map((dir) => fileURLToPath(dir));
    if (url.protocol !== "file:") {
      const why = refusal(url, from, refDirs);
      if (why !== undefined) return this.#refuse(url.href, file, why);
      if (!this.#pending.has(url.href)) this.#pending.set(url.href, { from, ref: file });
      return undefined;
    }
    const places = [
      url,
      ...(/^[a-z]+:/i.test(file) || file.startsWith("/")
        ? []
        : this.#searchDirs.map((dir) => new URL(file, dir))),
    ];
    let why: string | undefined;
    for (const place of places) {
      why = refusal(place, from, refDirs);
      if (why !== undefined) continue;
      const path = fileURLToPath(place);
      if (!existsSync(path)) continue;
      let text: string;
      try {
        checkFile(path, file);
        text = readFileSync(path, "utf8");
      } catch (error) {
        this.#documents.set(url.href, error as Error);
        return undefined;
      }
      try {
        const doc: Loaded = { root: parseSpecText(text, file).root, label: file };
        this.#documents.set(url.href, doc);
        return { doc, url: place };
      } catch (error) {
        this.#documents.set(url.href, error as Error);
        return undefined;
      }
    }
    if (why !== undefined) return this.#refuse(url.href, file, why);
    this.#documents.set(url.href, new Error(`${file} not found`));
    return undefined;
  }

  #refuse(href: string, ref: string, why: string): undefined {
    this.#refused.set(ref, why);
    this.#documents.set(href, new Error(`${ref}: ${why}`));
    return undefined;
  }
}
