/**
 * The beginning, middle or end of a period: "a principios de mes", "a mediados de noviembre", "finales
 * de 2000", "al final de la semana", and "al final del domingo" (its last second).
 */
import { addDays, addMonths, atTime, dateOf, daysBetween, shiftDateTime, startOfWeek } from './calendar.ts';
import { END_OF_DAY } from './clock-rules.ts';
import { rule, type Rule } from './grammar.ts';
import { resolveValue } from './resolve.ts';
import type { Reference, Resolved, TimeAtom, TimeValue } from './time-value.ts';

type Edge = 'early' | 'middle' | 'late';

const EDGE_BEFORE =
  /(?:(?:a|al|hacia|desde|hasta|antes\s+de|despues\s+de)\s+)?(?:(?:los|las|el|la)\s+)?(?<edge>principios|inicios?|comienzos?|primeros|mediados|medianos|finales|fin|final|ultimos|early|mid|late|end)\s+(?:de|del|of)\s+(?:(?:la|el|los|the)\s+)?$/u;

function edgeOf(word: string): Edge {
  if (/^(?:principio|inicio|comienzo|primero|early)/.test(word)) return 'early';
  if (/^(?:mediados|medianos|mid)/.test(word)) return 'middle';
  return 'late';
}

/** Thirds of a month and of a year, halves of a week, as Recognizers-Text reads them. */
function part(resolved: Resolved, edge: Edge): Resolved | null {
  if (resolved.kind !== 'interval' || !resolved.from || !resolved.to) return null;
  const { from, to, grain } = resolved;
  const at = (days: number) => atTime(addDays(dateOf(from), days));
  if (grain === 'year') {
    const bounds = { early: [0, 4], middle: [4, 8], late: [8, 12] }[edge] as [number, number];
    return {
      kind: 'interval',
      from: shiftDateTime(from, bounds[0], 'month'),
      to: shiftDateTime(from, bounds[1], 'month'),
      grain: 'month',
    };
  }
  if (grain === 'month') {
    const bounds = { early: [0, 15], middle: [9, 20], late: [15, daysBetween(dateOf(from), dateOf(to))] }[
      edge
    ] as [number, number];
    return { kind: 'interval', from: at(bounds[0]), to: at(bounds[1]), grain: 'day' };
  }
  if (grain === 'week') {
    const bounds = { early: [0, 3], middle: [2, 5], late: [3, 7] }[edge] as [number, number];
    return { kind: 'interval', from: at(bounds[0]), to: at(bounds[1]), grain: 'day' };
  }
  return null;
}

function edgeValue(inner: TimeValue, edge: Edge): TimeValue | null {
  if (inner.kind === 'date')
    return edge === 'late' ? { kind: 'clock', clock: END_OF_DAY, date: inner.date } : null;
  if (inner.kind !== 'month' && inner.kind !== 'year' && inner.kind !== 'computed') return null;
  return {
    kind: 'computed',
    resolve: (reference: Reference) => {
      const resolved = resolveValue(inner, reference);
      return resolved ? part(resolved, edge) : null;
    },
  };
}

/** The current week, month or year as an interval. */
function current(unit: string, reference: Reference): Resolved {
  const today = reference.today;
  if (/semana|week/.test(unit)) {
    const monday = startOfWeek(today);
    return { kind: 'interval', from: atTime(monday), to: atTime(addDays(monday, 7)), grain: 'week' };
  }
  if (/mes|month/.test(unit)) {
    const first = { ...today, day: 1 };
    return { kind: 'interval', from: atTime(first), to: atTime(addMonths(first, 1)), grain: 'month' };
  }
  const first = { year: today.year, month: 1, day: 1 };
  return { kind: 'interval', from: atTime(first), to: atTime(addMonths(first, 12)), grain: 'year' };
}

export const EDGE_RULES: Rule[] = [
  rule(
    'edge-of-this',
    '(?<edge>principios|inicios?|comienzos?|mediados|finales|fin|final)\\s+(?:de|del)\\s+(?:la\\s+|el\\s+)?(?<unit>ano|mes|semana)(?!\\s+(?:pasad|anterior|proxim|siguiente|que\\s+viene|entrante))',
    (groups) => {
      const edge = edgeOf(groups['edge'] ?? '');
      return {
        kind: 'computed',
        resolve: (reference) => part(current(groups['unit'] ?? '', reference), edge),
      };
    },
    /principio|inicio|comienzo|mediados|fin/u,
  ),
  rule(
    'rest-of',
    '(?:el\\s+)?resto\\s+(?:de\\s+la|del)\\s+(?<unit>semana|mes|ano)|(?:el\\s+)?(?<unit2>ano|mes)\\s+hasta\\s+(?:la\\s+fecha|hoy)|(?:en\\s+)?lo\\s+que\\s+va\\s+(?:de\\s+la|del)\\s+(?<unit3>semana|mes|ano)|(?<unit4>year|month|week)\\s+to\\s+date|rest\\s+of\\s+the\\s+(?<unit5>week|month|year)',
    (groups) => {
      const unit =
        groups['unit'] ?? groups['unit2'] ?? groups['unit3'] ?? groups['unit4'] ?? groups['unit5'] ?? '';
      const rest = Boolean(groups['unit'] ?? groups['unit5']);
      return {
        kind: 'computed',
        resolve: (reference) => {
          const whole = current(unit, reference);
          if (whole.kind !== 'interval') return null;
          // "el resto de la semana" is today to its end; "el año hasta la fecha" its start to today
          const today = atTime(reference.today);
          return rest
            ? { kind: 'interval', from: today, to: whole.to, grain: 'day' }
            : { kind: 'interval', from: whole.from, to: today, grain: 'day' };
        },
      };
    },
    /resto|hasta|lo que va|to date|rest of/u,
  ),
];

/** Wraps atoms preceded by "principios de", "mediados de", "finales de", "al final de". */
export function buildEdges(atoms: TimeAtom[], folded: string): TimeAtom[] {
  return atoms.map((atom) => {
    const match = EDGE_BEFORE.exec(folded.slice(0, atom.start));
    if (!match?.groups) return atom;
    const value = edgeValue(atom.value, edgeOf(match.groups['edge'] ?? ''));
    if (!value) return atom;
    // "desde últimos de julio": the words before the edge belong to the open range built next
    const lead = /^(?:(?:desde|hasta|antes\s+de|despues\s+de)\s+)/u.exec(match[0]);
    return { start: atom.start - match[0].length + (lead?.[0].length ?? 0), end: atom.end, value };
  });
}
