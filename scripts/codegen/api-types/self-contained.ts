// The document as openapi-typescript can read it on its own. openapi-typescript resolves external
// $refs itself (redocly's resolver: any file, any URL, no size limit), so it is handed a document
// with none: each $ref naming another document is resolved through the loader (refs.ts, with its
// reach, size and --ref-dir rules) and copied in — a component (`…#/components/schemas/X`) under
// the same place in this document, anything else in place. A $ref that resolves nowhere (a missing
// file, a refused URL, a pointer to nothing) would fail the whole document, so it is cut out
// instead and its type becomes `unknown`; the report lists each one (not those in examples and
// extensions, which types never read). Redocly also reads a discriminator's mapping values and an
// example's externalValue as references: mappings are resolved the same way, externalValues
// dropped. Subtrees without such a $ref are shared, not copied. Hand-written rather than
// redocly's bundler because that bundler is the resolver this keeps openapi-typescript from using.
import { pointerTo, tokensOf, walk } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";

export interface SelfContained {
  readonly root: Obj;
  /** The $refs cut out, as written, each with why when the loader refused it. */
  readonly unresolved: readonly string[];
}

const componentKinds = new Set([
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
]);
/** Passes over the document: between them, at most four rounds of fetching remote documents. */
const maxRounds = 5;

/** `label#/components/<kind>/<name>` → kind and name, for a pointer into another document. */
function componentOf(pointer: string): { kind: string; name: string } | undefined {
  const tokens = tokensOf(pointer.slice(pointer.indexOf("#")));
  if (tokens?.length !== 3 || tokens[0] !== "components" || !componentKinds.has(tokens[1] as string))
    return undefined;
  return { kind: tokens[1] as string, name: tokens[2] as string };
}

/**
 * What stands in for a $ref that resolves nowhere, by where it stood (`key`, or `list[]` for an entry
 * of a list): a parameter is left out, a request body takes any type, anything else is `unknown`.
 */
function standIn(key: string, why: string): Obj | typeof dropped {
  if (key === "parameters[]") return dropped;
  if (key === "requestBody") return { description: why, content: { "*/*": { schema: {} } } };
  return { description: why };
}

/** Members openapi-typescript never reads: extensions and examples. */
const unread = (key: string) => key.startsWith("x-") || key === "examples" || key === "example";

const isMapping = (value: unknown): value is Readonly<Record<string, string>> =>
  isObj(value) && Object.values(value).every((entry) => typeof entry === "string");

/** Marks a list entry to leave out. */
const dropped = Symbol("dropped");

const baseName = (pointer: string): string =>
  (pointer.slice(0, pointer.indexOf("#")).split("/").at(-1) ?? "").replace(/\.[^.]*$/, "") || "External";

class Pass {
  readonly unresolved = new Map<string, string>();
  waiting = false;
  readonly #hoisted = new Map<string, Map<string, unknown>>();
  /** Absolute pointer of a copied component → its $ref in this document. */
  readonly #placed = new Map<string, string>();
  /** Pointers being copied in place: one met again is a cycle, hoisted as a schema instead. */
  readonly #inlining = new Set<string>();
  readonly #done = new WeakMap<object, unknown>();

  constructor(readonly doc: SpecDoc) {}

  run(): Obj {
    const root = this.copy(this.doc.root, "#", "") as Record<string, unknown>;
    if (this.#hoisted.size === 0) return root;
    const components: Record<string, unknown> = { ...(isObj(root.components) ? root.components : {}) };
    for (const [kind, entries] of this.#hoisted) {
      const own = isObj(components[kind]) ? components[kind] : {};
      components[kind] = { ...own, ...Object.fromEntries(entries) };
    }
    return { ...root, components };
  }

  /** `node` (at `pointer`, under `key`) with every $ref in it made local; the same node when none changes. */
  copy(node: unknown, pointer: string, key: string, quiet = false): unknown {
    if (typeof node !== "object" || node === null) return node;
    // the main document's nodes mean the same wherever they are met (YAML aliases share them)
    const main = pointer.startsWith("#");
    if (main && this.#done.has(node)) return this.#done.get(node);
    let result: unknown;
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      let changed = false;
      node.forEach((item, index) => {
        const next = this.copy(item, pointerTo(pointer, index), `${key}[]`, quiet);
        if (next === dropped) changed = true;
        else {
          if (next !== item) changed = true;
          items.push(next);
        }
      });
      result = changed ? items : node;
    } else if (typeof (node as Obj).$ref === "string") {
      result = this.#reference(node as Obj, pointer, key, quiet);
    } else {
      let out: Record<string, unknown> | undefined;
      for (const [name, value] of Object.entries(node)) {
        // an example's file, which redocly would read as a $ref; types never use examples
        if (name === "externalValue" && typeof value === "string") {
          out ??= { ...node };
          delete out[name];
          continue;
        }
        const next =
          key === "discriminator" && name === "mapping" && isMapping(value)
            ? this.#mapping(value, pointerTo(pointer, name))
            : this.copy(value, pointerTo(pointer, name), name, quiet || unread(name));
        if (next !== value) {
          out ??= { ...node };
          out[name] = next;
        }
      }
      result = out ?? node;
    }
    if (main) this.#done.set(node, result);
    return result;
  }

  #reference(node: Obj, pointer: string, key: string, quiet: boolean): unknown {
    const ref = node.$ref as string;
    // a pointer within this document: kept, when it leads somewhere
    if (pointer.startsWith("#") && ref.startsWith("#")) {
      const tokens = tokensOf(ref);
      if (tokens && walk(this.doc.root, tokens) !== undefined) return node;
      return this.#cut(ref, key, quiet);
    }
    const found = this.doc.refs.resolve(node, pointer);
    if (!found) {
      if (this.doc.refs.pending.size > 0) this.waiting = true;
      return this.#cut(ref, key, quiet);
    }
    // it ends in this document after all
    if (found.pointer.startsWith("#")) return { $ref: found.pointer };
    const placed = this.#placed.get(found.pointer);
    if (placed !== undefined) return { $ref: placed };
    const component = componentOf(found.pointer);
    // a component of this document that is only a $ref elsewhere takes the value in its place
    const own = pointer.startsWith("#/components/") && componentOf(pointer) !== undefined;
    if (component && !own)
      return { $ref: this.#hoist(component.kind, component.name, found.value, found.pointer) };
    if (this.#inlining.has(found.pointer)) {
      const name =
        tokensOf(found.pointer.slice(found.pointer.indexOf("#")))?.at(-1) || baseName(found.pointer);
      return { $ref: this.#hoist("schemas", name, found.value, found.pointer) };
    }
    if (own) this.#placed.set(found.pointer, pointer);
    this.#inlining.add(found.pointer);
    try {
      return this.copy(found.value, found.pointer, key, quiet);
    } finally {
      this.#inlining.delete(found.pointer);
    }
  }

  /**
   * A discriminator's mapping: its values are $refs written as strings, or schema names, which name
   * `#/components/schemas/<name>` of the document they are in. Each must name a component, so what
   * another document holds is placed under schemas; a value that resolves nowhere leaves the mapping.
   */
  #mapping(mapping: Readonly<Record<string, string>>, pointer: string): Readonly<Record<string, string>> {
    const out: Record<string, string> = {};
    let changed = false;
    for (const [name, value] of Object.entries(mapping)) {
      // written out as a $ref always: redocly reads a bare name as a file
      const ref = /[#/]/.test(value) ? value : pointerTo("#/components/schemas", value);
      const next = this.#mappedRef(ref, pointerTo(pointer, name));
      if (next !== undefined) out[name] = next;
      if (next !== value) changed = true;
    }
    return changed ? out : mapping;
  }

  #mappedRef(ref: string, pointer: string): string | undefined {
    const node = { $ref: ref };
    if (pointer.startsWith("#") && ref.startsWith("#")) {
      const tokens = tokensOf(ref);
      if (tokens && walk(this.doc.root, tokens) !== undefined) return ref;
      this.#cut(ref, "", false);
      return undefined;
    }
    const found = this.doc.refs.resolve(node, pointer);
    if (!found) {
      if (this.doc.refs.pending.size > 0) this.waiting = true;
      this.#cut(ref, "", false);
      return undefined;
    }
    if (found.pointer.startsWith("#")) return found.pointer;
    const placed = this.#placed.get(found.pointer);
    if (placed !== undefined) return placed;
    const component = componentOf(found.pointer);
    const name =
      component?.name ??
      (tokensOf(found.pointer.slice(found.pointer.indexOf("#")))?.at(-1) || baseName(found.pointer));
    return this.#hoist(component?.kind ?? "schemas", name, found.value, found.pointer);
  }

  /** Places `value` under components/<kind> by a free name; returns its $ref. */
  #hoist(kind: string, name: string, value: unknown, from: string): string {
    const own = this.doc.root.components;
    const taken = (candidate: string) =>
      (isObj(own) && isObj(own[kind]) && candidate in own[kind]) || this.#hoisted.get(kind)?.has(candidate);
    let free = name;
    for (let n = 2; taken(free); n++) free = `${name}_${n}`;
    const ref = pointerTo("#/components", kind, free);
    this.#placed.set(from, ref);
    const entries = this.#hoisted.get(kind) ?? new Map<string, unknown>();
    this.#hoisted.set(kind, entries);
    entries.set(free, undefined);
    entries.set(free, this.copy(value, from, ""));
    return ref;
  }

  /** A stand-in for `ref`, reported unless it is in a part types never read. */
  #cut(ref: string, key: string, quiet: boolean): unknown {
    const file = ref.includes("#") ? ref.slice(0, ref.indexOf("#")) : ref;
    if (!quiet) this.unresolved.set(ref, this.doc.refs.refused.get(file) ?? "");
    return standIn(key, `unresolved $ref ${ref}`);
  }
}

/** The document with no $ref to another document and none to nothing (remote documents fetched first). */
export async function selfContained(doc: SpecDoc): Promise<SelfContained> {
  for (let round = 1; ; round++) {
    const pass = new Pass(doc);
    const root = pass.run();
    if (pass.waiting && round < maxRounds) {
      await doc.refs.loadPending();
      continue;
    }
    const unresolved = [...pass.unresolved].map(([ref, why]) => (why ? `${ref} (${why})` : ref));
    return { root, unresolved };
  }
}
