// plan() is a pure function: definitions and remote providers in, changes out.
import { describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { Payload } from "../../dsl/payload.ts";
import { canonical } from "../../scripts/sync/connector/canonical.ts";
import { dslShape } from "../../scripts/sync/connector/dsl-shape.ts";
import { managedBody, ownershipIssues } from "../../scripts/sync/connector/ownership.ts";
import { type Definition, hasWrites, type PlanOptions, plan, summarize } from "../../scripts/sync/plan.ts";
import { served } from "./helpers.ts";

const asana = (scopes: readonly string[] = ["profile"]): Payload =>
  scopes
    .reduce(
      (draft, scope) => draft.scope(scope),
      connector("My Asana")
        .description("Asana")
        .oauth({ authorizeUri: "https://app.asana.com/a", tokenUri: "https://app.asana.com/t" }),
    )
    .proxy("https://app.asana.com/api")
    .payload();
const bearer = (name: string, description = "an API"): Payload =>
  connector(name as "Bearer")
    .description(description)
    .bearer()
    .proxy("https://api.example.com")
    .payload();
const apiKey = (name: string): Payload =>
  connector(name as "Key")
    .description("an API")
    .apiKey()
    .proxy("https://api.example.com")
    .payload();

const defined = (payload: Payload): Definition => ({
  display_name: payload.display_name,
  payload,
  source: "test.ts",
});
const options: PlanOptions = { prune: false, adopt: false, allowReplace: false };

describe("plan", () => {
  it("creates what is missing and leaves what matches", () => {
    const result = plan(
      [defined(bearer("Alpha")), defined(bearer("Beta"))],
      [served(bearer("Beta"), "BETA:1", true)],
      options,
    );
    expect(result.changes).toStrictEqual([
      { action: "create", name: "Alpha", payload: bearer("Alpha") },
      { action: "unchanged", name: "Beta", identifier: "BETA:1" },
    ]);
    expect(summarize(result)).toStrictEqual({ create: 1, update: 0, replace: 0, delete: 0, unchanged: 1 });
  });

  it("updates with a field-level diff and scope hazards", () => {
    const result = plan(
      [defined(asana(["profile", "email"]))],
      [served(asana(["profile"]), "MYASANA:1", true)],
      options,
    );
    const [change] = result.changes;
    expect(change?.action).toBe("update");
    if (change?.action !== "update") return;
    expect(change.diff).toStrictEqual([
      { op: "items", path: "auth_patterns[0].oauth_config.available_scopes", added: ["email"], removed: [] },
    ]);
    expect(change.hazards.join("\n")).toMatch(/scopes added \("email"\).*reauthorize/);
    expect(change.hazards.join("\n")).toMatch(/connections may need recreating/);
    expect(change.adopt).toBe(false);
  });

  it("compares meaning: server zero values, nulls and default flags equal their absence", () => {
    const wanted = bearer("Alpha", "");
    const remote = served(wanted, "ALPHA:1", true);
    const patterns = structuredClone(wanted.auth_patterns) as unknown as Record<string, unknown>[];
    const [pattern] = patterns;
    if (!pattern) throw new Error("fixture has a pattern");
    pattern.account_fields = null;
    pattern.oauth_config = null;
    pattern.allowed_proxy_domains = [];
    pattern.is_mcp = false;
    const fields = pattern.fields as Record<string, unknown>[];
    for (const field of fields) field.is_path_param = false;
    const served_ = {
      ...remote,
      auth_patterns: patterns as never,
      description: "",
      icon_src: "",
      is_custom_mcp: false,
    };
    expect(plan([defined(wanted)], [served_], options).changes).toStrictEqual([
      { action: "unchanged", name: "Alpha", identifier: "ALPHA:1" },
    ]);
  });

  it("reads an empty hint as no hint", () => {
    const pattern = {
      type: "BEARER",
      display_name: "B",
      description: "",
      fields: [{ field_name: "token", label: "T", input_type: "text", hint: "" }],
    };
    const withHint = {
      display_name: "A",
      auth_patterns: [pattern],
      proxy_url: "https://a.example.com",
    } as unknown as Payload;
    const without = structuredClone(withHint) as unknown as {
      auth_patterns: { fields: Record<string, unknown>[] }[];
    };
    delete without.auth_patterns[0]?.fields[0]?.hint;
    expect(canonical(withHint)).toStrictEqual(canonical(without as unknown as Payload));
  });

  it("keeps unknown pattern keys: removing one is a change", () => {
    const wanted = bearer("Alpha");
    const remote = served(wanted, "ALPHA:1", true);
    const patterns = [{ ...(wanted.auth_patterns[0] as object), allowed_proxy_domains: ["api.example.com"] }];
    const result = plan([defined(wanted)], [{ ...remote, auth_patterns: patterns as never }], options);
    expect(result.changes[0]).toMatchObject({
      action: "update",
      diff: [{ op: "remove", path: "auth_patterns[0].allowed_proxy_domains", before: ["api.example.com"] }],
    });
  });

  it("never touches connectors it does not manage, and lists them", () => {
    const result = plan([], [served(bearer("Theirs"), "THEIRS:1", false)], { ...options, prune: true });
    expect(result.changes).toStrictEqual([]);
    expect(result.skipped).toStrictEqual([{ name: "Theirs", identifier: "THEIRS:1", reason: "unmanaged" }]);
    expect(hasWrites(result)).toBe(false);
  });

  it("deletes managed connectors without a definition only with prune", () => {
    const remote = [served(bearer("Old"), "OLD:1", true)];
    expect(plan([], remote, options)).toMatchObject({
      changes: [],
      skipped: [{ name: "Old", identifier: "OLD:1", reason: "no definition" }],
    });
    expect(plan([], remote, { ...options, prune: true }).changes).toMatchObject([
      { action: "delete", name: "Old", identifier: "OLD:1", reason: "no definition" },
    ]);
  });

  it("blocks a same-named unmanaged connector unless adopted", () => {
    const remote = [served(bearer("Alpha", "by hand"), "ALPHA:9", false)];
    const blocked = plan([defined(bearer("Alpha"))], remote, options);
    expect(blocked.changes).toStrictEqual([]);
    expect(blocked.blockers).toMatchObject([
      { name: "Alpha", identifier: "ALPHA:9", fix: expect.stringMatching(/--adopt/) },
    ]);
    const adopted = plan([defined(bearer("Alpha"))], remote, { ...options, adopt: true });
    expect(adopted.changes).toMatchObject([
      { action: "update", identifier: "ALPHA:9", adopt: true, diff: [{ op: "change", path: "description" }] },
    ]);
    // adopting an identical connector is still a write: it adds the marker
    const same = plan([defined(bearer("Alpha"))], [served(bearer("Alpha"), "ALPHA:9", false)], {
      ...options,
      adopt: true,
    });
    expect(same.changes).toMatchObject([{ action: "update", adopt: true, diff: [] }]);
  });

  it("needs --allow-replace when an auth type changes, then replaces", () => {
    const remote = [served(bearer("Alpha"), "ALPHA:1", true)];
    const blocked = plan([defined(apiKey("Alpha"))], remote, options);
    expect(blocked.changes).toStrictEqual([]);
    expect(blocked.blockers[0]?.message).toContain('auth_patterns[0].type "BEARER" → "API_KEY"');
    expect(blocked.blockers[0]?.fix).toContain("--allow-replace");
    const replaced = plan([defined(apiKey("Alpha"))], remote, { ...options, allowReplace: true });
    expect(replaced.changes).toMatchObject([
      { action: "replace", identifier: "ALPHA:1", reasons: [expect.any(String)] },
    ]);
  });

  it("keeps the matching copy of a duplicated managed name and prunes the other", () => {
    const remote = [
      served(bearer("Alpha", "stale"), "ALPHA:1", true),
      served(bearer("Alpha"), "ALPHA:2", true),
    ];
    expect(plan([defined(bearer("Alpha"))], remote, { ...options, prune: true }).changes).toMatchObject([
      { action: "delete", identifier: "ALPHA:1", reason: "duplicate" },
      { action: "unchanged", identifier: "ALPHA:2" },
    ]);
  });

  it("excludes the ownership marker from diffs but keeps the user's metadata", () => {
    const wanted = connector("Alpha")
      .metadata({ team: "core" })
      .bearer()
      .proxy("https://api.example.com")
      .payload();
    const remote = served(wanted, "ALPHA:1", true);
    expect(plan([defined(wanted)], [remote], options).changes[0]?.action).toBe("unchanged");
    const changed = plan([defined({ ...wanted, metadata: { team: "edge" } })], [remote], options);
    expect(changed.changes[0]).toMatchObject({
      diff: [{ op: "change", path: "metadata.team", before: "core", after: "edge" }],
    });
  });
});

describe("plan: a name that derives a remote connector's identifier", () => {
  const fromProject = (payload: Payload, identifier: string, project: string) => ({
    ...served(payload, identifier, false),
    metadata: { managed_by: `connectorkit:${project}` },
  });

  it("blocks the create, naming both names, and points at moved when sync manages the other", () => {
    const remote = [served(bearer("Acme CRM"), "ACMECRM:1", true)];
    const result = plan([defined(bearer("ACME crm"))], remote, options);
    expect(result.changes).toStrictEqual([]);
    expect(result.blockers).toStrictEqual([
      {
        name: "ACME crm",
        identifier: "ACMECRM:1",
        message:
          '"ACME crm" and the existing connector "Acme CRM" derive the same identifier ACMECRM: Scalekit removes spaces and uppercases the name, so it refuses a second one (test.ts)',
        fix: 'rename the definition so it differs from "Acme CRM" in more than case and spacing; or, if it is that connector renamed, add moved: [{ from: "Acme CRM", to: "ACME crm" }] to connectorkit.config.ts',
      },
    ]);
    // with that moved entry it is the same connector, renamed in place
    const moved = plan([defined(bearer("ACME crm"))], remote, {
      ...options,
      moved: [{ from: "Acme CRM", to: "ACME crm" }],
    });
    expect(moved.blockers).toStrictEqual([]);
    expect(moved.changes).toMatchObject([
      { action: "update", name: "ACME crm", identifier: "ACMECRM:1", renamedFrom: "Acme CRM" },
    ]);
  });

  it("says --adopt for a connector sync did not create, and the owner for another project's", () => {
    const unmanaged = plan([defined(bearer("Acme  Crm"))], [served(bearer("Acme CRM"), "ACMECRM:2", false)], {
      ...options,
      adopt: true,
    });
    expect(unmanaged.changes).toStrictEqual([]);
    expect(unmanaged.blockers[0]?.fix).toContain(
      'name the definition "Acme CRM" and pass --adopt to manage it',
    );
    const other = plan([defined(bearer("ACMECRM"))], [fromProject(bearer("Acme CRM"), "ACMECRM:3", "web")], {
      ...options,
      owner: { project: "billing" },
    });
    expect(other.changes).toStrictEqual([]);
    expect(other.blockers[0]?.fix).toContain('"Acme CRM" belongs to connectorkit project "web"');
  });

  it("blocks a moved rename onto another connector's identifier, not one renamed away in the same run", () => {
    const remote = [served(bearer("Old"), "OLD:1", true), served(bearer("Acme CRM"), "ACMECRM:1", true)];
    const onto = plan([defined(bearer("ACME crm"))], remote, {
      ...options,
      moved: [{ from: "Old", to: "ACME crm" }],
    });
    expect(onto.blockers).toMatchObject([{ name: "ACME crm", identifier: "ACMECRM:1" }]);
    const away = plan([defined(bearer("Acme Sales")), defined(bearer("ACME crm"))], remote.slice(1), {
      ...options,
      moved: [{ from: "Acme CRM", to: "Acme Sales" }],
    });
    expect(away.blockers).toStrictEqual([]);
    expect(away.changes.map((change) => change.action)).toStrictEqual(["create", "update"]);
  });
});

describe("ownership", () => {
  it("sends the complete object with the marker next to the user's metadata", () => {
    const body = managedBody({
      display_name: "Alpha",
      auth_patterns: [],
      proxy_url: "https://x.example.com",
      metadata: { team: "core" },
    });
    expect(body).toStrictEqual({
      display_name: "Alpha",
      description: "",
      auth_patterns: [],
      proxy_url: "https://x.example.com",
      proxy_enabled: false,
      icon_src: "",
      metadata: { team: "core", managed_by: "connectorkit" },
    });
  });

  it("refuses the reserved key and a 20th user pair, with a fix", () => {
    const reserved = ownershipIssues({ ...bearer("A"), metadata: { managed_by: "me" } });
    expect(reserved).toMatchObject([{ path: "metadata.managed_by", fix: expect.stringContaining("rename") }]);
    const full = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, "v"]));
    expect(ownershipIssues({ ...bearer("A"), metadata: full })).toMatchObject([
      { path: "metadata", fix: expect.stringContaining("at most 19") },
    ]);
    const nineteen = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`key${i}`, "v"]));
    expect(ownershipIssues({ ...bearer("A"), metadata: nineteen })).toStrictEqual([]);
    // an OAuth API connector keeps one more pair free: its connection secret's fingerprint
    expect(ownershipIssues({ ...asana(), metadata: nineteen })).toMatchObject([
      { path: "metadata", fix: expect.stringContaining("at most 18") },
    ]);
    expect(ownershipIssues({ ...bearer("A"), metadata: { connectorkit_secret: "x" } })).toMatchObject([
      { path: "metadata.connectorkit_secret" },
    ]);
  });
});

describe("plan: moved entries that cannot all hold", () => {
  const messages = (moved: { from: string; to: string }[], names: string[], remote: string[]) =>
    plan(
      names.map((name) => defined(bearer(name))),
      remote.map((name, i) => served(bearer(name), `R:${i}`, true)),
      { ...options, moved },
    ).blockers.map((blocker) => `${blocker.name}: ${blocker.message}`);

  it("blocks two entries onto one name, or renaming one connector twice", () => {
    expect(
      messages(
        [
          { from: "A", to: "C" },
          { from: "B", to: "C" },
        ],
        ["C"],
        ["A", "B"],
      ),
    ).toContain(
      'moved: two moved entries rename onto "C": { from: "A", to: "C" } and { from: "B", to: "C" }',
    );
    expect(
      messages(
        [
          { from: "A", to: "B" },
          { from: "A", to: "C" },
        ],
        ["B", "C"],
        ["A"],
      ),
    ).toContain('moved: two moved entries rename "A": { from: "A", to: "B" } and { from: "A", to: "C" }');
  });

  it("blocks an entry whose both ends exist, and leaves an applied one alone", () => {
    expect(messages([{ from: "A", to: "B" }], ["A", "B"], ["A"])).toContain(
      'moved: { from: "A", to: "B" }: both names are defined, so the entry would rename one connector onto the other',
    );
    expect(messages([{ from: "A", to: "B" }], ["B"], ["A", "B"])).toContain(
      'moved: { from: "A", to: "B" }: both connectors exist on the target, so the rename would collide',
    );
    // applied: only the new name is left
    expect(messages([{ from: "A", to: "B" }], ["B"], ["B"])).toStrictEqual([]);
  });
});

describe("plan: a keyed list on one side only", () => {
  it("reads a remote fields: [] against declared fields as the fields added, by name", () => {
    const wanted = bearer("A");
    const remote = { ...wanted, auth_patterns: [{ ...wanted.auth_patterns[0]!, fields: [] }] };
    const [change] = plan([defined(wanted)], [served(remote, "A:1", true)], options).changes;
    expect(change).toMatchObject({
      action: "update",
      diff: [{ op: "items", path: "auth_patterns[0].fields", added: ["token"], removed: [] }],
    });
  });
});

describe("dslShape", () => {
  it("spells a served connector the way the DSL writes it, without changing its meaning", () => {
    const payload = asana(["profile"]);
    const remote = served(payload, "MYASANA:1", true);
    const scopes = [{ scope: "profile", display_name: "profile" }];
    const bare = {
      ...remote,
      auth_patterns: [
        {
          type: "OAUTH",
          display_name: "OAuth 2.0",
          oauth_config: {
            authorize_uri: "https://app.asana.com/a",
            token_uri: "https://app.asana.com/t",
            available_scopes: scopes,
          },
          fields: null,
        },
      ],
    };
    const shaped = dslShape(bare as never);
    expect(shaped.metadata).toBeUndefined();
    expect(shaped.auth_patterns[0]).toMatchObject({
      description: "",
      fields: [],
      oauth_config: { available_scopes: [{ required: false }] },
    });
    expect(canonical(shaped)).toStrictEqual(canonical(bare as never));
  });
});
