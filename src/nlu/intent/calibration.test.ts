import { describe, expect, it } from 'vitest';
import { confidences, fitSharpness, TYPICAL_SHARPNESS } from './calibration.ts';

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);

describe('confidences', () => {
  it('sum to 1 and keep the order of the scores', () => {
    const result = confidences([1.2, -0.8, 0.3], 8);
    expect(sum(result)).toBeCloseTo(1, 12);
    expect(result[0]).toBeGreaterThan(result[2]!);
    expect(result[2]).toBeGreaterThan(result[1]!);
  });

  it('are confident when one intent claims the message', () => {
    expect(confidences([1, -1, -1, -1], 8)[0]).toBeGreaterThan(0.99);
  });

  it('are flat when no intent claims the message', () => {
    const result = confidences([-0.9, -1, -1.1, -1], 8);
    expect(Math.max(...result)).toBeLessThan(0.3);
    expect(sum(result)).toBeCloseTo(1, 12);
  });

  it('do not overflow on large scores', () => {
    const result = confidences([500, 499], 100);
    expect(sum(result)).toBeCloseTo(1, 12);
    expect(Number.isFinite(result[0])).toBe(true);
  });
});

describe('fitSharpness', () => {
  it('is sharper when the top score is reliably right and softer when it is often wrong', () => {
    const reliable = Array.from({ length: 2000 }, () => [0.6, -0.6]);
    const unreliable = Array.from({ length: 2000 }, () => [0.6, -0.6]);
    const sharp = fitSharpness(
      reliable,
      reliable.map(() => 0),
    );
    const soft = fitSharpness(
      unreliable,
      unreliable.map((_, index) => (index % 4 === 0 ? 1 : 0)),
    );
    expect(sharp).toBeGreaterThan(soft);
    // A quarter wrong: the top confidence fitted to about 0.75.
    expect(confidences([0.6, -0.6], soft)[0]).toBeCloseTo(0.75, 1);
  });

  it('stays near the typical sharpness with a handful of examples', () => {
    const few = [
      [1, -1],
      [-1, 1],
    ];
    const fitted = fitSharpness(few, [0, 1]);
    expect(fitted).toBeGreaterThan(TYPICAL_SHARPNESS / 2);
    expect(fitted).toBeLessThan(TYPICAL_SHARPNESS * 2);
  });
});
