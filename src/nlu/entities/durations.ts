/**
 * The `duration` entity: "48 meses", "a 4 años", "media hora", "una hora y media", "un año y tres meses".
 * `value` is the amount in `unit` (the smallest unit written, so "una hora y 30 minutos" is 90 minute),
 * and `normalized` the same in seconds, counting as Duckling does: a month is 30 days, a year 365.
 * Example: "a 4 años" → `{ value: 4, unit: 'year', normalized: { value: 126144000, unit: 'second' } }`.
 */
import type { Entity } from '../parse-result.ts';
import { entityAt } from './entity-candidate.ts';
import { allMatches, wholeWords } from './folded-text.ts';
import { smallNumberSource, smallNumberValue } from './number-words.ts';
import { parseNumericLiteral } from './quantities.ts';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const SECONDS_PER_UNIT: Record<DurationUnit, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
  year: 31_536_000,
};

const UNIT_ORDER: DurationUnit[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];

/** Folded unit words → unit, Spanish and English. A night (of a stay) counts as a day. */
export const DURATION_UNIT_WORDS: [string, DurationUnit][] = [
  ['segundos?|segs?|seconds?|secs?', 'second'],
  ['minutos?|mins?|minutes?', 'minute'],
  ['horas?|hras?|hrs?|hours?|h', 'hour'],
  ['dias?|days?|noches?|nights?', 'day'],
  ['semanas?|weeks?', 'week'],
  ['mes|meses|months?', 'month'],
  ['anos?|years?', 'year'],
];

export function durationUnitOf(word: string): DurationUnit | undefined {
  return DURATION_UNIT_WORDS.find(([source]) => new RegExp(`^(?:${source})$`, 'u').test(word))?.[1];
}

const UNIT = DURATION_UNIT_WORDS.map(([source]) => source).join('|');
/** An amount of a duration: digits, a number in words, "un", "medio", "½". */
export const DURATION_AMOUNT_SOURCE = `\\d+(?:[.,]\\d+)?|½|medio|media|${smallNumberSource(1, 99)}|an?`;
// words need a space before the unit ("ah" is not "a h"); digits need not ("5h")
const PART = `(\\d+(?:[.,]\\d+)?|½|(?:${DURATION_AMOUNT_SOURCE})(?=\\s))\\s*(${UNIT})(?:\\s+y\\s+(medio|media|cuarto))?`;
const PART_GROUPLESS = PART.replace(/\((?!\?)/g, '(?:');
/** A duration, with no capturing groups, to compose into other patterns: "2 horas", "un año y tres meses". */
export const DURATION_SOURCE = `${PART_GROUPLESS}(?:(?:\\s*,\\s*|\\s+y\\s+|\\s+and\\s+|\\s+)${PART_GROUPLESS})*|cuarto\\s+de\\s+hora|tres\\s+cuartos\\s+de\\s+hora|media\\s+hora`;
const PATTERN = new RegExp(wholeWords(DURATION_SOURCE), 'gu');
const PART_PATTERN = new RegExp(PART, 'gu');

export function amountValue(text: string): number | undefined {
  if (text === '½' || text === 'medio' || text === 'media') return 0.5;
  if (text === 'a' || text === 'an') return 1;
  if (/^\d/.test(text)) return parseNumericLiteral(text) ?? undefined;
  return smallNumberValue(text);
}

export interface DurationValue {
  value: number;
  unit: DurationUnit;
  normalized: { value: number; unit: 'second' };
}

/** Reads a duration already known to match: "una hora y media" → 1.5 hour. */
export function parseDuration(text: string): DurationValue | null {
  if (/^cuarto\s+de\s+hora$/u.test(text)) return durationOf([{ amount: 15, unit: 'minute' }]);
  if (/^tres\s+cuartos\s+de\s+hora$/u.test(text)) return durationOf([{ amount: 45, unit: 'minute' }]);
  const parts: { amount: number; unit: DurationUnit }[] = [];
  for (const match of allMatches(PART_PATTERN, text)) {
    const amount = amountValue(match[1] ?? '');
    const unit = durationUnitOf(match[2] ?? '');
    if (amount === undefined || unit === undefined) return null;
    const extra = match[3] === 'cuarto' ? 0.25 : match[3] ? 0.5 : 0;
    parts.push({ amount: amount + extra, unit });
  }
  return parts.length > 0 ? durationOf(parts) : null;
}

function durationOf(parts: { amount: number; unit: DurationUnit }[]): DurationValue {
  const seconds = parts.reduce((sum, part) => sum + part.amount * SECONDS_PER_UNIT[part.unit], 0);
  const smallest = parts
    .map((part) => part.unit)
    .sort((a, b) => UNIT_ORDER.indexOf(a) - UNIT_ORDER.indexOf(b))[0] as DurationUnit;
  // years and months add up on the calendar ("un año y tres meses" is 15 months); the rest by seconds
  const calendar = parts.every((part) => part.unit === 'year' || part.unit === 'month');
  const value =
    parts.length === 1
      ? (parts[0]?.amount ?? 0)
      : calendar
        ? parts.reduce((sum, part) => sum + part.amount * (part.unit === 'year' ? 12 : 1), 0)
        : seconds / SECONDS_PER_UNIT[smallest];
  return { value: round(value), unit: smallest, normalized: { value: round(seconds), unit: 'second' } };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function extractDurations(folded: string): Entity[] {
  const found: Entity[] = [];
  for (const match of allMatches(PATTERN, folded)) {
    const duration = parseDuration(match[0]);
    // a lone "a"/"an" is an article, and "h" needs digits before it ("5 h", not "una h")
    if (
      !duration ||
      (/^an?\s/u.test(match[0]) && !/^an?\s+(?:hour|day|week|month|year|minute|second)/u.test(match[0]))
    )
      continue;
    found.push(
      entityAt('duration', match.index, match.index + match[0].length, duration.value, {
        unit: duration.unit,
        normalized: duration.normalized,
      }),
    );
  }
  return found;
}
