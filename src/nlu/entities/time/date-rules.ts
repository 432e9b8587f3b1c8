/**
 * Rules for single days: "el 2 de enero", "15/12", "diciembre 15", "hoy", "pasado mañana", "el lunes",
 * "este viernes", "el próximo martes", "el día 18", "navidad", "dos días después de hoy".
 */
import { DURATION_AMOUNT_SOURCE, amountValue } from '../durations.ts';
import { rule, type Rule } from './grammar.ts';
import type { DateSpec, TimeValue, WeekdayMode } from './time-value.ts';
import {
  DAY,
  DAY_DIGITS,
  MONTH,
  WEEKDAY,
  YEAR,
  dayNumber,
  monthNumber,
  weekdayNumber,
  yearNumber,
} from './vocabulary.ts';

const THE = '(?:(?:el|the|on)\\s+)?';
const YEAR_TAIL = `(?:(?:\\s*,?\\s*(?:de|del|of)?\\s*|\\s*[-/]\\s*)(?<year>${YEAR})|(?:\\s+(?:de|del)\\s+|\\s*[-/]\\s*|\\s+')(?<yy>\\d\\d))?`;

function date(spec: DateSpec): TimeValue {
  return { kind: 'date', date: spec };
}

function withYear(
  spec: DateSpec,
  groups: Record<string, string | undefined>,
  currentYear: number,
): DateSpec | null {
  const written = groups['year'] ?? groups['yy'];
  if (written === undefined) return spec;
  const year = yearNumber(written, currentYear);
  return year === undefined ? null : { ...spec, year };
}

/** "este 12/05", "este viernes 15 de junio": the one of this year, even if past. */
function thisYear(groups: Record<string, string | undefined>): DateSpec {
  return groups['this'] ? { yearOffset: 0 } : {};
}

const RELATIVE_DAYS: Record<string, number> = {
  hoy: 0,
  today: 0,
  manana: 1,
  tomorrow: 1,
  'pasado manana': 2,
  'day after tomorrow': 2,
  ayer: -1,
  yesterday: -1,
  anteayer: -2,
  antier: -2,
  'antes de ayer': -2,
  'day before yesterday': -2,
  'dia siguiente': 1,
  'dia anterior': -1,
};

const HOLIDAYS: [RegExp, number, number][] = [
  [/navidad|christmas/, 12, 25],
  [/nochebuena|christmas eve/, 12, 24],
  [/nochevieja|fin de ano|new year'?s eve/, 12, 31],
  [/ano nuevo|new year/, 1, 1],
  [/trabaj|labou?r/, 5, 1],
  [/valentin|enamorados/, 2, 14],
  [/halloween/, 10, 31],
  [/tierra|earth/, 4, 22],
  [/patricio|patrick/, 3, 17],
];

/** "proximo" → next week's, "pasado" → last week's, "este" → this week's … */
function weekdayMode(article?: string, before?: string, after?: string): WeekdayMode {
  const words = `${article ?? ''} ${before ?? ''} ${after ?? ''}`;
  if (
    /este\s+pasado|este\s+.*pasado|this\s+past/.test(words) ||
    (/^\s*este/.test(words) && /pasado/.test(words))
  ) {
    return 'previous';
  }
  if (/este\s+proximo/.test(words)) return 'this';
  if (/proxim|siguiente|que\s+viene|next/.test(words)) return 'nextWeek';
  if (/pasad|anterior|last/.test(words)) return 'lastWeek';
  if (/este|esta|this/.test(words)) return 'this';
  return 'next';
}

/** "de la próxima semana" → 1, "de esta semana" → 0, "de la semana pasada" → −1. */
function weekOffsetOf(words: string | undefined): number | undefined {
  if (!words) return undefined;
  if (/proxim|siguiente|que\s+viene|next/.test(words)) return 1;
  if (/pasad|anterior|last/.test(words)) return -1;
  return /esta|this/.test(words) ? 0 : undefined;
}

/** A number after a weekday is its day unless a month, a time or a unit follows ("lunes 21", not "lunes 3 de mayo" or "lunes 3pm"). */
const DAY_NOT_FOLLOWED = `(?!\\s*(?:(?:de|del|-|/|\\.)\\s*)?${MONTH}(?![\\p{L}])|\\s*(?:de|del|-|/|\\.)\\s*\\d|\\s*(?:[:.]\\d|a\\.?\\s?m|p\\.?\\s?m|h(?![\\p{L}])|horas?|y\\s+media|y\\s+cuarto|menos))`;

const WEEK_WORDS =
  '(?:de\\s+)?(?:la\\s+)?(?:(?:proxima|siguiente|pasada|anterior)\\s+semana|semana\\s+(?:que\\s+viene|proxima|siguiente|pasada|anterior|entrante))|(?:de\\s+)?esta\\s+semana|(?:of\\s+)?(?:next|last|this)\\s+week';

export const DATE_RULES: Rule[] = [
  rule(
    'day-month-year',
    `(?:(?<this>este|esta|this)\\s+)?${THE}(?:(?:dia|day)\\s+)?(?:(?<day>${DAY})|(?<first>(?:primer|1er)\\s+dia))(?:\\s*(?:de|del|do|of)\\s+|\\s*[-/.]\\s*|\\s+)(?<month>${MONTH})${YEAR_TAIL}`,
    (groups, context) => {
      const day = groups['first'] ? 1 : dayNumber(groups['day'] ?? '');
      const month = monthNumber(groups['month'] ?? '');
      if (day === undefined || month === undefined) return null;
      const spec = withYear({ day, month, ...thisYear(groups) }, groups, context.year);
      return spec && date(spec);
    },
    /ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic|jan|apr|aug|dec/u,
  ),
  rule(
    'month-day-year',
    `${THE}(?<month>${MONTH})\\s*[-/]?\\s*(?<day>${DAY})(?!\\s*(?:de|del)\\s)${YEAR_TAIL}`,
    (groups, context) => {
      const day = dayNumber(groups['day'] ?? '');
      const month = monthNumber(groups['month'] ?? '');
      if (day === undefined || month === undefined) return null;
      const spec = withYear({ day, month }, groups, context.year);
      return spec && date(spec);
    },
    /ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic|jan|apr|aug|dec/u,
  ),
  rule(
    'numeric-date',
    `(?:(?<this>este|esta|this)\\s+)?(?<the>${THE})(?<a>\\d{1,2})(?<sep>[/.-])(?<b>\\d{1,2})(?:\\k<sep>(?<year>\\d{4}|\\d{2}))?`,
    (groups, context) => {
      let day = Number(groups['a']);
      let month = Number(groups['b']);
      const separator = groups['sep'];
      if (groups['year'] === undefined && separator === '.') return null; // "3.5" is a number
      if (month > 12 && day <= 12) [day, month] = [month, day]; // "12/15" written month first
      if (day < 1 || day > 31 || month < 1 || month > 12) return null;
      const spec = withYear({ day, month, ...thisYear(groups) }, groups, context.year);
      if (!spec) return null;
      const weak = separator === '-' && groups['year'] === undefined && !groups['the'] && !groups['this'];
      return { value: date(spec), weak };
    },
    /\d[/.-]\d/u,
  ),
  rule(
    'iso-date',
    '(?<year>(?:1[89]|2[01])\\d\\d)(?<sep>[/.-])(?<month>\\d{1,2})\\k<sep>(?<day>\\d{1,2})',
    (groups) =>
      date({ year: Number(groups['year']), month: Number(groups['month']), day: Number(groups['day']) }),
    /\d{4}[/.-]/u,
  ),
  rule(
    'year-first-or-middle',
    `(?<year>(?:1[89]|2[01])\\d\\d)[/-](?:(?<month>${MONTH})[/-](?<day>${DAY})|(?<day2>${DAY})[/-](?<month2>${MONTH}))|(?<month3>${MONTH})[/-](?<year2>(?:1[89]|2[01])\\d\\d)[/-](?<day3>${DAY})|(?<day4>${DAY})[/-](?<year3>(?:1[89]|2[01])\\d\\d)[/-](?<month4>${MONTH})`,
    (groups) => {
      const year = Number(groups['year'] ?? groups['year2'] ?? groups['year3']);
      const month = monthNumber(
        groups['month'] ?? groups['month2'] ?? groups['month3'] ?? groups['month4'] ?? '',
      );
      const day = dayNumber(groups['day'] ?? groups['day2'] ?? groups['day3'] ?? groups['day4'] ?? '');
      return month === undefined || day === undefined ? null : date({ year, month, day });
    },
    /\d{4}[/-]|[/-]\d{4}/u,
  ),
  rule(
    'day-of-month-number',
    `${THE}(?<day>${DAY})\\s+(?:(?:de|del)\\s+(?<month>1[0-2]|0?[1-9])\\s+(?:de|del)\\s+(?<year>${YEAR})|del\\s+(?<month2>1[0-2]|0?[1-9]))`,
    (groups, context) => {
      const day = dayNumber(groups['day'] ?? '');
      const month = Number(groups['month'] ?? groups['month2']);
      if (day === undefined) return null;
      const spec = withYear({ day, month }, groups, context.year);
      return spec && date(spec);
    },
    /\sdel?\s+\d/u,
  ),
  rule(
    'relative-day',
    `(?:(?:el|the)\\s+(?:dia\\s+de\\s+)?)?(?<word>pasado\\s+manana|antes\\s+de\\s+ayer|anteayer|antier|(?<!(?:la|esta|this)\\s+)manana|hoy|ayer|today|tomorrow|yesterday|day\\s+after\\s+tomorrow|day\\s+before\\s+yesterday|dia\\s+siguiente|dia\\s+anterior)`,
    (groups) => {
      const days = RELATIVE_DAYS[(groups['word'] ?? '').replace(/\s+/g, ' ')];
      return days === undefined ? null : date({ relativeDays: days });
    },
    /hoy|manana|ayer|antier|today|tomorrow|yesterday|dia/u,
  ),
  rule(
    'weekday',
    `(?:(?<article>el|este|esta|this|on|el\\s+dia)\\s+)?(?:(?<before>este\\s+proximo|este\\s+pasado|proximo|proxima|siguiente|pasado|next|last|this\\s+past)\\s+)?(?<weekday>${WEEKDAY})(?:\\s*,?\\s+(?<week>${WEEK_WORDS})|\\s+(?<after>que\\s+viene|proximo|siguiente|pasado|anterior)|\\s*,?\\s*(?:(?<day>${DAY_DIGITS})|el\\s+(?<dayWord>${DAY}))${DAY_NOT_FOLLOWED})?`,
    (groups) => {
      const weekday = weekdayNumber(groups['weekday'] ?? '');
      if (weekday === undefined) return null;
      if (groups['day'] !== undefined || groups['dayWord'] !== undefined) {
        const day = dayNumber(groups['day'] ?? groups['dayWord'] ?? '');
        return day === undefined
          ? null
          : date({
              weekday,
              day,
              ...(/este|esta|this/.test(groups['article'] ?? '') ? { yearOffset: 0 } : {}),
            });
      }
      const weekOffset = weekOffsetOf(groups['week']);
      if (weekOffset !== undefined) return date({ weekday, weekOffset });
      return date({
        weekday,
        weekdayMode: weekdayMode(groups['article'], groups['before'], groups['after']),
      });
    },
    /lun|mar|mi[eé]|jue|vie|sab|dom|mon|tue|wed|thu|fri|sat|sun/u,
  ),
  rule(
    'week-then-weekday',
    `(?:la\\s+)?(?<week>(?:proxima|siguiente|pasada|anterior)\\s+semana|semana\\s+(?:que\\s+viene|proxima|siguiente|pasada|anterior)|esta\\s+semana)\\s*[,-]?\\s*(?:el\\s+)?(?<weekday>${WEEKDAY})`,
    (groups) => {
      const weekday = weekdayNumber(groups['weekday'] ?? '');
      const weekOffset = weekOffsetOf(groups['week']);
      return weekday === undefined || weekOffset === undefined ? null : date({ weekday, weekOffset });
    },
    /semana/u,
  ),
  rule(
    'day-of-month',
    `${THE}(?:dia|day)\\s+(?<day>${DAY})`,
    (groups) => {
      const day = dayNumber(groups['day'] ?? '');
      return day === undefined ? null : date({ day });
    },
    /dia|day/u,
  ),
  rule(
    'bare-day-of-month',
    // "del" and "al" stay outside the match, for the ranges and weeks built around it ("del 2 al 5 de enero")
    '(?:(?:el|the)\\s+|(?<=(?:^|[^\\p{L}])(?:del|al)\\s+))(?<day>(?:3[01]|[12]\\d|0?[1-9])(?:ro|er|do|to|vo|mo|no|st|nd|rd|th|\\.?[°º])?)',
    (groups) => {
      const day = dayNumber(groups['day'] ?? '');
      return day === undefined ? null : { value: date({ day }), weak: true };
    },
    /\d/u,
  ),
  rule(
    'holiday',
    `(?:(?:el|la|the)\\s+)?(?:dia\\s+(?:de\\s+)?)?(?<name>navidad|nochebuena|nochevieja|ano\\s+nuevo|(?:dia\\s+)?(?:internacional\\s+)?(?:del|de\\s+los)\\s+trabajador(?:es)?|dia\\s+del\\s+trabajo|san\\s+valentin|dia\\s+de\\s+los\\s+enamorados|halloween|christmas(?:\\s+eve)?|new\\s+year'?s\\s+(?:day|eve)|labou?r\\s+day|dia\\s+de\\s+la\\s+tierra|earth\\s+day|(?:dia\\s+de\\s+)?san\\s+patricio|st\\.?\\s+patrick'?s\\s+day)(?:\\s+(?:de\\s+|del\\s+)?(?<year>(?:1[89]|2[01])\\d\\d))?`,
    (groups) => {
      const name = (groups['name'] ?? '').replace(/\s+/g, ' ');
      const holiday = HOLIDAYS.find(([pattern]) => pattern.test(name));
      if (!holiday) return null;
      return date({
        month: holiday[1],
        day: holiday[2],
        ...(groups['year'] ? { year: Number(groups['year']) } : {}),
      });
    },
    /navidad|noche|nuevo|trabaj|valentin|enamorados|halloween|christmas|year|labo|tierra|earth|patri/u,
  ),
  rule(
    'days-from-a-day',
    `(?<amount>${DURATION_AMOUNT_SOURCE})\\s+(?<unit>dias?|semanas?|mes(?:es)?|anos?|days?|weeks?|months?|years?)\\s+(?<direction>despues\\s+de|a\\s+partir\\s+de|posteriores\\s+a|antes\\s+de|anteriores\\s+a|from|after|before)\\s+(?<base>hoy|manana|ayer|pasado\\s+manana|today|tomorrow|yesterday)`,
    (groups) => {
      const amount = amountValue(groups['amount'] ?? '');
      const base = RELATIVE_DAYS[(groups['base'] ?? '').replace(/\s+/g, ' ')];
      if (amount === undefined || base === undefined || !Number.isInteger(amount)) return null;
      const unitWord = groups['unit'] ?? '';
      const unit = /^(?:dia|day)/.test(unitWord)
        ? 'day'
        : /^(?:semana|week)/.test(unitWord)
          ? 'week'
          : /^(?:mes|month)/.test(unitWord)
            ? 'month'
            : 'year';
      const sign = /antes|anteriores|before/.test(groups['direction'] ?? '') ? -1 : 1;
      return date({ relativeDays: base, shift: { amount: sign * amount, unit } });
    },
    /hoy|manana|ayer|today|tomorrow|yesterday/u,
  ),
];
