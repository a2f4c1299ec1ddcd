// The printed plan (cdk-diff style tree), its JSON form, field diffs and colour rules.
import { describe, expect, it } from "vitest";
import { connector } from "../../dsl/index.ts";
import type { Payload } from "../../dsl/payload.ts";
import { canonical } from "../../scripts/sync/connector/canonical.ts";
import { diffConnectors } from "../../scripts/sync/connector/diff.ts";
import { formatPlan, planJson, summaryLine } from "../../scripts/sync/format-plan.ts";
import { Collector, colorsFor } from "../../scripts/sync/output.ts";
import { type Definition, plan } from "../../scripts/sync/plan.ts";
import { served } from "./helpers.ts";

const plain = colorsFor(new Collector(false), {});
const oauth = (name: string, scopes: readonly string[], description = "d"): Payload =>
  scopes
    .reduce(
      (draft, scope) => draft.scope(scope),
      connector(name as "N")
        .description(description)
        .oauth({ authorizeUri: "https://id.example.com/a", tokenUri: "https://id.example.com/t" }),
    )
    .proxy("https://api.example.com")
    .payload();
const bearer = (name: string): Payload =>
  connector(name as "N")
    .bearer()
    .proxy("https://api.example.com")
    .payload();
const defined = (payload: Payload): Definition => ({
  display_name: payload.display_name,
  payload,
  source: "x.ts",
});

describe("formatPlan", () => {
  it("prints create, update tree with hazards, delete, unchanged, unmanaged and the summary", () => {
    const result = plan(
      [
        defined(bearer("Alpha")),
        defined(oauth("Beta", ["profile", "email"], "new text")),
        defined(bearer("Gamma")),
      ],
      [
        served(oauth("Beta", ["profile"], "old text"), "BETA:1", true),
        served(bearer("Gamma"), "GAMMA:1", true),
        served(bearer("Old"), "OLD:1", true),
        served(bearer("Theirs"), "THEIRS:1", false),
      ],
      { prune: true, adopt: false, allowReplace: false },
    );
    const out = new Collector();
    formatPlan(result, out, plain);
    expect(out.text).toMatchInlineSnapshot(`
      "[+] Alpha
          ⚠ looks like a rename of "Old": to keep its identifier and connections, add moved: [{ from: "Old", to: "Alpha" }] to connectorkit.config.ts
      [~] Beta  BETA:1
       ├─ [~] description: "old text" → "new text"
       └─ [~] auth_patterns[0].oauth_config.available_scopes: + "email"
          ⚠ scopes added ("email"): connected accounts must reauthorize to grant them
          ⚠ existing connections may need recreating to pick up the new auth settings
      = Gamma
      [-] Old  OLD:1  destroy
      · Theirs  THEIRS:1  not managed by connectorkit; left untouched
      ⚠ 1 delete planned: a delete removes the connector's connection first; one with connected accounts is refused

      1 to create, 1 to update, 1 to delete (1 unchanged).
      "
    `);
  });

  it("says No changes. when there is nothing to write", () => {
    const result = plan([defined(bearer("Alpha"))], [served(bearer("Alpha"), "ALPHA:1", true)], {
      prune: false,
      adopt: false,
      allowReplace: false,
    });
    expect(summaryLine(result)).toBe("No changes.");
  });

  it("prints blockers with their fix", () => {
    const result = plan([defined(bearer("Alpha"))], [served(bearer("Alpha"), "ALPHA:7", false)], {
      prune: false,
      adopt: false,
      allowReplace: false,
    });
    const out = new Collector();
    formatPlan(result, out, plain);
    expect(out.text).toContain(
      "[!] Alpha  ALPHA:7  blocked\n    ✖ a connector with this name exists but connectorkit did not create it (x.ts)\n    → pass --adopt",
    );
    expect(out.text).toContain("1 blocked; apply changes nothing until it is resolved");
  });

  it("gives the plan as data, with the exact bodies apply would send", () => {
    const result = plan([defined(bearer("Alpha"))], [served(bearer("Old"), "OLD:1", true)], {
      prune: true,
      adopt: false,
      allowReplace: false,
      allowDeleteAll: true,
    });
    const data = planJson(result, { kind: "embedded" }) as Record<string, unknown>;
    expect(Object.keys(data)).toStrictEqual([
      "target",
      "summary",
      "changes",
      "connections",
      "notes",
      "skipped",
      "blockers",
    ]);
    expect(data.summary).toStrictEqual({
      create: 1,
      update: 0,
      replace: 0,
      delete: 1,
      unchanged: 0,
      blocked: 0,
      connections: { create: 0, update: 0, delete: 0, unchanged: 0 },
    });
    expect(data.changes).toMatchObject([
      {
        action: "create",
        display_name: "Alpha",
        payload: { metadata: { managed_by: "connectorkit" }, icon_src: "" },
      },
      { action: "delete", display_name: "Old", identifier: "OLD:1", reason: "no definition" },
    ]);
  });
});

describe("diffConnectors", () => {
  it("reports keyed lists by key and reorderings separately", () => {
    const before = canonical(oauth("A", ["a", "b", "c"]));
    expect(diffConnectors(before, canonical(oauth("A", ["a", "c", "d"])))).toStrictEqual([
      { op: "items", path: "auth_patterns[0].oauth_config.available_scopes", added: ["d"], removed: ["b"] },
    ]);
    expect(diffConnectors(before, canonical(oauth("A", ["c", "b", "a"])))).toStrictEqual([
      {
        op: "order",
        path: "auth_patterns[0].oauth_config.available_scopes",
        before: ["a", "b", "c"],
        after: ["c", "b", "a"],
      },
    ]);
  });

  it("reports a changed field inside a keyed item by its key", () => {
    const before = canonical(
      connector("A")
        .bearer({ token: { label: "Token" } })
        .proxy("https://a.example.com")
        .payload(),
    );
    const after = canonical(
      connector("A")
        .bearer({ token: { label: "Key" } })
        .proxy("https://a.example.com")
        .payload(),
    );
    expect(diffConnectors(before, after)).toStrictEqual([
      { op: "change", path: 'auth_patterns[0].fields["token"].label', before: "Token", after: "Key" },
    ]);
  });
});

describe("colorsFor", () => {
  it("colours only a terminal, never with NO_COLOR, always with FORCE_COLOR", () => {
    const tty = new Collector(true);
    expect(colorsFor(tty, {}).red("x")).not.toBe("x");
    expect(colorsFor(tty, { NO_COLOR: "1" }).red("x")).toBe("x");
    expect(colorsFor(new Collector(false), {}).red("x")).toBe("x");
    expect(colorsFor(new Collector(false), { FORCE_COLOR: "1" }).red("x")).not.toBe("x");
  });
});
