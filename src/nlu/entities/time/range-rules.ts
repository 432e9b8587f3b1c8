/**
 * Rules for ranges whose ends are not expressions of their own: hours written as bare numbers ("de 3 a
 * 5", "entre 3 y 5 de la tarde", "6-8pm") and days sharing one month ("del 2 al 5 de enero", "9 a 12 de
 * junio", "noviembre 19-20"). Ranges between full expressions are built by `combineAtoms`.
 */
import { rule, type Rule } from './grammar.ts';
import type { ClockSpec, TimeValue } from './time-value.ts';
import {
  DAY,
  HOUR_WORDS,
  MONTH,
  YEAR,
  dayNumber,
  monthNumber,
  numberValue,
  partOfDay,
  yearNumber,
} from './vocabulary.ts';

const END = (n: number) =>
  `(?:las?\\s+)?(?<hour${n}>\\d{1,2}|${HOUR_WORDS})(?:[:.](?<minute${n}>[0-5]\\d))?(?:\\s*(?<meridiem${n}>a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![\\p{L}]))?(?:\\s+(?:de|en|por)\\s+la\\s+(?<part${n}>manana|tarde|noche))?`;
/** "de 2 a 5 de enero" is days, "entre 2 y 3 horas" a duration, "de 2 a 3 personas" not a time at all. */
const NOT_A_TIME_AFTER = `(?!\\s*(?:(?:de|del)\\s+${MONTH}|%|horas?|minutos?|mins?|dias?|semanas?|mes|meses|anos?|hours?|days?|weeks?|personas?|people|veces|cuotas|pagos|pesos|dolares|euros|mil|millones|unidades|kilos?|km|metros))`;

function clockEnd(groups: Record<string, string | undefined>, n: number): ClockSpec | null {
  const hourText = groups[`hour${n}`] ?? '';
  const hour = numberValue(hourText.replace(/\s+/g, ' '));
  const minute = groups[`minute${n}`] !== undefined ? Number(groups[`minute${n}`]) : 0;
  if (hour === undefined || hour > 24) return null;
  const written = groups[`meridiem${n}`];
  const part = partOfDay(groups[`part${n}`] ?? '');
  const meridiem = written
    ? written.startsWith('a')
      ? 'am'
      : 'pm'
    : part === 'morning'
      ? 'am'
      : part === 'afternoon'
        ? 'pm'
        : part === 'night'
          ? 'night'
          : undefined;
  if (meridiem && meridiem !== 'night' && hour > 12) return null;
  const twentyFour = hour > 12 || hour === 0 || /^0\d/.test(hourText);
  return { hour, minute, second: 0, meridiem, twentyFour, grain: minute ? 'minute' : 'hour' };
}

function clockRange(groups: Record<string, string | undefined>): TimeValue | null {
  const from = clockEnd(groups, 1);
  const to = clockEnd(groups, 2);
  if (!from || !to) return null;
  return { kind: 'range', from: { kind: 'clock', clock: from }, to: { kind: 'clock', clock: to } };
}

export const RANGE_RULES: Rule[] = [
  rule(
    'hours-range',
    `(?:entre|de|desde|from|between)\\s+${END(1)}\\s*(?:y|a|-|–|hasta|to|and|till|until)\\s*${END(2)}${NOT_A_TIME_AFTER}`,
    clockRange,
    /(?:entre|de|desde|from|between)\s/u,
  ),
  rule(
    'hours-range-with-meridiem',
    `${END(1)}\\s*(?:-|–|a|to)\\s*(?:las?\\s+)?(?<hour2>\\d{1,2})(?:[:.](?<minute2>[0-5]\\d))?(?:\\s*(?<meridiem2>a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![\\p{L}])|\\s+(?:de|en|por)\\s+la\\s+(?<part2>manana|tarde|noche))`,
    clockRange,
    /[ap]\.?\s?m|manana|tarde|noche/u,
  ),
  rule(
    'days-of-a-month',
    `(?:(?<prefix>del?|desde|entre|from|between)\\s+(?:el\\s+)?)?(?<day1>${DAY})\\s*(?<connector>al?|-|–|y(?:\\s+el)?|hasta(?:\\s+el)?|to|and)\\s*(?<day2>${DAY})(?:\\s+(?:de|del|of)|\\s*[-/]|\\s+)\\s*(?<month>${MONTH})(?:\\s*,?\\s*(?:de|del|en)?\\s*(?<year>${YEAR}))?|(?<month2>${MONTH})\\s+(?<day3>${DAY})\\s*(?:-|–|al?|to)\\s*(?<day4>${DAY})(?:\\s*,?\\s*(?:de|del)?\\s*(?<year2>${YEAR}))?`,
    (groups, context) => {
      const first = dayNumber(groups['day1'] ?? groups['day3'] ?? '');
      const last = dayNumber(groups['day2'] ?? groups['day4'] ?? '');
      const month = monthNumber(groups['month'] ?? groups['month2'] ?? '');
      const yearText = groups['year'] ?? groups['year2'];
      const year = yearText === undefined ? undefined : yearNumber(yearText, context.year);
      if (first === undefined || last === undefined || month === undefined || first > last) return null;
      // "los días 18 y 19 de junio" lists two days; "entre el 18 y el 19" is a range
      if (/^(?:y|and)/.test(groups['connector'] ?? '') && !/entre|between/.test(groups['prefix'] ?? ''))
        return null;
      return {
        kind: 'range',
        from: { kind: 'date', date: { day: first, month, year } },
        to: { kind: 'date', date: { day: last, month, year } },
      };
    },
    /ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic|jan|apr|aug|dec/u,
  ),
];
