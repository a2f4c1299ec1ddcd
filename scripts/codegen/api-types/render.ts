// `generate --types`: the vendor's API as openapi-typescript's `paths`, from the document the
// connector was generated from, keyed the way the tool proxy is called (proxy-paths.ts), for
// proxyClient<paths>() of connectorkit/proxy. openapi-typescript is an optional peer dependency
// of the package: only --types loads it, and says how to install it when it is missing.
import type { OpenAPI3 } from "openapi-typescript";
import type { Payload } from "../../../dsl/payload.ts";
import { printable } from "../../lib/printable.ts";
import { Context } from "../context.ts";
import { bannerLines } from "../header.ts";
import type { SpecDoc } from "../refs.ts";
import { SpecError } from "../spec-error.ts";
import { scanOperations } from "../transform/operations.ts";
import { chooseProxy } from "../transform/servers.ts";
import { credentialHeaders, withoutCredentialHeaders } from "./credential-headers.ts";
import { proxyPaths } from "./proxy-paths.ts";
import { selfContained } from "./self-contained.ts";

export interface ApiTypes {
  /** The file's text, its hash still to stamp (header.ts stampHash). */
  readonly text: string;
  /** The proxy_url the paths are relative to. */
  readonly proxyUrl: string;
  /** How many paths the types hold. */
  readonly paths: number;
  /** Document paths left out: proxy_url cannot reach them. */
  readonly dropped: readonly string[];
  /** $refs that resolve nowhere, typed `unknown`. */
  readonly unresolved: readonly string[];
}

export interface ApiTypesOptions {
  /** The banner's name for the source, as the connector's banner has it. */
  readonly source: string;
  /** --proxy-url, when given. */
  readonly proxyUrl?: string | undefined;
  /** The connector generated from the same document: its credential header is Scalekit's to send. */
  readonly connector: Payload;
}

type OpenApiTs = typeof import("openapi-typescript");

async function openapiTypescript(): Promise<OpenApiTs> {
  try {
    return await import("openapi-typescript");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new SpecError(
      "--types needs openapi-typescript, which is not installed here",
      "install it beside connectorkit: npm install --save-dev openapi-typescript@7.13.0 (with typescript 5), or leave --types out",
    );
  }
}

const listed = (items: readonly string[], max = 3) =>
  `${items.slice(0, max).join(", ")}${items.length > max ? `, and ${items.length - max} more` : ""}`;

/** The types file for `doc` (already read and inferred); SpecError when they cannot be made. */
export async function renderApiTypes(doc: SpecDoc, options: ApiTypesOptions): Promise<ApiTypes> {
  if (doc.version === "2.0") {
    throw new SpecError(
      `${doc.name} is Swagger 2.0, and openapi-typescript 7 makes types from OpenAPI 3.0 and 3.1 only; the connector was written without them`,
      "convert the document to OpenAPI 3 (swagger2openapi does) and generate from that, or leave --types out",
      "#/swagger",
    );
  }
  const { default: openapiTS, astToString } = await openapiTypescript();
  const local = await selfContained(doc);
  const proxy = chooseProxy(doc, scanOperations(doc), new Context({ proxyUrl: options.proxyUrl }));
  const relative = proxyPaths(
    withoutCredentialHeaders(local.root, credentialHeaders(options.connector)),
    proxy,
  );
  let body: string;
  try {
    // silent: its warnings are about the document's style, not about the types
    body = astToString(await openapiTS(relative.root as unknown as OpenAPI3, { silent: true }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecError(
      `openapi-typescript could not make types from ${doc.name}: ${message}; the connector was written without them`,
      "fix the document where the message points, or leave --types out",
      / at (#\/\S*)$/.exec(message)?.[1],
    );
  }
  const paths = Object.keys((relative.root.paths as object | undefined) ?? {}).length;
  const notes = [
    "",
    "The vendor's API as types (openapi-typescript), for proxyClient<paths>() of connectorkit/proxy.",
    `Paths are relative to proxy_url ${proxy.url}: each is the path the tool proxy is called with.`,
    "The credential's own header is left out of the parameters: Scalekit adds the connected account's.",
    ...(relative.dropped.length > 0
      ? [`Left out, as proxy_url cannot reach them: ${listed(relative.dropped)}.`]
      : []),
    ...(local.unresolved.length > 0
      ? [`Typed unknown, as these $refs resolve nowhere: ${listed(local.unresolved)}.`]
      : []),
  ];
  const header = [...bannerLines(options.source), ...notes]
    // document text in a comment: a line break or separator in it would end the comment
    .map((line) => (line === "" ? "//" : `// ${printable(line)}`))
    .join("\n");
  return {
    text: `${header}\n\n${body}`,
    proxyUrl: proxy.url,
    paths,
    dropped: relative.dropped,
    unresolved: local.unresolved,
  };
}
