/**
 * Rules for periods longer than a day, resolved as intervals: weeks ("esta semana", "la próxima
 * semana"), weekends, months ("el mes pasado", "enero", "diciembre de 2018"), years ("en 2019", "el año
 * que viene"), quarters and halves ("el primer trimestre de 2017", "segundo semestre").
 */
import { addDays, addMonths, atTime, startOfWeek, weekdayOf, type TimeGrain } from './calendar.ts';
import { rule, type Rule } from './grammar.ts';
import type { Reference, Resolved, TimeValue } from './time-value.ts';
import { MONTH, MONTH_NAME, YEAR, monthNumber, numberValue, yearNumber } from './vocabulary.ts';

function computed(resolve: (reference: Reference) => Resolved | null): TimeValue {
  return { kind: 'computed', resolve };
}

/** An interval of `count` units of `grain` starting at a day. */
function span(from: { year: number; month: number; day: number }, count: number, grain: TimeGrain): Resolved {
  const to =
    grain === 'week'
      ? addDays(from, 7 * count)
      : grain === 'day'
        ? addDays(from, count)
        : addMonths(from, count * (grain === 'year' ? 12 : grain === 'quarter' ? 3 : 1));
  return { kind: 'interval', from: atTime(from), to: atTime(to), grain };
}

function offsetOf(words: string): number {
  if (/semana\s+despues\s+de\s+la\s+proxima|week\s+after\s+next/.test(words)) return 2;
  if (/proxim|siguiente|que\s+viene|entrante|next/.test(words)) return 1;
  if (/pasad|anterior|ultim|last|previous/.test(words)) return -1;
  return 0;
}

const NEXT = '(?:proxim[oa]|siguiente|entrante)';
const LAST = '(?:pasad[oa]|anterior)';
const NEXT_OR_LAST = `(?:${NEXT}|${LAST}|que\\s+viene|actual|en\\s+curso|presente)`;
/** Month names that are also common words in English ("may", "march") count only with a day or year. */
const SAFE_MONTH_NAME = MONTH_NAME.split('|')
  .filter((name) => name !== 'may' && name !== 'march')
  .join('|');
/** A year in digits, with a lookbehind of the words that make a bare number a year. */
const YEAR_DIGITS = '(?:1[89]|2[01])\\d\\d';
const ORDINAL_PART =
  '(?<n>primer|primero|1er|1ro|1\\.?[º°]|segundo|2do|2\\.?[º°]|tercer|tercero|3er|3ro|3\\.?[º°]|cuarto|4to|4\\.?[º°]|first|second|third|fourth)';

function ordinalIndex(word: string): number {
  if (/^(?:primer|1|first)/.test(word)) return 1;
  if (/^(?:segundo|2|second)/.test(word)) return 2;
  if (/^(?:tercer|3|third)/.test(word)) return 3;
  return 4;
}

function yearFrom(
  groups: Record<string, string | undefined>,
  reference: Reference,
  currentYear: number,
): number | null {
  if (groups['year']) return yearNumber(groups['year'], currentYear) ?? null;
  return reference.today.year + offsetOf(groups['relative'] ?? '');
}

export const PERIOD_RULES: Rule[] = [
  rule(
    'week',
    `(?:esta|this)\\s+week|esta\\s+semana|(?:la\\s+)?semana\\s+(?:actual|en\\s+curso)|(?:la\\s+)?(?:${NEXT}|${LAST}|ultima)\\s+semana|(?:la\\s+)?semana\\s+(?:que\\s+viene|${NEXT}|${LAST})|(?:la\\s+)?semana\\s+despues\\s+de\\s+la\\s+proxima|(?:next|last|previous)\\s+week|(?:the\\s+)?week\\s+after\\s+next`,
    (_groups, _context, match) => {
      const offset = offsetOf(match[0]);
      return computed((reference) => span(addDays(startOfWeek(reference.today), offset * 7), 1, 'week'));
    },
    /semana|week/u,
  ),
  rule(
    'weekend',
    `(?:(?<which>este|el|el\\s+proximo|el\\s+pasado|this|next|last|the)\\s+)?(?:fin\\s+de\\s+semana|finde|weekend)(?:\\s+(?<after>que\\s+viene|pasado))?`,
    (groups) => {
      const offset = offsetOf(`${groups['which'] ?? ''} ${groups['after'] ?? ''}`);
      return computed((reference) => {
        // the coming (or current) weekend, Saturday 00:00 to Monday 00:00; "el próximo" on a weekday is the coming one
        const today = reference.today;
        const saturday = addDays(startOfWeek(today), 5);
        const weeks = offset === 1 && weekdayOf(today) < 6 ? 0 : offset;
        return span(addDays(saturday, weeks * 7), 2, 'day');
      });
    },
    /fin de semana|finde|weekend/u,
  ),
  rule(
    'relative-month',
    `(?:este|el\\s+presente|this)\\s+mes|(?:el\\s+)?mes\\s+${NEXT_OR_LAST}|(?:el\\s+)?(?:${NEXT}|${LAST})\\s+mes|(?:this|next|last)\\s+month`,
    (_groups, _context, match) => ({ kind: 'month', monthOffset: offsetOf(match[0]) }),
    /mes|month/u,
  ),
  rule(
    'month-of-year',
    `(?:(?<which>este|el\\s+proximo|el\\s+pasado|this|next|last)\\s+)?(?:(?:el\\s+)?mes\\s+de\\s+)?(?:(?<month>${MONTH})(?:\\s*,?\\s*(?:de|del|of)?\\s*|\\s*[/-]\\s*)(?<year>${YEAR}|'\\d\\d)|(?<month2>${MONTH})\\s+(?:de|del)\\s+(?<yy>\\d\\d)|(?<bare>${SAFE_MONTH_NAME}|(?:ene|feb|abr|jun|jul|ago|sept?|oct|nov|dic)\\.))`,
    (groups, context) => {
      const month = monthNumber(groups['month'] ?? groups['month2'] ?? groups['bare'] ?? '');
      if (month === undefined) return null;
      const written = groups['year'] ?? groups['yy'];
      if (written !== undefined) {
        const year = yearNumber(written, context.year);
        return year === undefined ? null : { kind: 'month', month, year };
      }
      const which = groups['which'] ?? '';
      if (/este|this/.test(which)) return { kind: 'month', month, yearOffset: 0 };
      return { kind: 'month', month };
    },
    /ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic|jan|apr|aug|dec/u,
  ),
  rule(
    'numeric-month-year',
    '(?<month>1[0-2]|0?[1-9])[/-](?<year>(?:19|20)\\d\\d)',
    (groups) => ({ kind: 'month', month: Number(groups['month']), year: Number(groups['year']) }),
    /\d[/-][12]\d{3}/u,
  ),
  rule(
    'relative-year',
    `(?:este|esta|el\\s+presente|this)\\s+ano(?:\\s+calendario)?|(?:el\\s+)?ano\\s+(?:calendario\\s+)?${NEXT_OR_LAST}|(?:el\\s+)?(?:${NEXT}|${LAST})\\s+ano|(?:this|next|last)\\s+year`,
    (_groups, _context, match) => ({ kind: 'year', yearOffset: offsetOf(match[0]) }),
    /ano|year/u,
  ),
  rule(
    'year',
    `(?:(?:el|en\\s+el)\\s+)?(?:ano|year)\\s+(?:calendario\\s+)?(?<year>${YEAR}|\\d\\d)|(?<=(?:^|[^\\p{L}])(?:en|del|desde|hasta|entre|antes\\s+de|despues\\s+de|a\\s+partir\\s+de|posterior\\s+a|posterior\\s+de|anterior\\s+a|anterior\\s+de|in|since|until|after|before|during|durante|(?:principios|inicios?|comienzos?|primeros|mediados|medianos|finales|fin|final|ultimos|semana|trimestre|semestre)\\s+de)\\s+)(?<year2>${YEAR_DIGITS})|(?<year3>${YEAR_DIGITS})(?=\\s*(?:a|al|hasta|-|~|y|and|to|hacia)\\s*(?:el\\s+)?(?:ano\\s+)?(?:${YEAR_DIGITS}|${MONTH_NAME}))|(?<=${YEAR_DIGITS}\\s*(?:a|al|hasta|-|~|y|and|to|hacia)\\s*(?:el\\s+)?)(?<year4>${YEAR_DIGITS})`,
    (groups, context) => {
      const written = groups['year'] ?? groups['year2'] ?? groups['year3'] ?? groups['year4'] ?? '';
      const year = yearNumber(written, context.year);
      return year === undefined ? null : { kind: 'year', year };
    },
    /\d\d/u,
  ),
  rule(
    'decade',
    `(?:la\\s+)?decada\\s+de(?:\\s+los)?\\s+(?<year>(?:1[89]|20)\\d0)|(?:los\\s+)?anos\\s+(?<yy>[1-9]0|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)|(?:the\\s+)?(?<year2>(?:1[89]|20)\\d0)s`,
    (groups, context) => {
      const tens =
        groups['yy'] === undefined ? undefined : (numberValue(groups['yy']) ?? Number(groups['yy']));
      let year = Number(groups['year'] ?? groups['year2']);
      if (tens !== undefined) year = 2000 + tens <= context.year ? 2000 + tens : 1900 + tens;
      if (!Number.isFinite(year)) return null;
      return computed(() => span({ year, month: 1, day: 1 }, 10, 'year'));
    },
    /decada|anos|\d0s/u,
  ),
  rule(
    'quarter',
    `(?:el\\s+)?${ORDINAL_PART}\\s+(?<unit>trimestre|semestre|quarter|half)(?:\\s*(?:de|del|of|-)?\\s*(?:(?<year>${YEAR_DIGITS})|(?<relative>(?:este|el)\\s+ano|ano\\s+(?:pasado|anterior|proximo|siguiente|que\\s+viene)|(?:proximo|siguiente|pasado)\\s+ano|ano)))?|(?<year2>${YEAR_DIGITS})\\s*-?\\s*[tq](?<n2>[1-4])`,
    (groups, context) => {
      const index = groups['n2'] ? Number(groups['n2']) : ordinalIndex(groups['n'] ?? '');
      const months = /semestre|half/.test(groups['unit'] ?? '') ? 6 : 3;
      if (months === 6 && index > 2) return null;
      return computed((reference) => {
        const year = groups['year2'] ? Number(groups['year2']) : yearFrom(groups, reference, context.year);
        if (year === null) return null;
        const start = addMonths({ year, month: 1, day: 1 }, (index - 1) * months);
        return { ...span(start, months, 'month'), grain: months === 3 ? 'quarter' : 'month' };
      });
    },
    /trimestre|semestre|quarter|half|\d\s*-?\s*[tq][1-4]/u,
  ),
  rule(
    'relative-quarter',
    `(?:el\\s+)?trimestre\\s+(?:actual|${NEXT_OR_LAST})|(?:el\\s+)?(?:${NEXT}|${LAST}|ultimo)\\s+trimestre|(?:este|this)\\s+trimestre|(?:this|next|last)\\s+quarter`,
    (_groups, _context, match) => {
      const offset = offsetOf(match[0]);
      return computed((reference) => {
        const today = reference.today;
        const start = addMonths(
          { year: today.year, month: today.month - ((today.month - 1) % 3), day: 1 },
          offset * 3,
        );
        return { ...span(start, 3, 'month'), grain: 'quarter' };
      });
    },
    /trimestre|quarter/u,
  ),
];
