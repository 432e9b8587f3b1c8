import { describe, expect, it } from 'vitest';
import { resolveDate } from './resolve-date.ts';
import type { Reference } from './time-value.ts';

const reference: Reference = {
  now: new Date('2026-11-23T14:00:00Z'),
  timezone: 'America/Bogota',
  local: { year: 2026, month: 11, day: 23, hour: 9, minute: 0, second: 0 },
  today: { year: 2026, month: 11, day: 23 },
};

describe('resolveDate', () => {
  it('finds the first such day on or after today by default', () => {
    expect(resolveDate({ month: 1, day: 2 }, reference)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(resolveDate({ month: 11, day: 23 }, reference)).toEqual({ year: 2026, month: 11, day: 23 });
    expect(resolveDate({ day: 5 }, reference)).toEqual({ year: 2026, month: 12, day: 5 });
    expect(resolveDate({ day: 31 }, reference)).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it('finds the last one on or before an anchor when asked', () => {
    const anchor = { date: { year: 2027, month: 1, day: 5 }, direction: 'past' as const };
    expect(resolveDate({ month: 12, day: 28 }, reference, anchor)).toEqual({
      year: 2026,
      month: 12,
      day: 28,
    });
    expect(resolveDate({ weekday: 1 }, reference, anchor)).toEqual({ year: 2027, month: 1, day: 4 });
  });

  it('skips years and months that lack the day', () => {
    expect(resolveDate({ month: 2, day: 29 }, reference)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(resolveDate({ month: 2, day: 30 }, reference)).toBeNull();
  });

  it('reads weekdays by their mode', () => {
    expect(resolveDate({ weekday: 1, weekdayMode: 'next' }, reference)).toEqual({
      year: 2026,
      month: 11,
      day: 30,
    });
    expect(resolveDate({ weekday: 1, weekdayMode: 'this' }, reference)).toEqual({
      year: 2026,
      month: 11,
      day: 23,
    });
    expect(resolveDate({ weekday: 2, weekdayMode: 'nextWeek' }, reference)).toEqual({
      year: 2026,
      month: 12,
      day: 1,
    });
    expect(resolveDate({ weekday: 5, weekdayMode: 'lastWeek' }, reference)).toEqual({
      year: 2026,
      month: 11,
      day: 20,
    });
    expect(resolveDate({ weekday: 7, weekdayMode: 'previous' }, reference)).toEqual({
      year: 2026,
      month: 11,
      day: 22,
    });
  });

  it('looks ahead for a month where a weekday and a day of the month agree', () => {
    // the next Friday the 13th after 23 Nov 2026 is in August 2027
    expect(resolveDate({ weekday: 5, day: 13 }, reference)).toEqual({ year: 2027, month: 8, day: 13 });
  });

  it('applies relative days and shifts', () => {
    expect(resolveDate({ relativeDays: 2 }, reference)).toEqual({ year: 2026, month: 11, day: 25 });
    expect(resolveDate({ relativeDays: 0, shift: { amount: 3, unit: 'month' } }, reference)).toEqual({
      year: 2027,
      month: 2,
      day: 23,
    });
  });
});
