// proxyClient: an openapi-fetch client, typed by the vendor's own OpenAPI document (generate
// --types), whose calls go to the vendor through Scalekit's tool proxy (scalekit-api.md §9.3) for
// one connected account. openapi-fetch builds each request from the types; its fetch is replaced
// by one that sends the request through the Scalekit client's proxyRequest, bytes both
// ways, so the application never holds a vendor credential. The vendor's answers come back as
// openapi-fetch returns them (`data`, or `error` with the vendor's error types); a call that gets
// no vendor answer throws ProxyError.
import createClient, { type ClientOptions } from "openapi-fetch";
import type { Connector } from "../../dsl/builders.ts";
import { connectionNameProblem } from "../../dsl/rules/connection.ts";
import { requestPathProblem } from "../../dsl/rules/request-path.ts";
import { defaultTimeouts } from "../client/scalekit-client.ts";
import { connectionOf, forgetConnection } from "./connection.ts";
import { environmentOf, type ProxyEnvironment } from "./environment.ts";
import { ProxyError } from "./errors.ts";
import { answerError, clientError, pathFix } from "./failures.ts";
import { sharedClient } from "./shared-client.ts";
import type { ProxyClient } from "./types.ts";

/** proxyClient options: whose account, which environment, and openapi-fetch's own options. */
export interface ProxyClientOptions
  extends Omit<ClientOptions, "baseUrl" | "fetch" | "Request" | "requestInitExt"> {
  /** The connected account's identifier: the user the calls are made for. */
  readonly identifier: string;
  /**
   * The Scalekit environment. Default: SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID and
   * SCALEKIT_CLIENT_SECRET, as `sync` reads them.
   */
  readonly environment?: ProxyEnvironment;
  /** How long one call may take, its answer read, in ms (default 60 000, as Scalekit's Node SDK waits). */
  readonly timeoutMs?: number;
  /** The fetch that carries calls to Scalekit (default: node:http), e.g. through a recording proxy in tests. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** Headers the proxy owns: the environment's token and the account's selectors. */
const ownHeaders = new Set(["authorization", "proxy-authorization", "connection_name", "identifier"]);

const usage = (what: string, fix: string) => new ProxyError({ kind: "usage", what, fix });

/**
 * A Request that refuses, before anything is sent, a path with a dot segment (which the URL parser
 * would quietly remove) and a path parameter left as its {placeholder}.
 */
function guardedRequest(baseUrl: string): typeof Request {
  return class ProxiedRequest extends Request {
    constructor(input: ConstructorParameters<typeof Request>[0], init?: RequestInit) {
      const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (raw.startsWith(`${baseUrl}/`)) {
        const path = raw.slice(baseUrl.length);
        const call = `${init?.method ?? "GET"} ${path}`;
        const problem = requestPathProblem(path);
        if (problem)
          throw new ProxyError({
            kind: "path_refused",
            what: `${problem}; nothing was sent`,
            fix: pathFix,
            call,
          });
        // openapi-fetch leaves a path parameter it was not given as its {placeholder}
        const unfilled = [...(path.split("?")[0] ?? "").matchAll(/\{([^{}/]+)\}/g)].map((match) => match[1]);
        if (unfilled.length > 0)
          throw usage(
            `${call}: ${unfilled.map((name) => `{${name}}`).join(", ")} ${unfilled.length === 1 ? "has" : "have"} no value; nothing was sent`,
            `pass the call's path parameters: { params: { path: { ${unfilled.join(", ")} } } }`,
          );
      }
      super(input, init);
    }
  };
}

/** The names of openapi-fetch's `headers` option (a Headers, pairs, or a record whose null unsets). */
function headerNames(headers: ClientOptions["headers"]): string[] {
  if (headers === undefined) return [];
  if (headers instanceof Headers) return [...headers.keys()];
  if (Array.isArray(headers)) return headers.map(([name]) => String(name).toLowerCase());
  return Object.keys(headers).map((name) => name.toLowerCase());
}

function checkTarget(target: Connector | string): void {
  if (typeof target === "string") {
    const problem = connectionNameProblem(target);
    if (problem)
      throw usage(
        `${JSON.stringify(target)} is not a connection name: ${problem}`,
        "pass the connection's name (its key_id), or the connector itself to look its connection up",
      );
    return;
  }
  if (typeof target?.payload !== "function")
    throw usage(
      "proxyClient() takes a finished connector (an auth method and .proxy(url)) or a connection name",
      'import the connector from its definition file, or pass its connection name ("acme-crm")',
    );
  if (target.payload().auth_patterns[0]?.is_mcp === true)
    throw usage(
      `connector ${JSON.stringify(target.displayName)} is an MCP server: Scalekit calls it through tools (GET /api/v1/tools/scoped, POST /api/v1/execute_tool), not the tool proxy`,
      "call its tools through Scalekit's tools API; proxyClient() is for REST connectors",
    );
}

/**
 * A typed client for the vendor's API, called through Scalekit's tool proxy for one connected
 * account. `paths` are the vendor's types, written by `generate --types` beside the connector.
 * @example
 * import type { paths } from "./connectors/acme-crm.api.js";
 * import acme from "./connectors/acme-crm.ts";
 * const crm = proxyClient<paths>(acme, { identifier: user.id });
 * const { data, error } = await crm.GET("/contacts/{id}", { params: { path: { id } } });
 * // → GET {SCALEKIT_ENVIRONMENT_URL}/proxy/contacts/42 with connection_name: acme-crm, identifier: <user.id>
 */
export function proxyClient<Paths extends {}>(
  target: Connector | string,
  options: ProxyClientOptions,
): ProxyClient<Paths> {
  const { identifier, environment: given, timeoutMs = defaultTimeouts.proxyMs, fetch, ...rest } = options;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a header value cannot hold them
  if (typeof identifier !== "string" || identifier === "" || /[\u0000-\u001f\u007f]/.test(identifier))
    throw usage(
      "identifier must be a non-empty string without control characters",
      "pass the connected account's identifier (the user it was made for)",
    );
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw usage(
      `timeoutMs must be a positive number of milliseconds, not ${String(timeoutMs)}`,
      "leave it out for 60 s",
    );
  checkTarget(target);
  for (const name of headerNames(rest.headers))
    if (ownHeaders.has(name))
      throw usage(
        `the ${name} header is the proxy's own`,
        "leave it out: Scalekit adds the account's credential as the connector says",
      );
  const environment = environmentOf(given);
  const shared = sharedClient(environment, timeoutMs, fetch);
  const baseUrl = `${environment.url}/proxy`;
  const connector = typeof target === "string" ? undefined : target;
  const secrets = { clientId: environment.clientId, clientSecret: environment.clientSecret };

  async function send(request: Request): Promise<Response> {
    if (!request.url.startsWith(`${baseUrl}/`))
      throw usage(
        `${request.method} ${request.url} is not a call to the tool proxy of ${environment.url}`,
        "leave baseUrl as proxyClient() sets it",
      );
    const path = request.url.slice(baseUrl.length);
    const call = `${request.method} ${path}`;
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) {
      if (ownHeaders.has(name))
        throw usage(
          `${call}: the ${name} header is the proxy's own`,
          "leave it out: Scalekit adds the account's credential",
        );
      // the answer is read whole: asked for as it is (the client decodes a server that encodes anyway)
      if (name !== "accept-encoding") headers[name] = value;
    }
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const context = { call, identifier, ...secrets, tokens: shared.tokens };
    let connection = typeof target === "string" ? target : "";
    try {
      if (connector) connection = await connectionOf(shared, connector);
      const answer = await shared.client.proxyRequest({
        connection,
        identifier,
        method: request.method,
        path,
        headers,
        signal: request.signal,
        ...(body && { body }),
      });
      if (answer.scalekitError) {
        const error = answerError(
          { status: answer.status, ...answer.scalekitError },
          { ...context, connection },
        );
        if (connector && error.kind === "connection_not_found") forgetConnection(shared, connector);
        throw error;
      }
      const empty = [204, 205, 304].includes(answer.status) || request.method === "HEAD";
      return new Response(empty ? null : answer.bytes, {
        status: answer.status,
        headers: answer.headers,
      });
    } catch (error) {
      // the caller's abort is the caller's: rejected with its reason, as fetch does
      if (request.signal.aborted) throw request.signal.reason;
      throw clientError(error, { ...context, connection }, timeoutMs) ?? error;
    }
  }

  // the same client, its methods' paths checked more plainly (types.ts)
  return createClient<Paths>({
    ...rest,
    baseUrl,
    Request: guardedRequest(baseUrl),
    fetch: send,
  }) as ProxyClient<Paths>;
}
