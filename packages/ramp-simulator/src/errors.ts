// Ramp's error body, and the exception route handlers throw to produce one.
//
// Codes Ramp is known to use (docs, its spec, production clients): DEVELOPER_7001 validation, DEVELOPER_7002 not
// found (an object, or an access token), DEVELOPER_7005 reused idempotency key, DEVELOPER_7028 expired token,
// DEVELOPER_7100 missing scope. The others are the simulator's own, stable so tests can match on them; clients must
// not rely on them.

export const ErrorCode = {
  validation: "DEVELOPER_7001",
  notFound: "DEVELOPER_7002",
  /** An unknown (or revoked) access token: Ramp says "Access token with given access_token not found". */
  tokenNotFound: "DEVELOPER_7002",
  idempotencyKeyReused: "DEVELOPER_7005",
  tokenExpired: "DEVELOPER_7028",
  missingScope: "DEVELOPER_7100",
  methodNotAllowed: "DEVELOPER_7006",
  rateLimited: "DEVELOPER_7029",
  internal: "DEVELOPER_7500",
} as const;

export type FieldErrors = Record<string, string[]>;

export interface ErrorV2Body {
  error_v2: { error_code: string; message: string; additional_info: Record<string, unknown>; notes: string };
  error: Record<string, unknown>;
}

/**
 * `error` mirrors the field errors of a validation failure (as Ramp's documented example does) and otherwise
 * carries the code and message, for clients that still read the legacy field.
 */
export function errorBody(code: string, message: string, additionalInfo: Record<string, unknown> = {}): ErrorV2Body {
  const fieldErrors = code === ErrorCode.validation && Object.keys(additionalInfo).length > 0;
  const legacy = fieldErrors ? additionalInfo : { error_code: code, message };
  return {
    error_v2: { error_code: code, message, additional_info: additionalInfo, notes: "" },
    error: legacy,
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly additionalInfo: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): ErrorV2Body {
    return errorBody(this.code, this.message, this.additionalInfo);
  }
}

export const badRequest = (message: string, info: FieldErrors = {}): ApiError =>
  new ApiError(400, ErrorCode.validation, message, info);

export const unprocessable = (message: string, info: FieldErrors = {}): ApiError =>
  new ApiError(422, ErrorCode.validation, message, info);

export const notFound = (message: string): ApiError => new ApiError(404, ErrorCode.notFound, message);

/**
 * Ramp's spec documents an unknown user id on `/users/{id}` (GET, PATCH, deactivate, reactivate) as 400
 * `UserInvalidInput`, not 404.
 */
export const unknownUser = (id: string): ApiError =>
  new ApiError(400, ErrorCode.validation, `UserInvalidInput: user ${id} does not exist.`, { user_id: ["User does not exist."] });

/** Thrown by in-process admin operations; the HTTP admin API maps `status` onto its response. */
export class SimulatorAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SimulatorAdminError";
  }
}
