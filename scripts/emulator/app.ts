// createEmulator(): a local Scalekit-compatible API as a hono app, usable in-process through
// `fetch` or behind a socket (server.ts). Middleware order, outermost first: request log,
// latency and injected faults, bearer check, then the routes.
import { Hono, type MiddlewareHandler } from "hono";
import { mountAccountRoutes } from "./account-routes.ts";
import { mountApiRoutes } from "./api-routes.ts";
import { messages, proxyTimeoutMs } from "./behaviour.ts";
import { type ConnectTo, connectToMap } from "./connect-to.ts";
import { mountConnectionRoutes } from "./connection-routes.ts";
import type { EmulatorContext } from "./context.ts";
import { mountControlRoutes } from "./control-routes.ts";
import { defaultCredentials } from "./credentials.ts";
import { ConnectionDropped, FaultPlan, type FaultSpec } from "./faults.ts";
import { LockBusy } from "./file-lock.ts";
import { GrpcError, grpcResponse, stateLockedErrorCode } from "./grpc.ts";
import { RegisteredClients } from "./mcp-oauth.ts";
import { mountOAuthRoutes } from "./oauth-routes.ts";
import { Authorizations } from "./oauth-state.ts";
import { mountProxy } from "./proxy.ts";
import { RequestLog } from "./request-log.ts";
import { secretBox } from "./secret-box.ts";
import { StateFile } from "./state-file.ts";
import { emptyState, Store } from "./store.ts";
import { Tokens } from "./tokens.ts";
import { mountToolRoutes } from "./tool-routes.ts";

export interface EmulatorOptions {
  /** Defaults to `local` (with clientSecret `local-secret`). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** JSON file to load at start and rewrite after every write. Without it, state lives in memory. */
  readonly statePath?: string;
  /** Delay for every /api and /oauth request, in ms. */
  readonly latencyMs?: number;
  /** Largest page GET /api/v1/providers returns (default 100). */
  readonly pageSizeCap?: number;
  /** Injected failures, e.g. `5xx=0.1,429=0.05,reset=0.05,lost=0.05`. */
  readonly faults?: FaultSpec | string;
  /** Seed for the fault sequence (default 1). */
  readonly seed?: number;
  /** Lifetime of issued tokens (default 86399). */
  readonly tokenTtlSeconds?: number;
  /**
   * How long a write waits for other processes writing the same state file (default 10 s). A hold
   * that has lasted 5 s is not waited for: the write fails at once with FAILED_PRECONDITION.
   */
  readonly stateLockWaitMs?: number;
  /** The clock, in ms since the epoch (default Date.now); token expiry and the request log use it. */
  readonly now?: () => number;
  /**
   * The emulator's calls to these https hosts (proxy, OAuth and MCP exchanges, the authorize
   * redirect) go elsewhere: `HOST=http://127.0.0.1:PORT` entries or a map.
   */
  readonly connectTo?: readonly string[] | ConnectTo;
  /** How long the tool proxy, and each OAuth or MCP exchange, waits for an upstream, in ms (default 30 000). */
  readonly proxyTimeoutMs?: number;
  /**
   * False emulates an environment without the PREVIEW connections API: only the public list
   * answers, and connections are made in the Dashboard (POST /_emulator/connections). Default true.
   */
  readonly connectionsApi?: boolean;
}

export interface Emulator {
  readonly app: Hono;
  /** The app in-process. A dropped connection (fault) rejects with TypeError "fetch failed". */
  fetch(request: Request): Promise<Response>;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Waits for pending state writes. */
  close(): Promise<void>;
}

export { defaultCredentials };

function whole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be a whole number ≥ ${min}`);
  return value;
}

/**
 * A hold that will not end soon is FAILED_PRECONDITION, which clients do not retry: the user must
 * act. One that kept changing hands for the whole wait is UNAVAILABLE: trying again may work.
 */
function lockError(busy: LockBusy): GrpcError {
  if (!busy.stuck) return new GrpcError("UNAVAILABLE", messages.stateBusy(busy.owner.description));
  const held = { ...busy.owner, heldMs: busy.heldMs ?? 0, lockPath: busy.path };
  return new GrpcError("FAILED_PRECONDITION", messages.stateLocked(held), [], {}, stateLockedErrorCode);
}

const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const now = options.now ?? Date.now;
  const latencyMs = whole("latencyMs", options.latencyMs ?? 0, 0);
  const clientId = options.clientId ?? defaultCredentials.clientId;
  const clientSecret = options.clientSecret ?? defaultCredentials.clientSecret;
  const stateFile =
    options.statePath === undefined
      ? undefined
      : new StateFile(
          options.statePath,
          options.stateLockWaitMs === undefined ? {} : { waitMs: options.stateLockWaitMs },
        );
  // client secrets are sealed in the state file with a key kept beside it, never in the clear
  const sealer = options.statePath === undefined ? undefined : secretBox(`${options.statePath}.key`);
  const store = new Store(stateFile ? stateFile.load() : emptyState, sealer);
  const context: EmulatorContext = {
    store,
    tokens: new Tokens({
      clientId,
      clientSecret,
      ttlSeconds: whole("tokenTtlSeconds", options.tokenTtlSeconds ?? 86399, 1),
      now,
    }),
    log: new RequestLog(),
    faults: new FaultPlan(options.faults ?? {}, whole("seed", options.seed ?? 1, 0)),
    pageSizeCap: whole("pageSizeCap", options.pageSizeCap ?? 100, 1),
    connectionsApi: options.connectionsApi ?? true,
    now,
    authorizations: new Authorizations(now),
    mcpClients: new RegisteredClients(),
    proxy: {
      connectTo: Array.isArray(options.connectTo)
        ? connectToMap(options.connectTo)
        : ((options.connectTo as ConnectTo | undefined) ?? new Map()),
      timeoutMs: whole("proxyTimeoutMs", options.proxyTimeoutMs ?? proxyTimeoutMs, 1),
    },
    async write(change) {
      if (!stateFile) return change();
      let applied = false;
      try {
        return await stateFile.update(
          (fresher) => {
            if (fresher) store.replace(fresher);
            const result = change();
            applied = true;
            return result;
          },
          () => store.snapshot(),
        );
      } catch (error) {
        if (error instanceof GrpcError) throw error;
        if (error instanceof LockBusy) throw lockError(error);
        throw new GrpcError("INTERNAL", applied ? messages.stateNotSaved : messages.internal);
      }
    },
  };

  const logRequests: MiddlewareHandler = async (c, next) => {
    if (c.req.path.startsWith("/_emulator/")) return next();
    const at = now();
    try {
      await next();
      context.log.add(c.req.raw, c.res.status, at);
    } catch (error) {
      if (error instanceof ConnectionDropped) context.log.add(c.req.raw, error.status, at, error.fault);
      throw error;
    }
  };

  // The fault is drawn on arrival, so concurrent requests draw in the order they came in. The
  // latency also counts from arrival: the answer leaves latencyMs after its request came in, with
  // the emulator's own work on it done meanwhile, as a server that far away answers; added after
  // that work, it made every request of a busy run later than asked by the queue in front of it.
  const simulateNetwork: MiddlewareHandler = async (c, next) => {
    const faultable = c.req.path.startsWith("/api/v1/") || c.req.path === "/oauth/token";
    const fault = faultable ? context.faults.draw() : undefined;
    const answerAt = performance.now() + latencyMs;
    const latency = async () => {
      const left = answerAt - performance.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    };
    // a lost response to a read is indistinguishable from a reset
    const reset = fault === "reset" || (fault === "lost" && !writeMethods.has(c.req.method));
    if (fault === "5xx" || fault === "429" || reset) {
      await latency();
      if (reset) throw new ConnectionDropped("reset", 0);
      if (fault === "429")
        throw new GrpcError("RESOURCE_EXHAUSTED", messages.exhausted, [], { "retry-after": "1" });
      throw new GrpcError("UNAVAILABLE", messages.unavailable);
    }
    await next();
    await latency();
    if (fault === "lost") throw new ConnectionDropped("lost", c.res.status);
  };

  // another process sharing the state file may have written since: read what it left
  const refresh: MiddlewareHandler = async (_c, next) => {
    const fresher = stateFile?.fresher();
    if (fresher) store.replace(fresher);
    await next();
  };

  const authenticate: MiddlewareHandler = async (c, next) => {
    context.tokens.check(c.req.header("authorization") ?? null);
    await next();
  };

  const app = new Hono();
  app.use("*", logRequests);
  app.use("/api/*", simulateNetwork);
  app.use("/oauth/*", simulateNetwork);
  app.use("/api/v1/*", authenticate);
  app.use("/api/v1/*", refresh);
  app.use("/_emulator/*", refresh);
  app.use("/proxy/*", authenticate);
  app.use("/proxy/*", refresh);
  app.post("/oauth/token", (c) => context.tokens.issue(c.req.raw));
  mountApiRoutes(app, context);
  mountConnectionRoutes(app, context);
  mountAccountRoutes(app, context);
  mountOAuthRoutes(app, context);
  mountToolRoutes(app, context);
  mountProxy(app, context);
  mountControlRoutes(app, context);
  app.notFound((c) =>
    grpcResponse(new GrpcError("NOT_FOUND", messages.notFoundRoute(c.req.method, c.req.path))),
  );
  app.onError((error) => {
    if (error instanceof ConnectionDropped) throw error;
    if (error instanceof GrpcError) return grpcResponse(error);
    // details stay out of the body: an unexpected error may carry request data
    return grpcResponse(new GrpcError("INTERNAL", messages.internal));
  });

  return {
    app,
    fetch: async (request) => app.fetch(request),
    clientId,
    clientSecret,
    close: async () => {
      await stateFile?.flush();
    },
  };
}
