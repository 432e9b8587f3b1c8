/** Resolves what the grammar understood (a TimeValue) against the turn's clock into wall-clock values. */
import {
  addDays,
  addMonths,
  atTime,
  dateOf,
  shiftDateTime,
  truncate,
  wallMs,
  type LocalDate,
  type LocalDateTime,
  type TimeGrain,
} from './calendar.ts';
import { resolveDate } from './resolve-date.ts';
import type { Anchor, ClockSpec, Reference, Resolved, TimeValue } from './time-value.ts';
import { PART_OF_DAY_HOURS, type PartOfDay } from './vocabulary.ts';

/**
 * The hour on a 24-hour dial. Without am/pm, a bare hour is read in business hours: 1–7 are afternoon
 * (15:00 for "a las 3"), 8–12 morning or noon; 24-hour times are taken as written. "12 de la noche" is
 * midnight, at the end of the day it is said of.
 */
export function hourOf(clock: ClockSpec): { hour: number; dayOffset: number } {
  const hour = clock.hour;
  switch (clock.meridiem) {
    case 'night':
      if (hour === 12 || hour === 24 || hour === 0) return { hour: 0, dayOffset: 1 };
      if (hour <= 4) return { hour, dayOffset: 1 };
      return { hour: hour < 12 ? hour + 12 : hour, dayOffset: 0 };
    case 'pm':
      return { hour: hour < 12 ? hour + 12 : hour % 24, dayOffset: 0 };
    case 'am':
      return { hour: hour === 12 ? 0 : hour % 24, dayOffset: 0 };
    default:
      if (clock.twentyFour || hour === 0 || hour > 12) return { hour: hour % 24, dayOffset: 0 };
      return { hour: hour <= 7 ? hour + 12 : hour, dayOffset: 0 };
  }
}

function at(date: LocalDate, clock: ClockSpec): LocalDateTime {
  const { hour, dayOffset } = hourOf(clock);
  return atTime(addDays(date, dayOffset), hour, clock.minute, clock.second);
}

function partInterval(date: LocalDate, part: PartOfDay): Resolved {
  const [from, to] = PART_OF_DAY_HOURS[part];
  return {
    kind: 'interval',
    from: atTime(date, from),
    to: atTime(addDays(date, Math.floor(to / 24)), to % 24),
    grain: 'hour',
  };
}

export function startOf(resolved: Resolved): LocalDateTime | undefined {
  return resolved.kind === 'instant' ? resolved.at : resolved.from;
}

const SPAN_GRAINS: TimeGrain[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The exclusive end: a day ends at the next midnight, a time of day is a point. */
export function endOf(resolved: Resolved): LocalDateTime | undefined {
  if (resolved.kind === 'interval') return resolved.to;
  return SPAN_GRAINS.includes(resolved.grain) ? shiftDateTime(resolved.at, 1, resolved.grain) : resolved.at;
}

export function resolveValue(value: TimeValue, reference: Reference, anchor?: Anchor): Resolved | null {
  switch (value.kind) {
    case 'date': {
      const date = resolveDate(value.date, reference, anchor);
      return date ? { kind: 'instant', at: atTime(date), grain: 'day' } : null;
    }
    case 'clock': {
      if (value.date) {
        const date = resolveDate(value.date, reference, anchor);
        return date ? { kind: 'instant', at: at(date, value.clock), grain: value.clock.grain } : null;
      }
      const today = at(reference.today, value.clock);
      const passed = wallMs(today) < wallMs(truncate(reference.local, value.clock.grain));
      return {
        kind: 'instant',
        at: passed ? at(addDays(reference.today, 1), value.clock) : today,
        grain: value.clock.grain,
      };
    }
    case 'part': {
      if (value.date) {
        const date = resolveDate(value.date, reference, anchor);
        return date ? partInterval(date, value.part) : null;
      }
      const today = partInterval(reference.today, value.part);
      const end = endOf(today);
      const passed = end !== undefined && wallMs(end) <= wallMs(reference.local);
      return passed ? partInterval(addDays(reference.today, 1), value.part) : today;
    }
    case 'month':
      return resolveMonth(value, reference, anchor);
    case 'year': {
      const year = value.year ?? reference.today.year + (value.yearOffset ?? 0);
      return {
        kind: 'interval',
        from: atTime({ year, month: 1, day: 1 }),
        to: atTime({ year: year + 1, month: 1, day: 1 }),
        grain: 'year',
      };
    }
    case 'range':
      return resolveRange(value.from, value.to, reference);
    case 'open':
      return resolveOpen(value.side, value.bound, reference);
    case 'computed':
      return value.resolve(reference);
  }
}

function monthInterval(start: LocalDate): Resolved {
  return { kind: 'interval', from: atTime(start), to: atTime(addMonths(start, 1)), grain: 'month' };
}

function resolveMonth(
  value: Extract<TimeValue, { kind: 'month' }>,
  reference: Reference,
  anchor?: Anchor,
): Resolved | null {
  const today = reference.today;
  if (value.month === undefined)
    return monthInterval(addMonths({ ...today, day: 1 }, value.monthOffset ?? 0));
  if (value.year !== undefined) return monthInterval({ year: value.year, month: value.month, day: 1 });
  if (value.yearOffset !== undefined) {
    return monthInterval({ year: today.year + value.yearOffset, month: value.month, day: 1 });
  }
  const toward = anchor ?? { date: today, direction: 'future' };
  const index = toward.date.year * 12 + toward.date.month - 1;
  let year = toward.date.year;
  if (toward.direction === 'future' && year * 12 + value.month - 1 < index) year += 1;
  if (toward.direction === 'past' && year * 12 + value.month - 1 > index) year -= 1;
  return monthInterval({ year, month: value.month, day: 1 });
}

function isClock(value: TimeValue): value is Extract<TimeValue, { kind: 'clock' }> {
  return value.kind === 'clock';
}

/** "de 1/10 a 5/10", "del 2 al 5 de enero": the first end borrows the month and year of the second. */
function borrowMonth(from: TimeValue, to: TimeValue): TimeValue {
  if (from.kind !== 'date' || to.kind !== 'date') return from;
  const [start, end] = [from.date, to.date];
  if (start.day === undefined || start.month !== undefined || start.relativeDays !== undefined) return from;
  if (end.month === undefined || end.day === undefined || start.day > end.day) return from;
  return { kind: 'date', date: { ...start, month: end.month, year: end.year, yearOffset: end.yearOffset } };
}

/**
 * A range of days or longer: the end is found first (future first), then the start as the last one on or
 * before it ("de marzo a mayo" in September: March to May of next year); when the start is fixed and the
 * end floats ("desde el próximo lunes hasta el viernes"), the end is the first one after the start.
 */
function resolveRange(from: TimeValue, to: TimeValue, reference: Reference): Resolved | null {
  if (isClock(from) && isClock(to)) return resolveClockRange(from, to, reference);
  const interval = (first: Resolved | null, last: Resolved | null): Resolved | null => {
    const start = first && startOf(first);
    const end = last && endOf(last);
    if (!first || !start || !end || wallMs(end) <= wallMs(start)) return null;
    return { kind: 'interval', from: start, to: end, grain: first.grain };
  };
  const last = resolveValue(to, reference);
  const lastStart = last && startOf(last);
  const backwards =
    lastStart &&
    resolveValue(borrowMonth(from, to), reference, { date: dateOf(lastStart), direction: 'past' });
  const found = interval(backwards ?? null, last);
  if (found) return found;
  const first = resolveValue(from, reference);
  const firstStart = first && startOf(first);
  return firstStart
    ? interval(first, resolveValue(to, reference, { date: dateOf(firstStart), direction: 'future' }))
    : null;
}

function resolveClockRange(
  from: Extract<TimeValue, { kind: 'clock' }>,
  to: Extract<TimeValue, { kind: 'clock' }>,
  reference: Reference,
): Resolved | null {
  let first = from.clock;
  let second = to.clock;
  // "de 5 a 6 de la tarde": the meridiem said once holds for both ends, when that keeps them in order
  if (!first.meridiem && !first.twentyFour && second.meridiem) {
    first = { ...first, meridiem: second.meridiem };
    if (hourOf(first).hour > hourOf(second).hour) first = { ...first, meridiem: 'am' };
  }
  if (!second.meridiem && !second.twentyFour && first.meridiem) {
    second = { ...second, meridiem: first.meridiem };
    if (hourOf(second).hour <= hourOf(first).hour && first.meridiem === 'am')
      second = { ...second, meridiem: 'pm' };
  }
  let start = hourOf(first).hour * 60 + first.minute;
  let end = hourOf(second).hour * 60 + second.minute;
  // "de 7 a 9" is 7:00–9:00, not 19:00–9:00; "de 10 a 3" is 10:00–15:00
  if (start >= end && !first.meridiem && !first.twentyFour && start >= 12 * 60 && first.hour <= 12)
    start -= 12 * 60;
  if (start >= end && !second.meridiem && !second.twentyFour && end < 12 * 60) end += 12 * 60;
  const dateSpec = from.date ?? to.date;
  let day = dateSpec ? resolveDate(dateSpec, reference) : reference.today;
  if (!day) return null;
  if (!dateSpec) {
    const endToday = wallMs(atTime(reference.today)) + Math.min(end, 24 * 60) * 60_000;
    if (endToday <= wallMs(reference.local)) day = addDays(reference.today, 1);
  }
  const base = atTime(day);
  const startAt = shiftDateTime(base, start, 'minute');
  const endAt = shiftDateTime(base, end <= start ? end + 24 * 60 : end, 'minute');
  const grain = first.minute || second.minute ? 'minute' : 'hour';
  return {
    kind: 'interval',
    from: { ...startAt, second: first.second },
    to: { ...endAt, second: second.second },
    grain,
  };
}

function resolveOpen(
  side: 'after' | 'before' | 'since' | 'until',
  bound: TimeValue,
  reference: Reference,
): Resolved | null {
  const resolved = resolveValue(bound, reference);
  if (!resolved) return null;
  const start = startOf(resolved);
  const end = endOf(resolved);
  switch (side) {
    case 'after':
      return end ? { kind: 'interval', from: end, grain: resolved.grain } : null;
    case 'since':
      return start ? { kind: 'interval', from: start, grain: resolved.grain } : null;
    case 'before':
      return start ? { kind: 'interval', to: start, grain: resolved.grain } : null;
    case 'until':
      return end ? { kind: 'interval', to: end, grain: resolved.grain } : null;
  }
}
