/**
 * Exponential backoff with full jitter, capped; a provider's Retry-After wins when it asks for longer.
 * Written here because it is four lines and every sender shares it.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number },
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
