/**
 * The coded errors users see. Each has a stable `code` (documented in docs/errors.md), the HTTP
 * status it maps to at the edge, and a message that says what happened, with which input, and what
 * to do about it.
 */
export const ERROR_CODES = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_config: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  bad_gateway: 502,
  timeout: 504,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface OrquestaErrorOptions {
  cause?: unknown;
  /** Structured details safe to show to API clients (never secrets or message bodies). */
  details?: unknown;
}

export class OrquestaError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: OrquestaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrquestaError';
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = options.details;
  }
}

export function isOrquestaError(error: unknown): error is OrquestaError {
  return error instanceof OrquestaError;
}
