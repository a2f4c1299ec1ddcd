// Reads a request body as JSON for the routes, and the string members the account, link and tool
// routes take; anything unparsable or of the wrong type is INVALID_ARGUMENT naming the field.
import { isObject, type JsonObject } from "../../dsl/rules/issue.ts";
import { messages } from "./behaviour.ts";
import { GrpcError } from "./grpc.ts";

export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return JSON.parse(await request.text());
  } catch {
    throw new GrpcError("INVALID_ARGUMENT", messages.badJson);
  }
}

/** The body, which must be a JSON object. */
export async function readJsonObject(request: Request): Promise<JsonObject> {
  const body = await readJsonBody(request);
  if (!isObject(body)) throw new GrpcError("INVALID_ARGUMENT", messages.badJson);
  return body;
}

export const invalidField = (field: string, description: string): GrpcError =>
  new GrpcError("INVALID_ARGUMENT", description, [{ field, description, constraint: "invalid" }]);

/** A string member; absent or null reads as "". */
export const optionalText = (body: JsonObject, key: string): string => {
  const value = body[key];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw invalidField(key, `${key} must be a string`);
  return value;
};

/** A string member that must be there and not empty. */
export const requiredText = (body: JsonObject, key: string): string => {
  const value = optionalText(body, key);
  if (value === "") throw invalidField(key, `${key} is required`);
  return value;
};
