// Test controls under /_emulator/: not part of Scalekit, never authenticated, delayed or faulted.
// They stand in for the Dashboard (make and remove a connection the way a person would there),
// expose the request log, the authorization attempts and the stored providers and connections,
// and reset the environment.
// Writes must be JSON requests (local-only.ts).
import type { Hono } from "hono";
import { isObject } from "../../dsl/rules/issue.ts";
import { generatedConnectionName } from "./behaviour.ts";
import { emptyOAuth } from "./connections.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import { isJsonRequest } from "./local-only.ts";

const problem = (status: number, error: string): Response => Response.json({ error }, { status });

export function mountControlRoutes(app: Hono, context: EmulatorContext): void {
  const { store, log } = context;

  app.on(["POST", "PUT", "PATCH", "DELETE"], "/_emulator/*", async (c, next) => {
    if (c.req.method === "DELETE" || isJsonRequest(c.req.raw)) return next();
    return problem(415, "send Content-Type: application/json (control writes accept only JSON requests)");
  });

  // the Dashboard's "create connection": named by the person (key_id) or generated, enabled, and
  // for OAuth with the client credentials typed in
  app.post("/_emulator/connections", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = undefined;
    }
    const field = (key: string) => (isObject(body) && typeof body[key] === "string" ? body[key] : undefined);
    const identifier = field("identifier");
    if (identifier === undefined)
      return problem(
        400,
        'send {"identifier": "<custom provider identifier>", "key_id"?, "client_id"?, "client_secret"?, "scopes"?}',
      );
    const provider = store.provider(identifier);
    if (!provider) return problem(404, `no custom provider has identifier ${JSON.stringify(identifier)}`);
    const [pattern] = provider.auth_patterns;
    const type = isObject(pattern) && typeof pattern.type === "string" ? pattern.type : "";
    const scopes =
      isObject(body) && Array.isArray(body.scopes) ? body.scopes.filter((s) => typeof s === "string") : [];
    const now = new Date(context.now()).toISOString();
    try {
      const record = await context.write(() => {
        const made = store.connections.create(
          {
            provider_key: identifier,
            type,
            key_id: field("key_id") ?? generatedConnectionName(provider.display_name),
            enabled: true,
          },
          now,
        );
        if (type !== "OAUTH") return made;
        const secret = field("client_secret");
        return store.connections.update(
          made.id,
          {
            oauth: { ...emptyOAuth, client_id: field("client_id") ?? "", scopes },
            ...(secret !== undefined && { clientSecret: secret }),
          },
          now,
        );
      });
      return Response.json({ connection_id: record.id, key_id: record.key_id }, { status: 201 });
    } catch (error) {
      if (error instanceof GrpcError)
        return problem(error.code === "ALREADY_EXISTS" ? 409 : 400, error.message);
      throw error;
    }
  });

  app.delete("/_emulator/connections/:id", async (c) => {
    const id = c.req.param("id");
    if (!store.connections.byId(id)) return problem(404, `no connection has id ${JSON.stringify(id)}`);
    try {
      await context.write(() => store.deleteConnection(id));
    } catch (error) {
      if (error instanceof GrpcError) return problem(400, error.message);
      throw error;
    }
    return Response.json({});
  });

  app.get("/_emulator/requests", () => Response.json(log.entries));

  // how each authorization went: the stage it reached, the error that ended it, the user info call
  app.get("/_emulator/authorizations", () => Response.json(context.authorizations.attempts));

  app.get("/_emulator/state", () => {
    const { providers, connections } = store.snapshot();
    return Response.json({ providers: providers.map((stored) => stored.record), connections });
  });

  app.post("/_emulator/reset", async () => {
    await context.write(() => store.reset());
    context.tokens.clear();
    context.authorizations.clear();
    context.mcpClients.clear();
    log.clear();
    context.faults.reseed();
    return Response.json({});
  });
}
