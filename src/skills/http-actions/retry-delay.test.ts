import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, parseRetryAfter, retryDelayMs } from './retry-delay.ts';

describe('retryDelayMs', () => {
  it('doubles from 250 ms up to the maximum, half of it random', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, undefined, () => 0))).toEqual([
      125, 250, 500, 1000, 1000,
    ]);
    expect(retryDelayMs(9, undefined, () => 1)).toBe(MAX_BACKOFF_MS);
  });

  it('waits at least as long as Retry-After asks, and not at all when it asks for more than 5 s', () => {
    expect(retryDelayMs(1, 4000, () => 0)).toBe(4000);
    expect(retryDelayMs(4, 10, () => 1)).toBe(2000);
    expect(retryDelayMs(1, 5001, () => 0)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-23T14:00:00.000Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 14:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 13:00:00 GMT', now)).toBe(0);
  });

  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
