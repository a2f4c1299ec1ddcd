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
import { noteSharedPrefix } from "./transform/path-prefix.ts";
import { platformMarker, warnPlatformAuth } from "./transform/platform.ts";
import { warnPlatformHost } from "./transform/platform-host.ts";
import { warnReading } from "./transform/reading.ts";
import { withRequiredHeaders } from "./transform/required-headers.ts";
import { chooseProxy } from "./transform/servers.ts";
import { warnTokenEndpoint } from "./transform/token-endpoint.ts";
import { warnTokenUrlDisagrees } from "./transform/token-exchange.ts";
import { chooseVerifyRequest } from "./transform/verify-request.ts";

/**
 * What the OpenAPI inference reports: the report every source gives (scripts/lib/report.ts, shared
 * with MCP discovery), plus the headers its verify request carries, when it needs any.
 */
export interface SpecInference extends Inference {
  readonly verifyHeaders?: Readonly<Record<string, string>>;
}

export function inferConnector(doc: SpecDoc, options: InferOptions = {}): SpecInference {
  const ctx = new Context(options);
  const scan = scanOperations(doc);
  const proxy = chooseProxy(doc, scan, ctx);
  const auth = withRequiredHeaders(chooseAuth(doc, scan, proxy, ctx), scan, ctx);
  warnTokenEndpoint(scan, auth.kind, proxy.credentialInUrl, ctx);
  warnTokenUrlDisagrees(scan, auth.kind, proxy, ctx);
  const marker = platformMarker(doc, scan);
  warnPlatformAuth(marker, auth.kind, ctx);
  warnConverted(doc, auth.kind, ctx);
  noteSharedPrefix(scan.paths, proxy, ctx);
  warnAuthorizeInApi(auth, proxy, scan.paths, ctx);
  const name = readName(doc, proxy.exampleHost, ctx);
  warnPlatformHost(marker, doc, name, proxy, ctx);
  const description = readDescription(doc, name, ctx);
  warnDocumentDoubts(doc, { auth, proxy }, ctx);
  warnReading(doc, ctx);
  gradeEvidence(auth, proxy, ctx);
  const verify = chooseVerifyRequest(scan, auth, proxy, ctx);
  const connector = assemble({ name, description, auth, proxy });
  return {
    connector,
    ...(verify && { verify: verify.request }),
    ...(verify && Object.keys(verify.headers).length > 0 && { verifyHeaders: verify.headers }),
    warnings: ctx.warnings,
    inferred: ctx.inferred,
  };
}

/**
 * The headers an inference's verify request carries: read from the shared report's shape, since
 * run.ts also holds MCP discovery's reports, which have none; kept only when each is text.
 */
export function verifyHeadersOf(inference: Inference): Readonly<Record<string, string>> | undefined {
  if (!("verifyHeaders" in inference)) return undefined;
  const headers = inference.verifyHeaders;
  if (typeof headers !== "object" || headers === null) return undefined;
  const entries = Object.entries(headers);
  return entries.length > 0 && entries.every(([, value]) => typeof value === "string")
    ? (headers as Readonly<Record<string, string>>)
    : undefined;
}
