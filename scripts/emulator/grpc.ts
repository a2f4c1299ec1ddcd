// grpc-gateway error bodies and the gRPC code → HTTP status mapping (scalekit-api.md §1.6).
// Handlers throw GrpcError; the app turns it into `{code, message, details:[ErrorInfo]}`.

export const grpcCodes = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCode = keyof typeof grpcCodes;

const httpStatus: { readonly [K in GrpcCode]: number } = {
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

export interface FieldViolation {
  readonly field: string;
  readonly description: string;
  readonly constraint: string;
}

export class GrpcError extends Error {
  override readonly name = "GrpcError";
  constructor(
    readonly code: GrpcCode,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
    /** ErrorInfo.error_code; the gRPC code's name unless the emulator has a more precise one. */
    readonly errorCode: string = code,
    /** The HTTP status, where no gRPC code maps to it (502 for an upstream the emulator cannot use). */
    readonly status: number = httpStatus[code],
  ) {
    super(message);
  }
}

/** 502 with the gRPC body of UNAVAILABLE: no gRPC code maps to "the upstream failed" in §1.6. */
export const badGateway = (message: string, errorCode: string): GrpcError =>
  new GrpcError("UNAVAILABLE", message, [], {}, errorCode, 502);

/** ErrorInfo.error_code of a write refused because another process holds the state file (emulator only). */
export const stateLockedErrorCode = "EMULATOR_STATE_LOCKED";

export const errorInfoType = "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo";

export function grpcResponse(error: GrpcError): Response {
  const detail =
    error.violations.length > 0
      ? {
          "@type": errorInfoType,
          error_code: error.errorCode,
          validation_error_info: { field_violations: error.violations },
        }
      : { "@type": errorInfoType, error_code: error.errorCode };
  return Response.json(
    { code: grpcCodes[error.code], message: error.message, details: [detail] },
    { status: error.status, headers: error.headers },
  );
}
