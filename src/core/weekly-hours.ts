/**
 * Weekly hours as a business writes them in its files — `{ lunes: "08:00-12:00, 14:00-18:00", domingo:
 * cerrado }` — read into minute ranges per ISO weekday: a clinic's opening hours, a professional's
 * schedule, an agent's shift.
 */
import { z } from 'zod';

/** 1 = Monday … 7 = Sunday (ISO). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Minutes since midnight, wall clock: [from, to). */
export interface TimeRange {
  from: number;
  to: number;
}

/** Ranges per weekday; a weekday without ranges is a day off. */
export type WeeklySchedule = Record<Weekday, TimeRange[]>;

const WEEKDAYS: Record<string, Weekday> = {
  lunes: 1,
  martes: 2,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sabado: 6,
  domingo: 7,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const CLOSED = new Set(['cerrado', 'closed']);
const RANGE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function emptySchedule(): WeeklySchedule {
  return { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
}

/**
 * `"08:00-12:00, 14:00-18:00"` → ranges, `"cerrado"` → none; or the reason (a string) when the text is
 * not that. With `gridMinutes`, every time must fall on that grid (a clinic books on quarter hours).
 */
export function parseRanges(text: string, gridMinutes?: number): TimeRange[] | string {
  if (CLOSED.has(foldAccents(text.trim()))) return [];
  const ranges: TimeRange[] = [];
  for (const part of text.split(',')) {
    const match = RANGE.exec(part.trim());
    if (!match)
      return `"${part.trim()}" is not a range — write "08:00-18:00", several separated by commas, or "cerrado"`;
    const [fromHour, fromMinute, toHour, toMinute] = match.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (fromHour > 24 || toHour > 24 || fromMinute > 59 || toMinute > 59) {
      return `"${part.trim()}" is not a time of day — use 00:00 to 24:00`;
    }
    const range = { from: fromHour * 60 + fromMinute, to: toHour * 60 + toMinute };
    if (range.to <= range.from || range.to > 24 * 60) {
      return `"${part.trim()}" ends before it starts — write the earlier time first`;
    }
    if (gridMinutes && (range.from % gridMinutes !== 0 || range.to % gridMinutes !== 0)) {
      return `"${part.trim()}" is not on a multiple of ${gridMinutes} minutes — use times such as 08:00 or 08:${String(gridMinutes).padStart(2, '0')}`;
    }
    ranges.push(range);
  }
  ranges.sort((a, b) => a.from - b.from);
  for (let index = 1; index < ranges.length; index++) {
    if (ranges[index]!.from < ranges[index - 1]!.to) return `"${text}" has overlapping ranges — merge them`;
  }
  return ranges;
}

/** The schema of weekly hours; weekdays not listed are days off. */
export function weeklyScheduleSchema(gridMinutes?: number) {
  return z
    .record(z.string(), z.string({ error: 'must be a text such as "08:00-18:00" or "cerrado"' }), {
      error: 'must map weekdays to hours, e.g. { lunes: "08:00-18:00", domingo: cerrado }',
    })
    .transform((days, context) => {
      const schedule = emptySchedule();
      for (const [day, text] of Object.entries(days)) {
        const weekday = WEEKDAYS[foldAccents(day)];
        if (!weekday) {
          context.addIssue({
            code: 'custom',
            path: [day],
            message: `"${day}" is not a weekday — use lunes, martes, miércoles, jueves, viernes, sábado or domingo`,
          });
          continue;
        }
        const ranges = parseRanges(text, gridMinutes);
        if (typeof ranges === 'string') context.addIssue({ code: 'custom', path: [day], message: ranges });
        else schedule[weekday] = ranges;
      }
      return schedule;
    });
}
