/** How long to wait before the next attempt of an HTTP action. */

/** The first wait; each further one doubles, up to `MAX_BACKOFF_MS`. */
export const BASE_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 2000;
/**
 * A customer is waiting for the reply: a server that asks (Retry-After) for a longer pause than this is
 * not retried, and its answer is the result.
 */
export const MAX_RETRY_AFTER_MS = 5000;

/**
 * Exponential backoff with jitter (half fixed, half random), or the server's Retry-After when it asks
 * for longer. `undefined` when the server asks for more than `MAX_RETRY_AFTER_MS`.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
