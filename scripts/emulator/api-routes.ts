// The Scalekit routes: list providers, and create, update, delete custom providers
// (scalekit-api.md §1.2–1.5). Bodies are checked with exactly the server's rules
// (dsl/rules/server.ts), never connectorkit's stricter pattern rules.
import type { Hono } from "hono";
import { isObject } from "../../dsl/rules/issue.ts";
import { checkServerRules } from "../../dsl/rules/server.ts";
import { messages } from "./behaviour.ts";
import { catalog } from "./catalog.ts";
import type { EmulatorContext } from "./context.ts";
import { GrpcError } from "./grpc.ts";
import { readJsonBody } from "./json-body.ts";
import { listPage, parseListQuery } from "./listing.ts";
import { type ProviderInput, readInput } from "./record.ts";

async function readProviderInput(request: Request): Promise<ProviderInput> {
  const body = await readJsonBody(request);
  const issues = checkServerRules(body);
  if (issues.length > 0 || !isObject(body)) {
    const violations = issues.map((issue) => ({
      field: issue.path,
      description: issue.message,
      constraint: issue.constraint,
    }));
    throw new GrpcError("INVALID_ARGUMENT", messages.validation, violations);
  }
  return readInput(body);
}

function identifierOf(param: string | undefined): string {
  const identifier = param ?? "";
  if (identifier.length > 255) {
    const description = "identifier is longer than 255 characters";
    throw new GrpcError("INVALID_ARGUMENT", description, [
      { field: "identifier", description, constraint: "max_len" },
    ]);
  }
  return identifier;
}

export function mountApiRoutes(app: Hono, context: EmulatorContext): void {
  const { store } = context;

  app.get("/api/v1/providers", (c) => {
    const query = parseListQuery(new URL(c.req.url).searchParams, context.pageSizeCap);
    return Response.json(listPage(query, catalog, store.customs));
  });

  app.post("/api/v1/custom-providers", async (c) => {
    const input = await readProviderInput(c.req.raw);
    const provider = await context.write(() => store.create(input));
    return Response.json({ provider }, { status: 201 });
  });

  app.put("/api/v1/custom-providers/:identifier", async (c) => {
    const input = await readProviderInput(c.req.raw);
    const identifier = identifierOf(c.req.param("identifier"));
    const provider = await context.write(() => store.update(identifier, input));
    return Response.json({ provider });
  });

  app.delete("/api/v1/custom-providers/:identifier", async (c) => {
    const identifier = identifierOf(c.req.param("identifier"));
    await context.write(() => store.delete(identifier));
    return Response.json({});
  });
}
