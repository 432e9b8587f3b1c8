import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysInMonth,
  isValidDate,
  shiftDateTime,
  startOfWeek,
  truncate,
  weekdayOf,
} from './calendar.ts';

describe('calendar arithmetic on wall-clock dates', () => {
  it('adds days across months and years', () => {
    expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('adds months keeping the day when it exists, clamping when it does not', () => {
    expect(addMonths({ year: 2026, month: 11, day: 23 }, 2)).toEqual({ year: 2027, month: 1, day: 23 });
    expect(addMonths({ year: 2027, month: 1, day: 31 }, 1)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(addMonths({ year: 2027, month: 1, day: 15 }, -2)).toEqual({ year: 2026, month: 11, day: 15 });
  });

  it('knows weekdays (Monday first) and month lengths', () => {
    expect(weekdayOf({ year: 2026, month: 11, day: 23 })).toBe(1);
    expect(weekdayOf({ year: 2026, month: 11, day: 29 })).toBe(7);
    expect(startOfWeek({ year: 2026, month: 11, day: 29 })).toEqual({ year: 2026, month: 11, day: 23 });
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(isValidDate(2027, 2, 29)).toBe(false);
  });

  it('shifts and truncates wall-clock times', () => {
    const value = { year: 2026, month: 11, day: 23, hour: 23, minute: 30, second: 15 };
    expect(shiftDateTime(value, 45, 'minute')).toEqual({
      year: 2026,
      month: 11,
      day: 24,
      hour: 0,
      minute: 15,
      second: 15,
    });
    expect(shiftDateTime(value, 1, 'quarter')).toEqual({ ...value, year: 2027, month: 2 });
    expect(truncate(value, 'week')).toEqual({
      year: 2026,
      month: 11,
      day: 23,
      hour: 0,
      minute: 0,
      second: 0,
    });
    expect(truncate(value, 'quarter')).toEqual({
      year: 2026,
      month: 10,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
    });
  });
});
