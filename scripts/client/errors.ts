// The one error type the Scalekit client throws. It names the operation, the request and the
// server's answer (HTTP status, gRPC code, message, field violations) and never carries the
// access token or the client secret: every text taken from the wire is scrubbed of both.

/** gRPC status names by number (grpc-gateway puts the number in the error body's `code`). */
const grpcNames: Readonly<Record<number, string>> = {
  1: "CANCELLED",
  2: "UNKNOWN",
  3: "INVALID_ARGUMENT",
  4: "DEADLINE_EXCEEDED",
  5: "NOT_FOUND",
  6: "ALREADY_EXISTS",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  10: "ABORTED",
  11: "OUT_OF_RANGE",
  12: "UNIMPLEMENTED",
  13: "INTERNAL",
  14: "UNAVAILABLE",
  15: "DATA_LOSS",
  16: "UNAUTHENTICATED",
};

export const grpcName = (code: number | undefined): string | undefined =>
  code === undefined ? undefined : (grpcNames[code] ?? `CODE_${code}`);

export interface FieldViolation {
  readonly field: string;
  readonly description: string;
  readonly constraint?: string;
}

/** How the request failed: an HTTP error answer, a dropped connection, or no answer in time. */
export type FailureKind = "http" | "network" | "timeout";

export interface ScalekitApiErrorInit {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly kind: FailureKind;
  readonly status?: number | undefined;
  readonly grpcCode?: number | undefined;
  /** The first ErrorInfo detail's error_code, when the body has one. */
  readonly errorCode?: string | undefined;
  readonly serverMessage: string;
  readonly violations?: readonly FieldViolation[] | undefined;
  readonly attempts: number;
}

export class ScalekitApiError extends Error {
  override name = "ScalekitApiError";
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly grpcCode: number | undefined;
  readonly errorCode: string | undefined;
  readonly serverMessage: string;
  readonly violations: readonly FieldViolation[];
  readonly attempts: number;

  constructor(init: ScalekitApiErrorInit) {
    super(describe(init));
    this.operation = init.operation;
    this.method = init.method;
    this.path = init.path;
    this.kind = init.kind;
    this.status = init.status;
    this.grpcCode = init.grpcCode;
    this.errorCode = init.errorCode;
    this.serverMessage = init.serverMessage;
    this.violations = init.violations ?? [];
    this.attempts = init.attempts;
  }

  /** True when a write may have reached the server although no success answer arrived. */
  get ambiguous(): boolean {
    return this.kind !== "http" || (this.status !== undefined && this.status >= 500);
  }

  /** The answer without the request line, for one-line reports. */
  get reason(): string {
    return reasonOf(this);
  }

  /** The same error with `secrets` scrubbed from every string the server controls. */
  scrubbed(secrets: readonly string[]): ScalekitApiError {
    if (secrets.length === 0) return this;
    const clean = (text: string) => redact(text, secrets);
    return new ScalekitApiError({
      operation: this.operation,
      method: this.method,
      path: clean(this.path),
      kind: this.kind,
      status: this.status,
      grpcCode: this.grpcCode,
      errorCode: this.errorCode === undefined ? undefined : clean(this.errorCode),
      serverMessage: clean(this.serverMessage),
      violations: this.violations.map((v) => ({
        field: clean(v.field),
        description: clean(v.description),
        ...(v.constraint !== undefined && { constraint: clean(v.constraint) }),
      })),
      attempts: this.attempts,
    });
  }
}

export const isScalekitApiError = (value: unknown): value is ScalekitApiError =>
  value instanceof Error && value.name === "ScalekitApiError";

function reasonOf(init: ScalekitApiErrorInit): string {
  const name = grpcName(init.grpcCode);
  const head =
    init.kind === "http"
      ? `${init.status}${name ? ` ${name}` : ""}: ${init.serverMessage}`
      : init.kind === "timeout"
        ? `no answer in time (${init.serverMessage})`
        : `connection failed (${init.serverMessage})`;
  const violations = (init.violations ?? []).map((v) => `${v.field}: ${v.description}`);
  const tries = init.attempts > 1 ? ` after ${init.attempts} attempts` : "";
  return `${head}${violations.length > 0 ? ` [${violations.join("; ")}]` : ""}${tries}`;
}

function describe(init: ScalekitApiErrorInit): string {
  return `${init.operation} failed: ${init.method} ${init.path} → ${reasonOf(init)}`;
}

/** Replaces each secret in `text` with "***" (empty secrets are ignored); longest first. */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  const ordered = [...new Set(secrets)]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const secret of ordered) clean = clean.split(secret).join("***");
  return clean;
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const unicodeEscape = (char: string): string =>
  [...char]
    .flatMap((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code > 0xffff ? [c.charCodeAt(0), c.charCodeAt(1)] : [code];
    })
    .map((unit) => `\\u${unit.toString(16).padStart(4, "0")}`)
    .join("");
/** JSON as servers that escape everything outside printable ASCII write it (Python's ensure_ascii). */
const jsonAscii = (text: string): string =>
  [...JSON.stringify(text).slice(1, -1)].map((c) => (c > "~" ? unicodeEscape(c) : c)).join("");
const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/**
 * Every encoding in which `secret` may be sent, and so echoed back: raw, URL-encoded (path and
 * query), form-encoded (`+` for spaces), JSON-escaped, and base64 (alone, and as the
 * `id:secret` pair of a Basic header when `user` is given). Redact all of them, not just the raw one.
 */
export function credentialForms(secret: string, user?: string): string[] {
  if (secret.length === 0) return [];
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    jsonAscii(secret),
    [...secret].map(unicodeEscape).join(""),
    base64(secret).replace(/=+$/, ""),
    base64url(secret),
  ];
  if (user !== undefined) {
    const pair = `${user}:${secret}`;
    forms.push(base64(pair).replace(/=+$/, ""), base64url(pair), encodeURIComponent(pair));
  }
  // lowercase percent-escapes are the same bytes to a server that re-encodes them
  for (const form of [...forms])
    if (/%[0-9A-F]{2}/.test(form)) forms.push(form.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  return [...new Set(forms)];
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

interface ParsedBody {
  readonly grpcCode?: number;
  readonly errorCode?: string;
  readonly message: string;
  readonly violations: FieldViolation[];
}

/**
 * Reads a grpc-gateway error body `{code, message, details}` or an OAuth error body
 * `{error, error_description}` defensively: some operations document `{}` or `null` bodies.
 */
export function parseErrorBody(body: unknown, fallback: string): ParsedBody {
  const record = asRecord(body);
  if (!record) {
    const text = typeof body === "string" ? body.trim().slice(0, 200) : "";
    return { message: text || fallback, violations: [] };
  }
  const violations: FieldViolation[] = [];
  const details = Array.isArray(record.details) ? record.details : [];
  let errorCode: string | undefined;
  for (const detail of details) {
    const code = asRecord(detail)?.error_code;
    if (errorCode === undefined && typeof code === "string") errorCode = code;
    const info = asRecord(asRecord(detail)?.validation_error_info);
    const list = Array.isArray(info?.field_violations) ? info.field_violations : [];
    for (const item of list) {
      const violation = asRecord(item);
      if (!violation) continue;
      violations.push({
        field: String(violation.field ?? ""),
        description: String(violation.description ?? ""),
        ...(typeof violation.constraint === "string" && { constraint: violation.constraint }),
      });
    }
  }
  const oauth = typeof record.error === "string" ? record.error : undefined;
  const text =
    typeof record.message === "string" && record.message
      ? record.message
      : oauth
        ? `${oauth}${typeof record.error_description === "string" ? ` (${record.error_description})` : ""}`
        : fallback;
  return {
    ...(typeof record.code === "number" && { grpcCode: record.code }),
    ...(errorCode !== undefined && { errorCode }),
    message: text,
    violations,
  };
}

/** A success answer whose body is not what the API documents. */
export const malformed = (
  operation: string,
  method: string,
  path: string,
  message: string,
  status = 200,
): ScalekitApiError =>
  new ScalekitApiError({
    operation,
    method,
    path,
    kind: "http",
    status,
    serverMessage: message,
    attempts: 1,
  });
