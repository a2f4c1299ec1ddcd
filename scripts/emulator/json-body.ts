// Reads a request body as JSON for the routes; anything unparsable is INVALID_ARGUMENT.
import { messages } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text());
  } catch {
    throw new GrpcError("INVALID_ARGUMENT", messages.badJson);
  }
}
