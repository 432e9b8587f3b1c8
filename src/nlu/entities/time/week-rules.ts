/**
 * Weeks named by number or position: "semana 31", "la semana 27 del año pasado", "la primera semana de
 * 2015", "la última semana de julio", "la semana del 18", "la semana que inicia el 4 de febrero". Weeks
 * start on Monday; the nth week of a month or year is the nth whose Thursday falls in it (as ISO weeks).
 */
import { addDays, atTime, dateOf, startOfWeek, type LocalDate } from './calendar.ts';
import { rule, type Rule } from './grammar.ts';
import { resolveValue, startOf } from './resolve.ts';
import type { Reference, Resolved, TimeAtom, TimeValue } from './time-value.ts';
import { YEAR, yearNumber } from './vocabulary.ts';

function week(monday: LocalDate): Resolved {
  return { kind: 'interval', from: atTime(monday), to: atTime(addDays(monday, 7)), grain: 'week' };
}

/** The Mondays of the weeks whose Thursday falls within [from, to). */
function weeksWithin(from: LocalDate, to: LocalDate): LocalDate[] {
  const mondays: LocalDate[] = [];
  for (let monday = startOfWeek(addDays(from, 3)); ; monday = addDays(monday, 7)) {
    const thursday = addDays(monday, 3);
    if (Date.UTC(thursday.year, thursday.month - 1, thursday.day) >= Date.UTC(to.year, to.month - 1, to.day))
      break;
    mondays.push(monday);
  }
  return mondays;
}

function nthWeek(resolved: Resolved | null, nth: number): Resolved | null {
  if (!resolved || resolved.kind !== 'interval' || !resolved.from || !resolved.to) return null;
  const mondays = weeksWithin(dateOf(resolved.from), dateOf(resolved.to));
  const monday = nth > 0 ? mondays[nth - 1] : mondays[mondays.length + nth];
  return monday ? week(monday) : null;
}

const POSITIONS: [RegExp, number][] = [
  [/^(?:primer|1)/, 1],
  [/^(?:segund|2)/, 2],
  [/^(?:tercer|3)/, 3],
  [/^(?:cuart|4)/, 4],
  [/^(?:quint|5)/, 5],
  [/^penultim/, -2],
  [/^(?:ultim|last)/, -1],
];

const NTH_WEEK_BEFORE =
  /(?:(?:la|the)\s+)?(?<nth>primera|segunda|tercera|cuarta|quinta|ultima|penultima|[1-5](?:a|ª|\.ª)|first|second|third|fourth|last)\s+(?:semana|week)\s+(?:de|del|of)\s+(?:(?:el|la)\s+)?$/u;
const WEEK_OF_BEFORE =
  /(?:(?:la|the)\s+)?(?:semana|week)\s+(?:del?|que\s+(?:inicia|comienza|empieza|va\s+del?)|a\s+partir\s+del?|of)\s+(?:el\s+)?$/u;

export const WEEK_RULES: Rule[] = [
  rule(
    'week-number',
    `(?:(?:la|the)\\s+)?(?:semana|week)\\s+(?<n>[1-9]|[1-4]\\d|5[0-3])(?:\\s+(?:de|del|of)\\s+(?:(?:el\\s+)?ano\\s+)?(?:(?<year>${YEAR})|(?<relative>(?:el\\s+)?ano\\s+(?:pasado|anterior|proximo|que\\s+viene|siguiente)|(?:el\\s+)?(?:proximo|pasado)\\s+ano|este\\s+ano)))?`,
    (groups, context) => {
      const n = Number(groups['n']);
      const written = groups['year'] === undefined ? undefined : yearNumber(groups['year'], context.year);
      const relative = groups['relative'] ?? '';
      const offset = /pasado|anterior/.test(relative)
        ? -1
        : /proximo|que\s+viene|siguiente/.test(relative)
          ? 1
          : 0;
      return {
        kind: 'computed',
        resolve: (reference: Reference) => {
          const year = written ?? reference.today.year + offset;
          return nthWeek(
            {
              kind: 'interval',
              from: atTime({ year, month: 1, day: 1 }),
              to: atTime({ year: year + 1, month: 1, day: 1 }),
              grain: 'year',
            },
            n,
          );
        },
      };
    },
    /semana|week/u,
  ),
];

/** Wraps atoms preceded by "la primera semana de", "la semana del" … */
export function buildWeeks(atoms: TimeAtom[], folded: string): TimeAtom[] {
  return atoms.map((atom) => {
    const before = folded.slice(0, atom.start);
    const nth = NTH_WEEK_BEFORE.exec(before);
    const inner = atom.value;
    if (nth?.groups && (inner.kind === 'month' || inner.kind === 'year')) {
      const word = nth.groups['nth'] ?? '';
      const position = POSITIONS.find(([pattern]) => pattern.test(word))?.[1] ?? 1;
      const value: TimeValue = {
        kind: 'computed',
        resolve: (reference) => nthWeek(resolveValue(inner, reference), position),
      };
      return { start: atom.start - nth[0].length, end: atom.end, value };
    }
    const of = WEEK_OF_BEFORE.exec(before);
    if (of && inner.kind === 'date') {
      const value: TimeValue = {
        kind: 'computed',
        resolve: (reference) => {
          const resolved = resolveValue(inner, reference);
          const start = resolved && startOf(resolved);
          return start ? week(startOfWeek(dateOf(start))) : null;
        },
      };
      return { start: atom.start - of[0].length, end: atom.end, value };
    }
    return atom;
  });
}
