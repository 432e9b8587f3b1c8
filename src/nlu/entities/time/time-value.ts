/**
 * What the time grammar understands a span to mean, before it is resolved against a clock: a day, a
 * time of day, a part of the day, a month or a year (kept as structure so that neighbours can be
 * combined: "el lunes" + "a las 3"), a range or an open range of those, or anything already computable
 * from the reference ("la próxima semana", "en 2 horas").
 */
import type { LocalDate, LocalDateTime, TimeGrain } from './calendar.ts';
import type { PartOfDay } from './vocabulary.ts';

/** The clock a message is read against. */
export interface Reference {
  now: Date;
  timezone: string;
  /** `now` on the zone's wall clock. */
  local: LocalDateTime;
  today: LocalDate;
}

export type Resolved =
  | { kind: 'instant'; at: LocalDateTime; grain: TimeGrain }
  | { kind: 'interval'; from?: LocalDateTime; to?: LocalDateTime; grain: TimeGrain };

/**
 * Which way a date without year (or month) is looked for: the first one on or after `anchor`, or the
 * last one on or before it. Bookings look forward from today.
 */
export interface Anchor {
  date: LocalDate;
  direction: 'future' | 'past';
}

export type WeekdayMode =
  /** "el lunes": the next one after today. */
  | 'next'
  /** "este viernes": the one of this week, or of the next when this week's has passed. */
  | 'this'
  /** "el próximo martes", "el martes que viene": the one of next week. */
  | 'nextWeek'
  /** "el martes pasado": the one of last week. */
  | 'lastWeek'
  /** "este martes pasado": the last one before today. */
  | 'previous';

export interface DateSpec {
  year?: number;
  month?: number;
  day?: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday?: number;
  weekdayMode?: WeekdayMode;
  /** With `weekday`: that day of the week this many weeks from the current one. */
  weekOffset?: number;
  /** With `day`: that day of the month this many months from the current one ("el 21 de este mes"). */
  monthOffset?: number;
  /** With `month` and `day`: in the year this many years from now ("el 2 de enero del próximo año"). */
  yearOffset?: number;
  /** Days from today: hoy 0, mañana 1, ayer −1. */
  relativeDays?: number;
  /** Moved by an amount after the rest is resolved ("dos días después de hoy"). */
  shift?: { amount: number; unit: 'day' | 'week' | 'month' | 'year' };
}

export interface ClockSpec {
  /** As written: 0–24, read on a 12-hour dial unless `twentyFour` or a meridiem says otherwise. */
  hour: number;
  minute: number;
  second: number;
  /** am, pm, or night ("de la noche": pm, but 12 is midnight). */
  meridiem?: 'am' | 'pm' | 'night';
  /** Written as a 24-hour time ("15:00", "07:30", "a las 15"). */
  twentyFour: boolean;
  grain: 'hour' | 'minute' | 'second';
}

export type TimeValue =
  | { kind: 'date'; date: DateSpec }
  | { kind: 'clock'; clock: ClockSpec; date?: DateSpec }
  | { kind: 'part'; part: PartOfDay; date?: DateSpec }
  | { kind: 'month'; month?: number; year?: number; monthOffset?: number; yearOffset?: number }
  | { kind: 'year'; year?: number; yearOffset?: number }
  | { kind: 'range'; from: TimeValue; to: TimeValue }
  | { kind: 'open'; side: 'after' | 'before' | 'since' | 'until'; bound: TimeValue }
  | { kind: 'computed'; resolve: (reference: Reference) => Resolved | null };

export interface TimeAtom {
  start: number;
  end: number;
  value: TimeValue;
  /** Too ambiguous alone ("el 15"); kept only when combined with something else or introduced ("para el 15"). */
  weak?: boolean;
}
