/** Wall-clock dates and times with no zone attached, and the calendar arithmetic on them. */

export interface LocalDate {
  year: number;
  /** 1 = January … 12 = December. */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** Units of calendar arithmetic, and the grain of a resolved time (as in Duckling). */
export type TimeGrain = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const DAY_MS = 86_400_000;

function toUtcMs(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromUtcMs(ms: number): LocalDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Adds months keeping the day of the month, clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** 1 = Monday … 7 = Sunday (ISO). */
export function weekdayOf(date: LocalDate): number {
  const day = new Date(toUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week that holds `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return toUtcMs(a) - toUtcMs(b);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function atTime(date: LocalDate, hour = 0, minute = 0, second = 0): LocalDateTime {
  return { year: date.year, month: date.month, day: date.day, hour, minute, second };
}

export function dateOf(value: LocalDateTime): LocalDate {
  return { year: value.year, month: value.month, day: value.day };
}

/** Milliseconds of the wall-clock value read as if it were UTC: for comparing and shifting wall-clock values. */
export function wallMs(value: LocalDateTime): number {
  return Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
}

export function fromWallMs(ms: number): LocalDateTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** Shifts a wall-clock value by an amount of a calendar unit (months and years keep the day, clamped). */
export function shiftDateTime(value: LocalDateTime, amount: number, unit: TimeGrain): LocalDateTime {
  switch (unit) {
    case 'year':
      return { ...value, ...addMonths(value, amount * 12) };
    case 'quarter':
      return { ...value, ...addMonths(value, amount * 3) };
    case 'month':
      return { ...value, ...addMonths(value, amount) };
    case 'week':
      return { ...value, ...addDays(value, amount * 7) };
    case 'day':
      return { ...value, ...addDays(value, amount) };
    case 'hour':
      return fromWallMs(wallMs(value) + amount * 3_600_000);
    case 'minute':
      return fromWallMs(wallMs(value) + amount * 60_000);
    case 'second':
      return fromWallMs(wallMs(value) + amount * 1000);
  }
}

/** The start of the `grain` that holds `value` (weeks start on Monday). */
export function truncate(value: LocalDateTime, grain: TimeGrain): LocalDateTime {
  switch (grain) {
    case 'year':
      return atTime({ year: value.year, month: 1, day: 1 });
    case 'quarter':
      return atTime({ year: value.year, month: value.month - ((value.month - 1) % 3), day: 1 });
    case 'month':
      return atTime({ year: value.year, month: value.month, day: 1 });
    case 'week':
      return atTime(startOfWeek(value));
    case 'day':
      return atTime(value);
    case 'hour':
      return { ...value, minute: 0, second: 0 };
    case 'minute':
      return { ...value, second: 0 };
    case 'second':
      return value;
  }
}
