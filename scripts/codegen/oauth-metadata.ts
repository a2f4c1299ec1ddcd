/**
 * --check-oauth: compares an OAuth connector's URLs with the authorization server metadata the
 * provider publishes at their origin (RFC 8414, or OpenID Connect Discovery). A document can be
 * dated or converted; the metadata is the provider's current word. The document's URLs are kept
 * either way, since metadata may describe another flow (sign-in only), so a difference is a
 * warning. Fetching goes through MCP discovery's HTTP layer: deadlines, size cap, https only.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
import type { Inference, Inferred, Warning } from "../lib/report.ts";
import type { WarningCode } from "../lib/warning-codes.ts";
import { authorizationServerMetadataUrls } from "../mcp/authorization-server.ts";
import type { HttpContext } from "../mcp/http.ts";
import { fetchMetadata } from "../mcp/metadata.ts";

const what = "authorization server metadata";

interface Published {
  readonly url: URL;
  readonly authorize: string;
  readonly token: string;
}

/** Why a metadata URL gave nothing: `failed` when it could not be asked, not when it answered no. */
interface Miss {
  readonly text: string;
  readonly failed: boolean;
}

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);

/** The first usable metadata document for the issuer `origin`, or why there is none. */
async function metadataAt(origin: URL, http: HttpContext): Promise<Published | Miss[]> {
  const misses: Miss[] = [];
  for (const url of authorizationServerMetadataUrls(origin)) {
    const miss = (text: string) => misses.push({ text: `${url.href}: ${text}`, failed: false });
    try {
      const fetched = await fetchMetadata(url, what, http);
      if (!fetched.found) {
        miss(fetched.reason);
        continue;
      }
      const { issuer, authorization_endpoint: authorize, token_endpoint: token } = fetched.document;
      // RFC 8414 §3.3: metadata for another issuer says nothing about this one
      if (typeof issuer !== "string" || !URL.canParse(issuer) || new URL(issuer).origin !== origin.origin) {
        miss(`names issuer ${JSON.stringify(issuer) ?? "nothing"}`);
        continue;
      }
      if (typeof authorize !== "string" || typeof token !== "string") {
        miss("lacks authorization_endpoint or token_endpoint");
        continue;
      }
      return { url, authorize, token };
    } catch (error) {
      // the check is advice: a host that cannot be reached is reported, not fatal, and not asked again
      misses.push({ text: firstLine(error), failed: true });
      break;
    }
  }
  return misses;
}

const same = (a: string, b: string): boolean => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

/** The inference with what the provider's metadata says about its OAuth URLs added. */
export async function checkOAuthMetadata(inference: Inference, http: HttpContext): Promise<Inference> {
  const config = inference.connector.auth_patterns[0]?.oauth_config;
  const authorize = config?.authorize_uri;
  const token = config?.token_uri;
  if (!authorize || !token) return inference;
  const warnings: Warning[] = [...inference.warnings];
  const warn = (code: WarningCode, message: string, pointer: string) =>
    warnings.push({ code, message, pointer });
  const inferred: Inferred[] = [...inference.inferred];
  const done = () => ({ ...inference, warnings, inferred });
  const urls = [authorize, token];
  if (urls.some((url) => url.includes("{{") || !URL.canParse(url))) {
    inferred.push({
      what: "OAuth metadata not checked: the URLs depend on each tenant's host",
      from: authorize,
    });
    return done();
  }
  const origins = [...new Set(urls.map((url) => new URL(url).origin))];
  const misses: Miss[] = [];
  for (const origin of origins) {
    const found = await metadataAt(new URL(origin), http);
    if (Array.isArray(found)) {
      misses.push(...found);
      continue;
    }
    if (same(found.authorize, authorize) && same(found.token, token)) {
      inferred.push({
        what: "authorize_uri and token_uri match the provider's OAuth metadata",
        from: found.url.href,
      });
    } else {
      warn(
        "auth-metadata-differs",
        `the provider's OAuth metadata lists authorization_endpoint ${found.authorize} and token_endpoint ${found.token}, not the document's ${authorize} and ${token}; the document may be dated, or the metadata may describe another flow (such as sign-in only), so check which one issues the API's access tokens`,
        found.url.href,
      );
    }
    return done();
  }
  const listed = misses.map((miss) => miss.text).join("; ");
  if (misses.some((miss) => miss.failed)) {
    warn(
      "auth-metadata-unchecked",
      `the provider's OAuth metadata could not be read (${listed}); the URLs are the document's, unchecked`,
      origins[0] ?? authorize,
    );
  } else {
    inferred.push({ what: `no OAuth metadata published (${listed})`, from: origins[0] ?? authorize });
  }
  return done();
}
