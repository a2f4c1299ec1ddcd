// The evidence the generator weighs, on the corpus's real documents (read in place) and on them
// rewritten the ways other documents write the same facts: a scheme's share of the operations, a
// token word for a scheme's name, and a header every operation requires.
import { describe, expect, it } from "vitest";
import type { Inference } from "../../scripts/lib/report.ts";
import { corpusDoc, hasCorpus, parsed } from "./corpus-docs.ts";
import { authOf, codesOf, inferOf, type Spec } from "./spec-helpers.ts";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every Operation Object of a document, in order. */
function operationsOf(root: Spec): Spec[] {
  return Object.values((root.paths ?? {}) as Record<string, Spec>).flatMap((item) =>
    methods.flatMap((method) => (item && typeof item[method] === "object" ? [item[method] as Spec] : [])),
  );
}

const swagger = (root: Spec): boolean => root.swagger === "2.0";
/** The document's security schemes, created when absent. */
function schemesOf(root: Spec): Record<string, Spec> {
  if (swagger(root)) {
    root.securityDefinitions = (root.securityDefinitions as Spec | undefined) ?? {};
    return root.securityDefinitions as Record<string, Spec>;
  }
  const components = ((root.components as Spec | undefined) ?? {}) as Spec;
  root.components = components;
  components.securitySchemes = (components.securitySchemes as Spec | undefined) ?? {};
  return components.securitySchemes as Record<string, Spec>;
}

const whats = (inference: Inference) => inference.inferred.map((entry) => entry.what);
/** "auth X, accepted by N of M operations" → N / M. */
const share = (inference: Inference): number => {
  const match = /^auth .*, accepted by (\d+) of (\d+) operations$/.exec(
    whats(inference).find((what) => what.startsWith("auth ")) ?? "",
  );
  return match ? Number(match[1]) / Number(match[2]) : 0;
};

describe.skipIf(!hasCorpus)("corpus: a scheme's share of the operations", () => {
  it("OAuth on 39 of Discord's 242 operations is a minority, not a sliver: it stays chosen", () => {
    const inference = inferOf(corpusDoc("discord.json"));
    expect(authOf(inference).type).toBe("OAUTH");
    expect(whats(inference)).toContain(
      "auth OAUTH (OAuth2, authorizationCode), accepted by 39 of 242 operations",
    );
    expect(whats(inference)).toContainEqual(
      expect.stringMatching(/^alternative auth API_KEY \(BotToken, Authorization\), accepted by 237 of 242/),
    );
  });

  // documents whose static credential secures a third of their twenty or more operations
  const staticMain = parsed.filter(([, root]) => {
    const inference = inferOf(root);
    return authOf(inference).type !== "OAUTH" && operationsOf(root).length >= 20 && share(inference) >= 1 / 3;
  });

  it("the corpus has documents whose static credential secures most operations", () => {
    expect(staticMain.length).toBeGreaterThan(10);
  });

  it("an OAuth scheme added on one operation (a demo server's URLs) is passed over, and said so", () => {
    for (const [file, root] of staticMain) {
      const copy = structuredClone(root);
      const urls = {
        authorizationUrl: "https://demo.idp-hub.io/authorize",
        tokenUrl: "https://demo.idp-hub.io/token",
      };
      schemesOf(copy).demo_oauth = swagger(copy)
        ? { type: "oauth2", flow: "accessCode", ...urls, scopes: {} }
        : { type: "oauth2", flows: { authorizationCode: { ...urls, scopes: {} } } };
      (operationsOf(copy)[0] as Spec).security = [{ demo_oauth: [] }];
      const inference = inferOf(copy);
      expect(authOf(inference), file).toEqual(authOf(inferOf(root)));
      expect(whats(inference).join("\n"), file).toMatch(
        /alternative auth OAUTH \(demo_oauth, authorizationCode\), accepted by 1 of \d+ operations \(passed over/,
      );
    }
  });
});

const rawHint = (inference: Inference) =>
  inference.warnings.find((w) => w.code === "auth-raw-authorization")?.message ?? "";

describe.skipIf(!hasCorpus)("corpus: a token word as a scheme's name", () => {
  it.each(["calendly.json", "dynatrace.json", "workable.json"])(
    "%s names its key scheme 'API Key', words for any key: the hint stays Bearer",
    (file) => {
      expect(rawHint(inferOf(corpusDoc(file)))).toContain('if the API wants "Bearer <key>", use .bearer()');
    },
  );

  // key schemes in Authorization whose description states a one-word prefix ("SSWS ", "Klaviyo-API-Key ")
  const stated = parsed.flatMap(([file, root]): [string, Spec, string, string][] =>
    Object.entries(schemesOf(structuredClone(root))).flatMap(
      ([name, scheme]): [string, Spec, string, string][] => {
        if (scheme?.type !== "apiKey" || String(scheme.name).toLowerCase() !== "authorization") return [];
        const only = structuredClone(root);
        for (const key of Object.keys(schemesOf(only))) if (key !== name) delete schemesOf(only)[key];
        only.security = [{ [name]: [] }];
        for (const operation of operationsOf(only)) delete operation.security;
        const prefix = authOf(inferOf(only)).prefix;
        return prefix && /^[A-Za-z][\w-]* $/.test(prefix) ? [[file, only, name, prefix]] : [];
      },
    ),
  );

  it("the corpus has key schemes in Authorization whose description states a one-word prefix", () => {
    expect(stated.map(([file]) => file)).toEqual(expect.arrayContaining(["klaviyo.json", "okta.yaml"]));
  });

  it("named with the prefix instead of describing it, the warning names that prefix, not Bearer", () => {
    for (const [file, only, name, prefix] of stated) {
      const copy = structuredClone(only);
      const schemes = schemesOf(copy);
      const { description: _, ...scheme } = schemes[name] as Spec;
      delete schemes[name];
      schemes[prefix.trim()] = scheme;
      copy.security = [{ [prefix.trim()]: [] }];
      (copy.info as Spec).description = "";
      const hint = rawHint(inferOf(copy));
      expect(hint, file).toContain(
        `if the API wants "${prefix}<key>", add .mutate("api_key", { prefix: "${prefix}" })`,
      );
      expect(hint, file).not.toContain("Bearer");
    }
  });
});

const headerFields = (inference: Inference) =>
  (inference.connector.auth_patterns[0]?.fields ?? []).filter((field) => field.header_name !== undefined);

describe.skipIf(!hasCorpus)("corpus: a header every operation requires", () => {
  it("Klaviyo's revision header becomes a field with its default, and a verify request follows", () => {
    const inference = inferOf(corpusDoc("klaviyo.json"));
    expect(headerFields(inference)).toContainEqual(
      expect.objectContaining({
        header_name: "revision",
        hint: "API endpoint revision (format: YYYY-MM-DD[.suffix]); e.g. 2026-07-15",
      }),
    );
    expect(codesOf(inference)).toContain("field-fixed-header");
    expect(inference.verify).toBe("GET /api/accounts");
  });

  it("Xero's tenant header becomes a field, its stand-in example left out", () => {
    const field = headerFields(inferOf(corpusDoc("xero.yaml"))).find(
      (f) => f.header_name === "xero-tenant-id",
    );
    expect(field?.hint).toBe("Xero identifier for Tenant");
  });

  it("a version header added to every operation of every document: a field, the rest unchanged", () => {
    for (const [file, root] of parsed) {
      if (operationsOf(root).length === 0) continue;
      const copy = structuredClone(root);
      const header = swagger(copy)
        ? { name: "Acme-Trace-Version", in: "header", required: true, type: "string", default: "2024-01-01" }
        : {
            name: "Acme-Trace-Version",
            in: "header",
            required: true,
            schema: { type: "string", default: "2024-01-01" },
          };
      for (const operation of operationsOf(copy)) {
        operation.parameters = [...((operation.parameters as unknown[]) ?? []), header];
      }
      const [before, after] = [inferOf(root), inferOf(copy)];
      const field = headerFields(after).find((f) => f.header_name === "Acme-Trace-Version");
      expect(field?.hint, file).toContain("e.g. 2024-01-01");
      expect([authOf(after), after.connector.proxy_url, after.verify], file).toEqual([
        authOf(before),
        before.connector.proxy_url,
        before.verify,
      ]);
      const doubts = (inference: Inference) =>
        codesOf(inference).filter((code) => /^(auth|proxy)-/.test(code));
      expect(doubts(after), file).toEqual(doubts(before));
    }
  });
});

describe.skipIf(!hasCorpus)("corpus: the verify request skips what the document marks", () => {
  it("eBay's only GET without input is 'an experimental method': no request, and the report says why", () => {
    const inference = inferOf(corpusDoc("ebay.json"));
    expect(inference.verify).toBeUndefined();
    expect(whats(inference).find((what) => what.startsWith("no verify request"))).toContain(
      "1 is marked experimental",
    );
  });

  it("Square's chosen request is none of the operations it releases as BETA", () => {
    const root = corpusDoc("squareup.json");
    const chosen =
      inferOf(root).inferred.find((entry) => entry.what.startsWith("verify request "))?.from ?? "";
    const [, path = ""] = /^#\/paths\/([^/]+)\/get$/.exec(chosen) ?? [];
    const operation = (root.paths as Record<string, Spec>)[path.replace(/~1/g, "/").replace(/~0/g, "~")];
    expect((operation?.get as Spec | undefined)?.["x-release-status"]).toBe("PUBLIC");
  });

  const marks: [string, (operation: Spec) => void][] = [
    ["an x-beta extension", (operation) => Object.assign(operation, { "x-beta": true })],
    ["a release status of BETA", (operation) => Object.assign(operation, { "x-release-status": "BETA" })],
    ["Premium in its summary", (operation) => Object.assign(operation, { summary: "Premium: list things" })],
  ];

  it.each(marks)("the chosen operation marked by %s is no longer chosen", (_how, mark) => {
    for (const [file, root] of parsed) {
      const before = inferOf(root);
      const chosen = before.inferred.find((entry) => entry.what.startsWith("verify request "))?.from;
      if (!chosen) continue;
      const copy = structuredClone(root);
      const [, path = ""] = /^#\/paths\/([^/]+)\/get$/.exec(chosen) ?? [];
      mark((copy.paths as Record<string, Spec>)[path.replace(/~1/g, "/").replace(/~0/g, "~")]?.get as Spec);
      const after = inferOf(copy).inferred.find((entry) => entry.what.startsWith("verify request "))?.from;
      expect(after, file).not.toBe(chosen);
    }
  });
});

describe.skipIf(!hasCorpus)("corpus: the verify request carries the headers it requires", () => {
  it("PagerDuty's /users/me requires its versioned Accept header: the request carries it", () => {
    const inference = inferOf(corpusDoc("pagerduty.json"));
    expect(inference.verify).toBe("GET /users/me");
    expect(inference.verifyHeaders).toMatchObject({ Accept: "application/vnd.pagerduty+json;version=2" });
  });

  it("a header with one allowed value, required by the chosen operation, joins its request", () => {
    for (const [file, root] of parsed) {
      const before = inferOf(root);
      const chosen = before.inferred.find((entry) => entry.what.startsWith("verify request "))?.from;
      if (!chosen) continue;
      const copy = structuredClone(root);
      const [, path = ""] = /^#\/paths\/([^/]+)\/get$/.exec(chosen) ?? [];
      const operation = (copy.paths as Record<string, Spec>)[path.replace(/~1/g, "/").replace(/~0/g, "~")]
        ?.get as Spec;
      const header = swagger(copy)
        ? { name: "Acme-Trace", in: "header", required: true, type: "string", enum: ["on"] }
        : { name: "Acme-Trace", in: "header", required: true, schema: { type: "string", enum: ["on"] } };
      operation.parameters = [...((operation.parameters as unknown[]) ?? []), header];
      const after = inferOf(copy);
      expect([after.verify, after.verifyHeaders], file).toEqual([
        before.verify,
        { ...before.verifyHeaders, "Acme-Trace": "on" },
      ]);
    }
  });
});

describe.skipIf(!hasCorpus)("corpus: a path parameter that takes `me` for the caller", () => {
  const identities: [string, string][] = [
    ["asana.yaml", "GET /users/me"],
    ["google-mail.json", "GET /gmail/v1/users/me/profile"],
    ["zoom.json", "GET /users/me"],
    ["squareup.json", "GET /v2/merchants/me"],
  ];
  const quotedMe = /["'`\u201c]\s*me\s*["'`\u201d]/i;

  /** Every path parameter of the document (inline or in components) whose description quotes me. */
  function selfParameters(root: Spec): Spec[] {
    const found: Spec[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) for (const item of value) walk(item);
      else if (value && typeof value === "object") {
        const node = value as Spec;
        if (node.in === "path" && typeof node.description === "string" && quotedMe.test(node.description))
          found.push(node);
        for (const child of Object.values(node)) walk(child);
      }
    };
    walk(root);
    return found;
  }

  it.each(identities)("%s: filled with me, the identity call is the request", (file, request) => {
    expect(inferOf(corpusDoc(file)).verify).toBe(request);
  });

  it.each(identities)("%s: said as the parameter's default instead, the same request", (file, request) => {
    const copy = structuredClone(corpusDoc(file));
    for (const parameter of selfParameters(copy)) {
      parameter.description = "The user's id.";
      delete parameter.example;
      if (parameter.schema) (parameter.schema as Spec).default = "me";
      else parameter.default = "me";
    }
    expect(inferOf(copy).verify).toBe(request);
  });

  it.each(identities)("%s: not said at all, no request fills in me", (file) => {
    const copy = structuredClone(corpusDoc(file));
    for (const parameter of selfParameters(copy)) {
      parameter.description = "The user's id.";
      // Asana's also gives it as the example
      delete parameter.example;
    }
    expect(inferOf(copy).verify ?? "").not.toMatch(/\/me\b/);
  });
});

if (!hasCorpus) {
  it.skip("corpus readings: ../shared/corpus is absent, so these tests are skipped", () => {});
}
