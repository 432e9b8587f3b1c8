import { describe, expect, it } from 'vitest';
import { burstReadyAt, firstBurst, type PendingMessage } from './burst.ts';

const start = Date.parse('2026-11-23T14:00:00.000Z');

/** Pending messages that arrived at these offsets (ms) from a fixed start, with ids in arrival order. */
function arrivals(...offsets: number[]): PendingMessage[] {
  return offsets.map((offset, index) => ({
    id: index + 1,
    created_at: new Date(start + offset).toISOString(),
  }));
}

const at = (offset: number) => new Date(start + offset).toISOString();
const ids = (messages: PendingMessage[]) => messages.map((message) => message.id);

describe('firstBurst', () => {
  it('is empty when nothing is pending', () => {
    expect(firstBurst([], 0)).toEqual([]);
    expect(firstBurst([], 1_500)).toEqual([]);
  });

  it('with a window of 0 makes every message a turn of its own, even when they arrived together', () => {
    expect(ids(firstBurst(arrivals(0, 0, 0), 0))).toEqual([1]);
    expect(ids(firstBurst(arrivals(0, 10, 5_000), 0))).toEqual([1]);
  });

  it('takes consecutive messages closer together than the window', () => {
    expect(ids(firstBurst(arrivals(0, 500, 1_000, 1_400), 1_500))).toEqual([1, 2, 3, 4]);
  });

  it('measures each gap from the previous message, not from the first', () => {
    // Each gap is 1 s, under the window, although the last arrives 4 s after the first.
    expect(ids(firstBurst(arrivals(0, 1_000, 2_000, 3_000, 4_000), 1_500))).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops at the first gap longer than the window, leaving the rest for the next turn', () => {
    expect(ids(firstBurst(arrivals(0, 400, 2_000, 2_100), 1_500))).toEqual([1, 2]);
  });

  it('keeps a message that arrived exactly one window after the previous one', () => {
    expect(ids(firstBurst(arrivals(0, 1_500), 1_500))).toEqual([1, 2]);
    expect(ids(firstBurst(arrivals(0, 1_501), 1_500))).toEqual([1]);
  });

  it('keeps the caller’s rows as they are', () => {
    const pending = arrivals(0, 100).map((message) => ({ ...message, text: `m${message.id}` }));
    expect(firstBurst(pending, 1_000)).toEqual(pending);
  });
});

describe('burstReadyAt', () => {
  it('is null when nothing is pending', () => {
    expect(burstReadyAt([], 0)).toBeNull();
    expect(burstReadyAt([], 1_500)).toBeNull();
  });

  it('with a window of 0 is the first message’s arrival', () => {
    expect(burstReadyAt(arrivals(0, 300), 0)).toBe(at(0));
  });

  it('is the last message of the first burst plus the window', () => {
    expect(burstReadyAt(arrivals(0, 500, 1_000), 1_500)).toBe(at(2_500));
  });

  it('ignores messages after a gap: they form a later burst', () => {
    expect(burstReadyAt(arrivals(0, 400, 5_000), 1_500)).toBe(at(1_900));
  });
});
