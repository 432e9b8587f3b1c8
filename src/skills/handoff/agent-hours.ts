/**
 * An agent's weekly hours ("lunes: 08:00-12:00, 14:00-18:00") and the questions asked of them: is the
 * agent working at an instant, and when is the next opening.
 */
import { weeklyScheduleSchema, type Weekday, type WeeklySchedule } from '../../core/weekly-hours.ts';
import { addDays, atTime, dateOf, weekdayOf } from '../../nlu/entities/time/calendar.ts';
import { fromLocal, toLocal } from '../../nlu/entities/time/zoned-time.ts';

/** An agent's shifts; weekdays not listed are days off. */
export type WeeklyHours = WeeklySchedule;

/** `{ lunes: "08:00-18:00", sabado: "09:00-13:00" }`. */
export const weeklyHoursSchema = weeklyScheduleSchema();

/** Whether `instant` falls inside the weekly hours, on the wall clock of `timezone`. */
export function isWithinHours(hours: WeeklyHours, instant: Date, timezone: string): boolean {
  const local = toLocal(instant, timezone);
  const minute = local.hour * 60 + local.minute;
  return hours[weekdayOf(local) as Weekday].some((range) => range.from <= minute && minute < range.to);
}

/** The first instant at or after `instant` inside the weekly hours, within a week; null when there is none. */
export function nextOpening(hours: WeeklyHours, instant: Date, timezone: string): Date | null {
  const local = toLocal(instant, timezone);
  const nowMinute = local.hour * 60 + local.minute;
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(dateOf(local), offset);
    for (const range of hours[weekdayOf(date) as Weekday]) {
      if (offset === 0 && range.to <= nowMinute) continue;
      if (offset === 0 && range.from <= nowMinute) return instant;
      return fromLocal(atTime(date, Math.floor(range.from / 60), range.from % 60), timezone);
    }
  }
  return null;
}
