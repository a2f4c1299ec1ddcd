// A parsed spec → the connector and what the user should know: the transform pipeline, run once
// per spec. Each transform reads one part of the document and reports through the Context.
import type { Inference } from "../lib/report.ts";
import { assemble } from "./assemble.ts";
import { Context, type InferOptions } from "./context.ts";
import type { SpecDoc } from "./refs.ts";
import { chooseAuth } from "./transform/auth-choice.ts";
import { warnAuthorizeInApi } from "./transform/authorize-url.ts";
import { warnConverted } from "./transform/converted.ts";
import { warnDocumentDoubts } from "./transform/document-doubts.ts";
import { gradeEvidence } from "./transform/evidence-grade.ts";
import { readDescription, readName } from "./transform/info.ts";
import { scanOperations } from "./transform/operations.ts";
import { warnSharedPrefix } from "./transform/path-prefix.ts";
import { platformMarker, warnPlatformAuth } from "./transform/platform.ts";
import { chooseProxy } from "./transform/servers.ts";
import { warnTokenEndpoint } from "./transform/token-endpoint.ts";
import { warnTokenUrlDisagrees } from "./transform/token-exchange.ts";
import { chooseVerifyRequest } from "./transform/verify-request.ts";

export function inferConnector(doc: SpecDoc, options: InferOptions = {}): Inference {
  const ctx = new Context(options);
  if (doc.repairedLines.length > 0) {
    ctx.warn(
      "spec-yaml-repaired",
      `closing brackets on YAML line(s) ${doc.repairedLines.join(", ")} were indented so the spec parses; fix them in the spec`,
      "#",
    );
  }
  const lenient = doc.lenientLines ?? [];
  if (lenient.length > 0) {
    const shown = lenient.length > 10 ? `${lenient.slice(0, 10).join(", ")} …` : lenient.join(", ");
    ctx.warn(
      "spec-yaml-lenient",
      `quoted values continue at column 0 (or less indented than their key) on YAML line(s) ${shown}, which YAML 1.2 forbids; they were read as common YAML readers read them (as if indented), so check those values, and indent them in the spec`,
      "#",
    );
  }
  if (doc.duplicateKeyLine !== undefined) {
    ctx.warn(
      "spec-yaml-lenient",
      `a YAML mapping repeats a key (first at line ${doc.duplicateKeyLine}), which YAML forbids; the last value was kept, as common YAML readers keep it, so check that key and remove the repeat in the spec`,
      "#",
    );
  }
  const scan = scanOperations(doc);
  const proxy = chooseProxy(doc, scan, ctx);
  const auth = chooseAuth(doc, scan, proxy, ctx);
  warnTokenEndpoint(scan, auth.kind, proxy.credentialInUrl, ctx);
  warnTokenUrlDisagrees(scan, auth.kind, proxy, ctx);
  warnPlatformAuth(platformMarker(doc, scan), auth.kind, ctx);
  warnConverted(doc, auth.kind, ctx);
  warnSharedPrefix(scan.paths, proxy, ctx);
  warnAuthorizeInApi(auth, proxy, scan.paths, ctx);
  const name = readName(doc, proxy.exampleHost, ctx);
  const description = readDescription(doc, name, ctx);
  warnDocumentDoubts(doc, ctx);
  warnRefused(doc, ctx);
  gradeEvidence(auth, proxy, ctx);
  const verify = chooseVerifyRequest(scan, auth, proxy, ctx);
  const connector = assemble({ name, description, auth, proxy });
  return {
    connector,
    ...(verify && { verify: verify.request }),
    warnings: ctx.warnings,
    inferred: ctx.inferred,
  };
}

/** $refs the document may not follow (reach.ts), met anywhere inference looked. */
function warnRefused(doc: SpecDoc, ctx: Context): void {
  for (const [ref, why] of doc.refs.refused) {
    ctx.warn("spec-ref-refused", `$ref "${ref}" was not followed: ${why}`, "#");
  }
}
