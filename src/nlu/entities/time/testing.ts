/** Helpers for the time grammar's tests: a fixed clock and short ways to read what was found. */
import { foldText } from '../folded-text.ts';
import { extractTimes, type TimeContext } from './time-extractor.ts';

/** Monday 23 November 2026, 09:00 in Bogotá (UTC−5 all year). */
export const MONDAY_9AM: TimeContext = { now: new Date('2026-11-23T14:00:00Z'), timezone: 'America/Bogota' };

export interface FoundTime {
  text: string;
  value: unknown;
  grain: unknown;
}

export function findTimes(text: string, context: TimeContext = MONDAY_9AM): FoundTime[] {
  return extractTimes(foldText(text), context).map((entity) => ({
    text: text.slice(entity.start, entity.end),
    value: entity.value,
    grain: entity['grain'],
  }));
}

/** The value of the only time in `text` with its grain, or null when there is not exactly one. */
export function onlyTime(
  text: string,
  context: TimeContext = MONDAY_9AM,
): { value: unknown; grain: unknown } | null {
  const found = findTimes(text, context);
  return found.length === 1 && found[0] ? { value: found[0].value, grain: found[0].grain } : null;
}

/** A day in Bogotá. */
export const day = (date: string) => ({ value: `${date}T00:00:00.000-05:00`, grain: 'day' });
/** A date-time in Bogotá. */
export const at = (dateTime: string, grain: string) => ({ value: `${dateTime}.000-05:00`, grain });
/** An interval in Bogotá; either end may be left open with null. */
export const between = (from: string | null, to: string | null, grain: string) => ({
  value: { ...(from ? { from: `${from}.000-05:00` } : {}), ...(to ? { to: `${to}.000-05:00` } : {}) },
  grain,
});
