/**
 * Security Requirement Objects (OpenAPI 3.x §4.8.30) → the connector's auth: every alternative the
 * operations accept (schemes combined with AND become one credential plus header fields), ranked
 * for end users; the rest are reported as alternatives.
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import type { Context } from "../context.ts";
import { isObj, type SpecDoc } from "../refs.ts";
import { evidenceAuth } from "./auth-evidence.ts";
import type { AuthCandidate, AuthPlan, HeaderFieldPlan, PlanNote } from "./auth-plan.ts";
import { mapScheme, type SchemeMapping, type ServerBase } from "./auth-schemes.ts";
import { isTestServer } from "./host-words.ts";
import type { OperationScan } from "./operations.ts";
import { readSecuritySchemes, type Scheme } from "./security-schemes.ts";

const secretScore = (text: string): number =>
  (/secret|password/i.test(text) ? 3 : 0) +
  (/key|token/i.test(text) ? 2 : 0) -
  (/(^|[-_ ])id$|app(lication)?[-_ ]?id|client|user|account|code/i.test(text) ? 3 : 0);

const credentialText = (scheme: Scheme): string =>
  scheme.kind === "apiKey" ? `${scheme.param} ${scheme.name}` : scheme.name;

/** One alternative of a requirement (several schemes together) as a candidate. */
function combine(
  names: readonly string[],
  schemes: Map<string, Scheme>,
  scan: OperationScan,
  server: ServerBase,
  about: string,
  usage: number,
): AuthCandidate | undefined {
  const mapped = names.flatMap((name) => {
    const scheme = schemes.get(name);
    const mapping = scheme && mapScheme(scheme, scan, server, about);
    return scheme && mapping ? [{ scheme, mapping }] : [];
  });
  if (mapped.length === 0) return undefined;
  // the credential: OAuth if present, else the most secret-looking key
  const main = [...mapped].sort((a, b) => {
    const oauth = Number(b.mapping.kind.type === "OAUTH") - Number(a.mapping.kind.type === "OAUTH");
    return (
      oauth ||
      secretScore(credentialText(b.scheme)) - secretScore(credentialText(a.scheme)) ||
      b.mapping.rank - a.mapping.rank
    );
  })[0] as { scheme: Scheme; mapping: SchemeMapping };
  const headers: HeaderFieldPlan[] = [];
  const notes: PlanNote[] = [...main.mapping.notes];
  for (const { scheme, mapping } of mapped) {
    if (scheme === main.scheme) continue;
    if (scheme.kind === "apiKey" && scheme.in === "header") {
      headers.push({
        header: scheme.param,
        secret: /key|token|secret|password/i.test(scheme.param),
        pointer: scheme.pointer,
      });
    } else if (mapping.kind.type !== main.mapping.kind.type || mapping.kind.type !== "OAUTH") {
      notes.push({
        code: "auth-combined",
        message: `operations also require "${scheme.name}" together with "${main.scheme.name}"; the connector cannot send both`,
        pointer: scheme.pointer,
      });
    }
  }
  const extra = headers.length > 0 ? ` + header ${headers.map((h) => h.header).join(", ")}` : "";
  const unexplained = main.mapping.kind.type !== "OAUTH" && main.scheme.description.trim() === "";
  const plan: AuthPlan = {
    kind: main.mapping.kind,
    headers,
    scheme: main.scheme.name,
    label: `${main.mapping.label}${extra}`,
    pointer: main.scheme.pointer,
    notes,
    ...(unexplained && { unexplained }),
  };
  return { plan, rank: main.mapping.rank - (mapped.length > 1 ? 1 : 0), usage };
}

const hostOf = (url: string): string => /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";

/** OAuth whose endpoints or scheme name are for a sandbox or test environment ("oauth_sandbox"). */
const forTesting = (candidate: AuthCandidate): boolean => {
  const { kind, scheme } = candidate.plan;
  if (kind.type !== "OAUTH") return false;
  return isTestServer(hostOf(kind.authorizeUri), scheme ?? "") || isTestServer(hostOf(kind.tokenUri), "");
};

/**
 * The candidates best first. A scheme on a sliver of the operations (a tenth as many as another
 * that secures a third of them or more) ranks below the rest, whatever its kind: a document's
 * main credential is the one most operations take. Among schemes of one rank, the production
 * one: documents often list a sandbox OAuth scheme first.
 */
function rankCandidates(candidates: readonly AuthCandidate[], operations: number): AuthCandidate[] {
  const most = Math.max(0, ...candidates.map((c) => c.usage));
  const sliver = (c: AuthCandidate): boolean => most * 3 >= operations && c.usage * 10 <= most;
  return [...candidates].sort(
    (a, b) =>
      Number(b.usage > 0) - Number(a.usage > 0) || Number(sliver(a)) - Number(sliver(b)) || better(a, b),
  );
}

const better = (a: AuthCandidate, b: AuthCandidate): number =>
  b.rank - a.rank || Number(forTesting(a)) - Number(forTesting(b)) || b.usage - a.usage;

const coverage = (candidate: AuthCandidate, operations: number): string =>
  candidate.usage > 0
    ? `, accepted by ${candidate.usage} of ${operations} operations`
    : ", used by no operation";

export function chooseAuth(
  doc: SpecDoc,
  scan: OperationScan,
  server: ServerBase & { readonly credentialInUrl: boolean },
  ctx: Context,
): AuthPlan {
  const schemes = readSecuritySchemes(doc, ctx);
  const info = isObj(doc.root.info) ? doc.root.info : {};
  const about = typeof info.description === "string" ? info.description : "";
  const candidates: AuthCandidate[] = [];
  const used = new Set<string>();
  for (const requirement of scan.requirements.values()) {
    for (const name of requirement.schemes) {
      used.add(name);
      if (!schemes.has(name)) {
        ctx.warn(
          "auth-undefined-scheme",
          `a security requirement names "${name}", which is not declared`,
          requirement.pointer,
        );
      }
    }
    const candidate = combine(requirement.schemes, schemes, scan, server, about, requirement.count);
    if (candidate) candidates.push(candidate);
  }
  for (const name of schemes.keys()) {
    if (used.has(name)) continue;
    const candidate = combine([name], schemes, scan, server, about, 0);
    if (candidate) candidates.push(candidate);
  }
  for (const scheme of schemes.values()) {
    if (scheme.kind === "other") {
      ctx.warn(
        "auth-unsupported-scheme",
        `"${scheme.name}" is a ${scheme.type || "typeless"} scheme, which a connector cannot use`,
        scheme.pointer,
      );
    }
  }
  const ranked = rankCandidates(dedupe(candidates), scan.operations);
  const chosen = ranked[0];
  if (!chosen) return evidenceAuth(doc, scan, server.credentialInUrl, ctx);
  for (const note of chosen.plan.notes) {
    if (note.level === "infer") ctx.infer(note.message, note.pointer);
    else ctx.warn(note.code, note.message, note.pointer);
  }
  if (forTesting(chosen)) {
    ctx.warn(
      "auth-test-server",
      `the OAuth endpoints of "${chosen.plan.scheme}" are for a sandbox or test environment; credentials and OAuth apps often differ in production, so check the production OAuth URLs`,
      chosen.plan.pointer,
    );
  }
  if (chosen.usage === 0) {
    ctx.warn(
      "auth-unused-scheme",
      `no operation's security requirement uses "${chosen.plan.label}"; it is assumed to apply, so check in the vendor's auth docs that the API accepts it`,
      chosen.plan.pointer,
    );
  }
  ctx.infer(`auth ${chosen.plan.label}${coverage(chosen, scan.operations)}`, chosen.plan.pointer);
  for (const other of ranked.slice(1)) {
    // one its kind would have put first, passed over for securing only a sliver of the operations
    const passed =
      other.usage > 0 && better(other, chosen) < 0 ? " (passed over: it secures a sliver of them)" : "";
    ctx.infer(
      `alternative auth ${other.plan.label}${coverage(other, scan.operations)}${passed}`,
      other.plan.pointer,
    );
  }
  return chosen.plan;
}

function dedupe(candidates: AuthCandidate[]): AuthCandidate[] {
  const byLabel = new Map<string, AuthCandidate>();
  for (const candidate of candidates) {
    const known = byLabel.get(candidate.plan.label);
    if (!known || better(candidate, known) < 0) byLabel.set(candidate.plan.label, candidate);
  }
  return [...byLabel.values()];
}
