/**
 * Security Scheme Objects (OpenAPI 3.x §4.8.27 components.securitySchemes; Swagger 2.0
 * securityDefinitions) read into one shape for both versions, $refs (also into other files) resolved.
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import type { Context } from "../context.ts";
import { pointerTo } from "../pointer.ts";
import { isObj, type Obj, type SpecDoc } from "../refs.ts";

export type FlowKind = "authorizationCode" | "implicit" | "clientCredentials" | "password";

export interface Flow {
  readonly kind: FlowKind;
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly refreshUrl?: string;
  /** Scope name → description. */
  readonly scopes: ReadonlyMap<string, string>;
  readonly pointer: string;
}

interface SchemeBase {
  readonly name: string;
  readonly pointer: string;
  readonly description: string;
}

export type Scheme =
  | (SchemeBase & { readonly kind: "oauth2"; readonly flows: readonly Flow[] })
  | (SchemeBase & { readonly kind: "apiKey"; readonly in: string; readonly param: string })
  | (SchemeBase & {
      readonly kind: "http";
      /** Lower-cased for comparison; `word` is as written. */
      readonly scheme: string;
      readonly word: string;
      readonly bearerFormat: string;
    })
  | (SchemeBase & { readonly kind: "openIdConnect"; readonly url: string })
  | (SchemeBase & { readonly kind: "other"; readonly type: string });

const swaggerFlows: Readonly<Record<string, FlowKind>> = {
  accessCode: "authorizationCode",
  implicit: "implicit",
  application: "clientCredentials",
  password: "password",
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const optionalText = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/** Every declared scheme, by name. */
export function readSecuritySchemes(doc: SpecDoc, ctx: Context): Map<string, Scheme> {
  const v2 = doc.version === "2.0";
  const base = v2 ? "#/securityDefinitions" : "#/components/securitySchemes";
  const declared = v2
    ? doc.root.securityDefinitions
    : isObj(doc.root.components)
      ? doc.root.components.securitySchemes
      : undefined;
  const schemes = new Map<string, Scheme>();
  if (!isObj(declared)) return schemes;
  for (const [name, raw] of Object.entries(declared)) {
    const pointer = pointerTo(base, name);
    const found = doc.refs.object(raw, pointer);
    if (!found) {
      ctx.warn("auth-unresolved-ref", `security scheme "${name}" is a $ref that cannot be resolved`, pointer);
      continue;
    }
    schemes.set(name, toScheme(name, found.value, found.pointer, v2));
  }
  return schemes;
}

function toScheme(name: string, node: Obj, pointer: string, v2: boolean): Scheme {
  const common = { name, pointer, description: text(node.description) };
  const type = text(node.type);
  if (type === "oauth2")
    return { ...common, kind: "oauth2", flows: v2 ? [swaggerFlow(node, pointer)] : flows(node, pointer) };
  if (type === "apiKey")
    return { ...common, kind: "apiKey", in: text(node.in).toLowerCase(), param: text(node.name) };
  if (type === "basic") return { ...common, kind: "http", scheme: "basic", word: "Basic", bearerFormat: "" };
  if (type === "http") {
    const word = text(node.scheme).trim();
    return {
      ...common,
      kind: "http",
      scheme: word.toLowerCase(),
      word,
      bearerFormat: text(node.bearerFormat),
    };
  }
  if (type === "openIdConnect") return { ...common, kind: "openIdConnect", url: text(node.openIdConnectUrl) };
  return { ...common, kind: "other", type };
}

function scopesOf(node: unknown): Map<string, string> {
  const scopes = new Map<string, string>();
  if (isObj(node))
    for (const [scope, description] of Object.entries(node)) scopes.set(scope, text(description));
  return scopes;
}

function swaggerFlow(node: Obj, pointer: string): Flow {
  const authorizationUrl = optionalText(node.authorizationUrl);
  const tokenUrl = optionalText(node.tokenUrl);
  return {
    kind: swaggerFlows[text(node.flow)] ?? "authorizationCode",
    ...(authorizationUrl !== undefined && { authorizationUrl }),
    ...(tokenUrl !== undefined && { tokenUrl }),
    scopes: scopesOf(node.scopes),
    pointer,
  };
}

function flows(node: Obj, pointer: string): Flow[] {
  if (!isObj(node.flows)) return [];
  const result: Flow[] = [];
  for (const kind of ["authorizationCode", "implicit", "clientCredentials", "password"] as const) {
    const flow = node.flows[kind];
    if (!isObj(flow)) continue;
    const authorizationUrl = optionalText(flow.authorizationUrl);
    const tokenUrl = optionalText(flow.tokenUrl);
    const refreshUrl = optionalText(flow.refreshUrl);
    result.push({
      kind,
      ...(authorizationUrl !== undefined && { authorizationUrl }),
      ...(tokenUrl !== undefined && { tokenUrl }),
      ...(refreshUrl !== undefined && { refreshUrl }),
      scopes: scopesOf(flow.scopes),
      pointer: pointerTo(pointer, "flows", kind),
    });
  }
  return result;
}
