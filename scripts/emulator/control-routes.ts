// Test controls under /_emulator/: not part of Scalekit, never authenticated, delayed or faulted.
// They add and remove connections (which block deletes), expose the request log and the stored
// custom providers, and reset the environment. Writes must be JSON requests (local-only.ts).
import type { Hono } from "hono";
import { isObject } from "../../dsl/rules/issue.ts";
import type { EmulatorContext } from "./context.ts";
import { isJsonRequest } from "./local-only.ts";

const problem = (status: number, error: string): Response => Response.json({ error }, { status });

export function mountControlRoutes(app: Hono, context: EmulatorContext): void {
  const { store, log } = context;

  app.on(["POST", "PUT", "PATCH", "DELETE"], "/_emulator/*", async (c, next) => {
    if (c.req.method === "DELETE" || isJsonRequest(c.req.raw)) return next();
    return problem(415, "send Content-Type: application/json (control writes accept only JSON requests)");
  });

  app.post("/_emulator/connections", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = undefined;
    }
    const identifier = isObject(body) ? body.identifier : undefined;
    if (typeof identifier !== "string")
      return problem(400, 'send {"identifier": "<custom provider identifier>"}');
    const connection = await context.write(() => store.addConnection(identifier));
    if (!connection) return problem(404, `no custom provider has identifier ${JSON.stringify(identifier)}`);
    return Response.json({ connection_id: connection.connection_id }, { status: 201 });
  });

  app.delete("/_emulator/connections/:id", async (c) => {
    const id = c.req.param("id");
    const removed = await context.write(() => store.removeConnection(id));
    return removed ? Response.json({}) : problem(404, `no connection has id ${JSON.stringify(id)}`);
  });

  app.get("/_emulator/requests", () => Response.json(log.entries));

  app.get("/_emulator/state", () => {
    const { providers, connections } = store.snapshot();
    return Response.json({ providers: providers.map((stored) => stored.record), connections });
  });

  app.post("/_emulator/reset", async () => {
    await context.write(() => store.reset());
    context.tokens.clear();
    log.clear();
    context.faults.reseed();
    return Response.json({});
  });
}
