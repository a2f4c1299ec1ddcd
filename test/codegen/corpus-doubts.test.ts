// Which parts a doubt about the whole document reaches, on the corpus's real documents (read in
// place) and on them rewritten: servers for testing, no server, a title naming a part of the API,
// no word about auth, a connector definition for another platform, and a title naming the vendor.
import { describe, expect, it } from "vitest";
import type { Inference } from "../../scripts/lib/report.ts";
import { corpusDoc, hasCorpus, parsed } from "./corpus-docs.ts";
import { authOf, codesOf, inferOf, type Spec } from "./spec-helpers.ts";

const codes = (file: string) => codesOf(inferOf(corpusDoc(file)));
const doubtsOf = (inference: Inference, part: "auth" | "proxy") =>
  codesOf(inference).filter((code) => code.startsWith(`${part}-`));

const real: [string, string, { has: string[]; not: string[] }][] = [
  [
    "adyen.json",
    "a test server with an API key: the key is sent the same way",
    { has: ["proxy-test-server"], not: ["auth-test-server"] },
  ],
  [
    "egnyte.json",
    "a regional host with OAuth: its URLs may be the region's",
    { has: ["proxy-regional-host", "auth-test-server"], not: [] },
  ],
  [
    "getty-images.json",
    "no server, OAuth: its URLs cannot be checked against a host",
    { has: ["proxy-host-from-text", "auth-no-server"], not: [] },
  ],
  [
    "elevenlabs.json",
    "no server, a key header: nothing to check against a host",
    { has: ["proxy-host-from-text"], not: ["auth-no-server"] },
  ],
  [
    "personio.yaml",
    "'Personnel Data', with a bearer scheme that says nothing of its token",
    { has: ["name-not-vendor", "auth-partial-document"], not: ["proxy-partial-document"] },
  ],
  [
    "ebay.json",
    "'Browse', with proxy_url under /buy/browse/v1",
    { has: ["name-not-vendor", "proxy-partial-document"], not: ["auth-partial-document"] },
  ],
  [
    "1password-events.json",
    "'Events', with a described token on a bare host",
    { has: ["name-not-vendor"], not: ["auth-partial-document", "proxy-partial-document"] },
  ],
  [
    "github.json",
    "no security, but 1,308 bearer words",
    { has: ["auth-no-security"], not: ["proxy-no-security"] },
  ],
  [
    "survey-monkey.json",
    "no security and not a word about auth",
    { has: ["auth-no-security", "proxy-no-security"], not: [] },
  ],
  [
    "mandrill.json",
    "'Mailchimp Transactional' on mandrillapp.com, its contact at mailchimp.com",
    { has: [], not: ["name-not-vendor"] },
  ],
  [
    "airtable.json",
    "a connector definition on api.airtable.com",
    { has: ["auth-connector-definition"], not: ["proxy-connector-definition"] },
  ],
  [
    "woocommerce.json",
    "a connector definition under a path naming Power Automate",
    { has: ["proxy-connector-definition"], not: [] },
  ],
];

describe.skipIf(!hasCorpus)("corpus: the parts a doubt reaches", () => {
  it.each(real)("%s: %s", (file, _why, { has, not }) => {
    const found = codes(file);
    for (const code of has) expect(found).toContain(code);
    for (const code of not) expect(found).not.toContain(code);
  });

  // documents whose proxy_url is a concrete host the document declares as production
  const concrete = parsed.filter(([, root]) => {
    const inference = inferOf(root);
    return !inference.connector.proxy_url.includes("{{") && doubtsOf(inference, "proxy").length === 0;
  });

  /** The document with every server URL (root, path item, operation; a Swagger host) rewritten. */
  function withServers(root: Spec, rewrite: (url: string) => string): Spec {
    const copy = structuredClone(root);
    if (typeof copy.host === "string") copy.host = rewrite(`https://${copy.host}`).replace(/^https:\/\//, "");
    const move = (holder: Spec) => {
      if (!Array.isArray(holder.servers)) return;
      holder.servers = (holder.servers as Spec[]).map((s) => ({ ...s, url: rewrite(String(s.url)) }));
    };
    move(copy);
    for (const item of Object.values((copy.paths ?? {}) as Record<string, Spec>)) {
      move(item);
      for (const operation of Object.values(item))
        if (operation && typeof operation === "object") move(operation as Spec);
    }
    return copy;
  }
  const onSandbox = (root: Spec) => withServers(root, (url) => url.replace("://", "://sandbox."));

  it("the corpus has OAuth and static-credential documents on a sure production host", () => {
    const kinds = concrete.map(([, root]) => authOf(inferOf(root)).type);
    expect(kinds.filter((kind) => kind === "OAUTH").length).toBeGreaterThan(8);
    expect(kinds.filter((kind) => kind !== "OAUTH").length).toBeGreaterThan(8);
  });

  it("moved to a sandbox host: OAuth URLs are in doubt too, a key or token is not", () => {
    for (const [file, root] of concrete) {
      const inference = inferOf(onSandbox(root));
      expect(codesOf(inference), file).toContain("proxy-test-server");
      const oauth = authOf(inference).type === "OAUTH";
      expect(codesOf(inference).includes("auth-test-server"), file).toBe(oauth);
    }
  });

  const definitions = parsed.filter(([, root]) => {
    const inference = inferOf(root);
    return (
      codesOf(inference).includes("auth-connector-definition") && doubtsOf(inference, "proxy").length === 0
    );
  });

  it("the corpus has connector definitions on their vendors' own hosts", () => {
    expect(definitions.length).toBeGreaterThan(4);
  });

  it("moved to a host that does not carry the vendor's name, a connector definition's proxy_url is in doubt", () => {
    for (const [file, root] of definitions) {
      const copy = structuredClone(root);
      copy.host = "connect.hub-works.io";
      const warning = inferOf(copy).warnings.find((w) => w.code === "proxy-connector-definition");
      expect(warning?.message, file).toContain("connect.hub-works.io does not carry the vendor's name");
    }
  });

  // documents on a concrete host whose title names the host's vendor
  const named = concrete.filter(([, root]) => {
    const inference = inferOf(root);
    const host = /^https:\/\/([^/]+)/.exec(inference.connector.proxy_url)?.[1] ?? "";
    const label = host.split(".").at(-2) ?? "";
    const fromTitle = !codesOf(inference).includes("name-from-host");
    return (
      fromTitle &&
      label.length >= 4 &&
      inference.connector.display_name.toLowerCase().includes(label.toLowerCase())
    );
  });

  it("the corpus has documents whose title names the vendor its host names", () => {
    expect(named.length).toBeGreaterThan(10);
  });

  it("on a neutral host, the title still names the vendor when the contact's site does, and only then", () => {
    for (const [file, root] of named) {
      const host = /^https:\/\/([^/]+)/.exec(inferOf(root).connector.proxy_url)?.[1] ?? "";
      const label = host.split(".").at(-2) ?? "";
      const copy = withServers(root, (url) =>
        url.replace(/^(https?:)?\/\/[^/]+/, "https://api.hub-works.net"),
      );
      delete copy["x-ms-connector-metadata"];
      const info = copy.info as Spec;
      copy.info = { title: info.title, version: info.version };
      expect(codesOf(inferOf(copy)), file).toContain("name-not-vendor");
      copy.info = { ...(copy.info as Spec), contact: { email: `support@${label}.com` } };
      expect(codesOf(inferOf(copy)), file).not.toContain("name-not-vendor");
    }
  });
});

const recorded: [string, string, "auth" | "proxy", string][] = [
  [
    "jira.json",
    "a placeholder host (your-domain.atlassian.net) and a base every path shares",
    "proxy",
    "placeholder host your-domain.atlassian.net",
  ],
  [
    "vimeo.yaml",
    "OAuth URLs relative to its server",
    "auth",
    "authorization URL /oauth/authorize resolved against the server",
  ],
  [
    "asana.yaml",
    "scopes the operations require and the scheme does not declare",
    "auth",
    "required by operations, not declared by",
  ],
];

describe.skipIf(!hasCorpus)("corpus: readings recorded, not warned", () => {
  it.each(recorded)("%s: %s", (file, _what, part, note) => {
    const inference = inferOf(corpusDoc(file));
    expect(doubtsOf(inference, part)).toEqual([]);
    expect(inference.inferred.map((entry) => entry.what).join("\n")).toContain(note);
  });

  const schemesOf = (root: Spec) =>
    ((root.components as Spec | undefined)?.securitySchemes ?? root.securityDefinitions) as
      | Record<string, Spec>
      | undefined;
  /** The declared scheme the chosen auth comes from: "auth API_KEY (name, …)". */
  const chosenScheme = (root: Spec, inference: Inference): Spec | undefined => {
    const name = /^auth \S+ \(([^,)]+)/.exec(
      inference.inferred.find((entry) => entry.what.startsWith("auth "))?.what ?? "",
    )?.[1];
    return name === undefined ? undefined : schemesOf(root)?.[name];
  };

  // documents whose chosen credential is a key or token from a declared scheme
  const keyed = parsed.filter(([, root]) => {
    const inference = inferOf(root);
    return authOf(inference).type !== "OAUTH" && chosenScheme(root, inference) !== undefined;
  });

  it("the corpus has documents whose credential is a key or token from a declared scheme", () => {
    expect(keyed.length).toBeGreaterThan(15);
  });

  it("retitled for a part of the API, the auth is in doubt exactly when its scheme leaves it unexplained", () => {
    let checked = 0;
    for (const [file, root] of keyed) {
      const copy = structuredClone(root);
      copy.info = { ...(copy.info as Spec), title: "Orders" };
      delete (copy.info as Spec)["x-providerName"];
      const inference = inferOf(copy);
      if (!codesOf(inference).includes("name-not-vendor")) continue;
      const described = String(chosenScheme(copy, inference)?.description ?? "").trim() !== "";
      expect(codesOf(inference).includes("auth-partial-document"), file).toBe(!described);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

if (!hasCorpus) {
  it.skip("corpus doubts: ../shared/corpus is absent, so these tests are skipped", () => {});
}
