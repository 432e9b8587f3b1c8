/**
 * Why an HTTP action failed, classified so a reply, a retry or an alert can depend on it:
 * - `invalid_input`: the slots did not fit the action (a missing value, a value outside `values`);
 * - `timeout`: an attempt took longer than `timeoutMs`;
 * - `network`: the server could not be reached (refused, reset, DNS);
 * - `http_status`: the server answered with a status other than 2xx (`status` holds it);
 * - `bad_response`: it answered 2xx but not with the JSON fields the action maps.
 * Messages name the action, the method and the host only: never a header, a query string or a body,
 * which may hold secrets or the customer's words.
 */
export type HttpActionErrorKind = 'invalid_input' | 'timeout' | 'network' | 'http_status' | 'bad_response';

export class HttpActionError extends Error {
  readonly kind: HttpActionErrorKind;
  /** The HTTP status of the last answer, when there was one. */
  readonly status: number | null;
  /** How many requests were sent (0 when the input was refused before any). */
  readonly attempts: number;

  constructor(
    kind: HttpActionErrorKind,
    message: string,
    options: { status?: number | null; attempts: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpActionError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.attempts = options.attempts;
  }
}
