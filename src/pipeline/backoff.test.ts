import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const options = { baseMs: 100, maxMs: 5_000 };

describe('backoffDelayMs', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('doubles the ceiling with each attempt, with jitter between half of it and all of it', () => {
    for (const [attempt, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
    ] as const) {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      expect(backoffDelayMs(attempt, options)).toBe(ceiling / 2);
      vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
      expect(backoffDelayMs(attempt, options)).toBeCloseTo(ceiling, 2);
    }
  });

  it('grows from one attempt to the next when the jitter is the same', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, options));
    for (let index = 1; index < delays.length; index++)
      expect(delays[index]).toBeGreaterThan(delays[index - 1]!);
  });

  it('never exceeds the maximum, however many attempts, and stays finite', () => {
    for (const attempt of [10, 20, 100, 5_000]) {
      for (let sample = 0; sample < 50; sample++) {
        const delay = backoffDelayMs(attempt, options);
        expect(Number.isFinite(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(options.maxMs / 2);
        expect(delay).toBeLessThanOrEqual(options.maxMs);
      }
    }
  });

  it('treats attempt 0 like the first attempt', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelayMs(0, options)).toBe(50);
  });

  it('waits at least as long as the provider asked with Retry-After, even past the maximum', () => {
    for (let sample = 0; sample < 50; sample++) {
      expect(backoffDelayMs(1, { ...options, retryAfterMs: 3_000 })).toBeGreaterThanOrEqual(3_000);
    }
    expect(backoffDelayMs(1, { ...options, retryAfterMs: 60_000 })).toBe(60_000);
  });

  it('keeps its own delay when Retry-After asks for less', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelayMs(4, { ...options, retryAfterMs: 10 })).toBe(400);
  });
});
