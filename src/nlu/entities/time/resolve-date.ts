/** Finds the calendar day a DateSpec means, preferring the future (bookings) unless anchored otherwise. */
import {
  addDays,
  addMonths,
  compareDates,
  isValidDate,
  startOfWeek,
  weekdayOf,
  type LocalDate,
} from './calendar.ts';
import type { Anchor, DateSpec, Reference, WeekdayMode } from './time-value.ts';

export function resolveDate(spec: DateSpec, reference: Reference, anchor?: Anchor): LocalDate | null {
  const base = baseDate(spec, reference, anchor);
  if (!base || !spec.shift) return base;
  const { amount, unit } = spec.shift;
  if (unit === 'day') return addDays(base, amount);
  if (unit === 'week') return addDays(base, amount * 7);
  return addMonths(base, unit === 'year' ? amount * 12 : amount);
}

function baseDate(spec: DateSpec, reference: Reference, anchor?: Anchor): LocalDate | null {
  const today = reference.today;
  if (spec.relativeDays !== undefined) return addDays(today, spec.relativeDays);
  if (spec.weekday !== undefined && spec.weekOffset !== undefined) {
    return addDays(startOfWeek(today), spec.weekOffset * 7 + spec.weekday - 1);
  }
  if (spec.day !== undefined) return dayOfMonth(spec, spec.day, reference, anchor);
  if (spec.weekday !== undefined) return weekdayDate(spec.weekday, spec.weekdayMode ?? 'next', today, anchor);
  return null;
}

function valid(year: number, month: number, day: number): LocalDate | null {
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

function fits(candidate: LocalDate, anchor: Anchor): boolean {
  const order = compareDates(candidate, anchor.date);
  return anchor.direction === 'future' ? order >= 0 : order <= 0;
}

function dayOfMonth(spec: DateSpec, day: number, reference: Reference, anchor?: Anchor): LocalDate | null {
  const today = reference.today;
  const toward = anchor ?? { date: today, direction: 'future' };
  const step = toward.direction === 'future' ? 1 : -1;
  if (spec.month !== undefined) {
    if (spec.year !== undefined) return valid(spec.year, spec.month, day);
    if (spec.yearOffset !== undefined) return valid(today.year + spec.yearOffset, spec.month, day);
    // the nearest such day in the wanted direction; 29 February may be up to eight years away
    for (let offset = -step; Math.abs(offset) <= 9; offset += step) {
      const candidate = valid(toward.date.year + offset, spec.month, day);
      if (candidate && fits(candidate, toward)) return candidate;
    }
    return null;
  }
  if (spec.year !== undefined) return null;
  if (spec.monthOffset !== undefined) {
    const month = addMonths({ ...today, day: 1 }, spec.monthOffset);
    return valid(month.year, month.month, day);
  }
  // a day of the month alone: this month's, or the next month's that has it (and the weekday, if said)
  const search = (withWeekday: boolean): LocalDate | null => {
    for (let offset = -step; Math.abs(offset) <= 13; offset += step) {
      const month = addMonths({ ...toward.date, day: 1 }, offset);
      const candidate = valid(month.year, month.month, day);
      if (!candidate || !fits(candidate, toward)) continue;
      if (withWeekday && spec.weekday !== undefined && weekdayOf(candidate) !== spec.weekday) continue;
      return candidate;
    }
    return null;
  };
  return (spec.weekday !== undefined ? search(true) : null) ?? search(false);
}

function weekdayDate(weekday: number, mode: WeekdayMode, today: LocalDate, anchor?: Anchor): LocalDate {
  const monday = startOfWeek(today);
  switch (mode) {
    case 'this': {
      const candidate = addDays(monday, weekday - 1);
      return compareDates(candidate, today) < 0 ? addDays(candidate, 7) : candidate;
    }
    case 'nextWeek':
      return addDays(monday, 7 + weekday - 1);
    case 'lastWeek':
      return addDays(monday, -7 + weekday - 1);
    case 'previous': {
      const back = (weekdayOf(today) - weekday + 7) % 7 || 7;
      return addDays(today, -back);
    }
    case 'next': {
      if (anchor) {
        const from = anchor.date;
        const distance = (weekday - weekdayOf(from) + 7) % 7;
        return anchor.direction === 'future' ? addDays(from, distance) : addDays(from, -((7 - distance) % 7));
      }
      const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
      return addDays(today, ahead);
    }
  }
}
