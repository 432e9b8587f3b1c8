/**
 * Rules for times relative to now: "ahora", "en 2 horas", "dentro de una semana", "hace 30 minutos",
 * "30 minutos después", "los próximos 3 días", "las últimas 2 semanas".
 */
import {
  DURATION_AMOUNT_SOURCE,
  DURATION_SOURCE,
  DURATION_UNIT_WORDS,
  amountValue,
  durationUnitOf,
  parseDuration,
} from '../durations.ts';
import { addDays, atTime, shiftDateTime, truncate, type TimeGrain } from './calendar.ts';
import { rule, type Rule } from './grammar.ts';
import type { Reference, Resolved, TimeValue } from './time-value.ts';
import { addElapsed } from './zoned-time.ts';

const SHORT_UNITS = new Set(['second', 'minute', 'hour']);
const BASE_DAYS: Record<string, number> = {
  ahora: 0,
  now: 0,
  hoy: 0,
  today: 0,
  manana: 1,
  tomorrow: 1,
  ayer: -1,
};

/**
 * Moves from now by a duration written in the message. Hours and smaller are real elapsed time (an
 * instant at minute grain); days and larger move the calendar and give a day ("en 2 meses").
 */
function moved(text: string, sign: 1 | -1, baseDays = 0): TimeValue | null {
  const duration = parseDuration(text);
  if (!duration) return null;
  return {
    kind: 'computed',
    resolve: (reference: Reference): Resolved => {
      const unit = duration.unit;
      if (SHORT_UNITS.has(unit) || !Number.isInteger(duration.value)) {
        const base = baseDays === 0 ? reference.local : atTime(addDays(reference.today, baseDays));
        const at = addElapsed(base, sign * duration.normalized.value * 1000, reference.timezone);
        return {
          kind: 'instant',
          at: unit === 'second' ? at : truncate(at, 'minute'),
          grain: unit === 'second' ? 'second' : 'minute',
        };
      }
      const day = atTime(addDays(reference.today, baseDays));
      return {
        kind: 'instant',
        at: shiftDateTime(day, sign * duration.value, unit as TimeGrain),
        grain: 'day',
      };
    },
  };
}

const UNIT = DURATION_UNIT_WORDS.map(([source]) => source).join('|');
const NEXT_WORDS = 'proxim[oa]s|siguientes|next|que\\s+vienen|venideros';
const LAST_WORDS = 'ultim[oa]s|pasad[oa]s|anteriores|last|past|previous';

export const RELATIVE_RULES: Rule[] = [
  rule(
    'now',
    // "por ahora" is "for now", not a time
    '(?<!por\\s+)ahora(?:\\s+mismo)?|ahorita|en\\s+este\\s+momento|(?:right\\s+)?now(?!\\s+on)',
    () => ({
      kind: 'computed',
      resolve: (reference) => ({ kind: 'instant', at: reference.local, grain: 'second' }),
    }),
    /ahora|ahorita|momento|now/u,
  ),
  rule(
    'in-duration',
    `(?:en|dentro\\s+de|in|within)\\s+(?:(?:un\\s+)?(?:plazo\\s+de|lapso\\s+de)\\s+)?(?<duration>${DURATION_SOURCE})(?:\\s+(?:a\\s+partir\\s+de|desde|from)\\s+(?<base>ahora|hoy|manana|now|today|tomorrow))?`,
    (groups) => moved(groups['duration'] ?? '', 1, BASE_DAYS[groups['base'] ?? 'ahora'] ?? 0),
    /(?:^|\s)(?:en|dentro|in|within)\s/u,
  ),
  rule(
    'duration-from-now',
    `(?<duration>${DURATION_SOURCE})\\s+(?:despues|mas\\s+tarde|later|a\\s+partir\\s+de\\s+(?<base>ahora|hoy|manana)|from\\s+now)`,
    (groups) => moved(groups['duration'] ?? '', 1, BASE_DAYS[groups['base'] ?? 'ahora'] ?? 0),
    /despues|mas tarde|later|a partir|from now/u,
  ),
  rule(
    'ago',
    `hace\\s+(?<duration>${DURATION_SOURCE})`,
    (groups) => moved(groups['duration'] ?? '', -1),
    /hace\s/u,
  ),
  rule(
    'duration-ago',
    `(?<duration>${DURATION_SOURCE})\\s+(?:atras|ago)`,
    (groups) => moved(groups['duration'] ?? '', -1),
    /\s(?:atras|ago)(?![\p{L}])/u,
  ),
  rule(
    'next-or-last-units',
    `(?:(?:los|las|the|en\\s+los|en\\s+las|durante\\s+los|durante\\s+las)\\s+)?(?:(?<direction>${NEXT_WORDS}|${LAST_WORDS})\\s+(?<amount>${DURATION_AMOUNT_SOURCE})\\s+(?<unit>${UNIT})|(?<amount2>${DURATION_AMOUNT_SOURCE})\\s+(?<direction2>${NEXT_WORDS}|${LAST_WORDS})\\s+(?<unit2>${UNIT})|(?<amount3>${DURATION_AMOUNT_SOURCE})\\s+(?<unit3>${UNIT})\\s+(?<direction3>${NEXT_WORDS}|${LAST_WORDS}))|(?:la|the)\\s+(?<direction4>proxima|siguiente|next|ultima|last)\\s+(?<unit4>hora|hour)`,
    (groups) => {
      const amount = amountValue(groups['amount'] ?? groups['amount2'] ?? groups['amount3'] ?? 'un');
      const unit = durationUnitOf(
        groups['unit'] ?? groups['unit2'] ?? groups['unit3'] ?? groups['unit4'] ?? '',
      );
      const direction =
        groups['direction'] ?? groups['direction2'] ?? groups['direction3'] ?? groups['direction4'] ?? '';
      if (amount === undefined || unit === undefined || !Number.isInteger(amount)) return null;
      const future = new RegExp(`^(?:${NEXT_WORDS}|proxima|siguiente|next)$`).test(direction);
      return {
        kind: 'computed',
        resolve: (reference): Resolved => {
          if (SHORT_UNITS.has(unit)) {
            const milliseconds = amount * { second: 1000, minute: 60_000, hour: 3_600_000 }[unit as 'second'];
            const other = addElapsed(
              reference.local,
              future ? milliseconds : -milliseconds,
              reference.timezone,
            );
            const [from, to] = future ? [reference.local, other] : [other, reference.local];
            return { kind: 'interval', from, to, grain: unit as TimeGrain };
          }
          // days and longer: from tomorrow onwards, or up to today
          const start = future ? atTime(addDays(reference.today, 1)) : atTime(reference.today);
          const other = shiftDateTime(start, future ? amount : -amount, unit as TimeGrain);
          const [from, to] = future ? [start, other] : [other, start];
          return { kind: 'interval', from, to, grain: unit as TimeGrain };
        },
      };
    },
    /proxim|siguiente|next|que vienen|venider|ultim|pasad|anterior|last|past|previous/u,
  ),
];
