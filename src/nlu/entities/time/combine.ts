/**
 * Combines neighbouring atoms into the expressions people write: a weekday with its date ("lunes, 4 de
 * diciembre"), a day with its month or year ("el 21 de este mes"), ranges ("entre el 1 y el 4 de
 * febrero", "de 10 a.m. a 12 p.m."), open ranges ("antes de las 4", "a partir de mañana") and a day with
 * its time or part of the day ("mañana a las 3 de la tarde", "el lunes en la tarde").
 */
import { buildEdges } from './edges.ts';
import { chooseAtoms } from './grammar.ts';
import { buildWeeks } from './week-rules.ts';
import type { ClockSpec, DateSpec, TimeAtom, TimeValue } from './time-value.ts';

type Merge = (left: TimeValue, right: TimeValue, gap: string) => TimeValue | null;

const TIGHT_GAP = /^\s*(?:,|-|\(|de|del|of)?\s*(?:el\s+)?(?:dia\s+)?$/u;
const DATE_TIME_GAP = /^\s*\)?\s*(?:,|-|a|at|on|el|del?|of|en)?\s*$/u;

function isWeekdayOnly(date: DateSpec): boolean {
  return (
    date.weekday !== undefined &&
    date.weekOffset === undefined &&
    date.day === undefined &&
    date.relativeDays === undefined
  );
}

function isDayOnly(date: DateSpec): boolean {
  return (
    date.day !== undefined &&
    date.month === undefined &&
    date.year === undefined &&
    date.weekday === undefined
  );
}

/** Parts of one date expression: weekday + date, day + month, date + year, month + year. */
const mergeTight: Merge = (left, right, gap) => {
  if (!TIGHT_GAP.test(gap)) return null;
  if (left.kind === 'date' && right.kind === 'date') {
    const [weekday, other] = isWeekdayOnly(left.date) ? [left.date, right.date] : [right.date, left.date];
    if (!isWeekdayOnly(weekday) || other.day === undefined || other.weekday !== undefined) return null;
    // "este viernes 15 de junio": this year's, even if past
    const thisYear = weekday.weekdayMode === 'this' && other.month !== undefined && other.year === undefined;
    return {
      kind: 'date',
      date: { ...other, weekday: weekday.weekday, ...(thisYear ? { yearOffset: 0 } : {}) },
    };
  }
  if (left.kind === 'date' && right.kind === 'month' && isDayOnly(left.date)) {
    const { month, year, monthOffset, yearOffset } = right;
    if (month === undefined) return { kind: 'date', date: { ...left.date, monthOffset: monthOffset ?? 0 } };
    return { kind: 'date', date: { ...left.date, month, year, yearOffset } };
  }
  const undated = (date: DateSpec) =>
    date.month !== undefined && date.day !== undefined && date.year === undefined;
  if (left.kind === 'date' && right.kind === 'year' && undated(left.date)) {
    return { kind: 'date', date: { ...left.date, year: right.year, yearOffset: right.yearOffset } };
  }
  if (left.kind === 'month' && left.month !== undefined && left.year === undefined && right.kind === 'year') {
    return { ...left, year: right.year, yearOffset: right.yearOffset };
  }
  return null;
};

function withDate(value: TimeValue, date: DateSpec): TimeValue | null {
  switch (value.kind) {
    case 'clock':
    case 'part':
      return value.date ? null : { ...value, date };
    case 'range': {
      const from = withDate(value.from, date);
      const to = withDate(value.to, date);
      return from && to ? { kind: 'range', from, to } : null;
    }
    case 'open': {
      const bound = withDate(value.bound, date);
      return bound ? { ...value, bound } : null;
    }
    default:
      return null;
  }
}

/** A part of the day gives its am/pm (and its day) to a time without them: "por la tarde a las siete". */
function withPart(value: TimeValue, part: Extract<TimeValue, { kind: 'part' }>): TimeValue | null {
  if (value.kind === 'range') {
    const from = withPart(value.from, part);
    const to = withPart(value.to, part);
    return from && to ? { kind: 'range', from, to } : null;
  }
  if (value.kind !== 'clock') return null;
  const meridiem: ClockSpec['meridiem'] =
    part.part === 'morning' || part.part === 'madrugada' ? 'am' : part.part === 'afternoon' ? 'pm' : 'night';
  const clock = value.clock.meridiem || value.clock.twentyFour ? value.clock : { ...value.clock, meridiem };
  const date = value.date ?? part.date;
  return { kind: 'clock', clock, ...(date ? { date } : {}) };
}

/** "de abril a junio en 2017": a year said after a range of months holds for both ends. */
const mergeRangeYear: Merge = (left, right, gap) => {
  if (left.kind !== 'range' || right.kind !== 'year' || !/^\s*(?:,|de|del|en|of|in)?\s*$/u.test(gap))
    return null;
  const dated = (value: TimeValue): TimeValue | null =>
    value.kind === 'month' && value.month !== undefined && value.year === undefined
      ? { ...value, year: right.year, yearOffset: right.yearOffset }
      : null;
  const from = dated(left.from);
  const to = dated(left.to);
  return from && to ? { kind: 'range', from, to } : null;
};

/** A day with its time, part of the day or time range, in either order. */
const mergeDayAndTime: Merge = (left, right, gap) => {
  if (!DATE_TIME_GAP.test(gap)) return null;
  if (left.kind === 'date') return withDate(right, left.date);
  if (right.kind === 'date') return withDate(left, right.date);
  if (right.kind === 'part' && left.kind !== 'part') return withPart(left, right);
  if (left.kind === 'part') return withPart(right, left);
  return null;
};

function mergeAll(atoms: TimeAtom[], folded: string, merge: Merge): TimeAtom[] {
  const result = [...atoms];
  let index = 0;
  while (index < result.length - 1) {
    const left = result[index] as TimeAtom;
    const right = result[index + 1] as TimeAtom;
    const merged = merge(left.value, right.value, folded.slice(left.end, right.start));
    if (merged) {
      result.splice(index, 2, { start: left.start, end: right.end, value: merged });
      index = Math.max(0, index - 1);
    } else {
      index += 1;
    }
  }
  return result;
}

// Both ends of a range are days (or longer), or both times of day: "de mañana a las 3" is not a range.
const DAYS = new Set(['date', 'month', 'year', 'computed']);
const TIMES = new Set(['clock', 'part', 'computed']);

function rangeable(left: TimeValue, right: TimeValue): boolean {
  return (DAYS.has(left.kind) && DAYS.has(right.kind)) || (TIMES.has(left.kind) && TIMES.has(right.kind));
}
const BETWEEN = /(?:entre|between)\s+$/u;
const FROM = /(?:de|del|desde|from|(?:a\s+)?partir\s+del?)\s+$/u;
const AND = /^\s*(?:y|and|-|–|~|a|hacia)\s*$/u;
const TO = /^\s*(?:a|al|hasta|to|until|till|-|–|~|hacia)\s*$/u;
const DASH = /^\s*[-–~]\s*$/u;

function startOfWord(folded: string, end: number, pattern: RegExp): number | null {
  const match = pattern.exec(folded.slice(0, end));
  return match ? end - match[0].length : null;
}

/** "entre A y B", "de A a B", "desde A hasta B", "A - B". */
function buildRanges(atoms: TimeAtom[], folded: string): TimeAtom[] {
  const result: TimeAtom[] = [];
  for (let index = 0; index < atoms.length; index += 1) {
    const left = atoms[index] as TimeAtom;
    const right = atoms[index + 1];
    if (right && rangeable(left.value, right.value)) {
      const gap = folded.slice(left.end, right.start);
      const between = startOfWord(folded, left.start, BETWEEN);
      const from = startOfWord(folded, left.start, FROM);
      const sameKind = left.value.kind === right.value.kind;
      let start: number | null = null;
      if (between !== null && AND.test(gap)) start = between;
      else if (from !== null && TO.test(gap)) start = from;
      else if (sameKind && (DASH.test(gap) || /^\s+(?:a|al|hasta|to)\s+$/u.test(gap))) start = left.start;
      if (start !== null) {
        result.push({ start, end: right.end, value: { kind: 'range', from: left.value, to: right.value } });
        index += 1;
        continue;
      }
    }
    result.push(left);
  }
  return result;
}

const OPEN_BEFORE: [RegExp, 'after' | 'before' | 'since' | 'until'][] = [
  [
    /(?:antes\s+del?|before|no\s+mas\s+tarde\s+(?:del?|que)(?:\s+el)?|not\s+later\s+than|anterior\s+(?:a|al|de|del))\s+$/u,
    'before',
  ],
  [/(?:despues\s+del?|after|posterior\s+(?:a|al|de|del))\s+$/u, 'after'],
  [
    /(?:a\s+partir\s+del?|desde|since|starting|empezando(?:\s+el)?|comenzando(?:\s+el)?|a\s+primeros\s+de|tan\s+pronto\s+como|tan\s+temprano\s+como(?:\s+a)?)\s+$/u,
    'since',
  ],
  [/(?:hasta|until|till|tan\s+tarde\s+como(?:\s+a)?)\s+$/u, 'until'],
];
const OPEN_AFTER =
  /^\s+(?:o|y|or|and)\s+(?:mas\s+tarde|despues|posterior(?:es)?|later|after)(?![\p{L}]|\s+(?:de|del|que)(?![\p{L}]))/u;

/** "antes de las 4", "después de 2018", "a partir de mañana", "hasta el viernes", "2018 o más tarde". */
function buildOpenRanges(atoms: TimeAtom[], folded: string): TimeAtom[] {
  return atoms.map((atom) => {
    if (atom.value.kind === 'range' || atom.value.kind === 'open') return atom;
    const after = OPEN_AFTER.exec(folded.slice(atom.end));
    if (after)
      return {
        start: atom.start,
        end: atom.end + after[0].length,
        value: { kind: 'open', side: 'since', bound: atom.value },
      };
    for (const [pattern, side] of OPEN_BEFORE) {
      const start = startOfWord(folded, atom.start, pattern);
      if (start !== null) return { start, end: atom.end, value: { kind: 'open', side, bound: atom.value } };
    }
    return atom;
  });
}

const INTRODUCED = /(?:para|hasta|desde|antes|despues|partir|dia|for|on|by|until)\s+(?:el\s+|del\s+)?$/u;

/**
 * Runs the combinations in order: tight merges, ranges, open ranges, then day + time. Weak atoms left
 * alone ("el 15" with nothing around it) are dropped unless introduced ("para el 15").
 */
export function combineAtoms(atoms: TimeAtom[], folded: string): TimeAtom[] {
  // the wrappers extend atoms over the words before them, which may have been atoms of their own
  let result = mergeAll(atoms, folded, mergeTight);
  result = chooseAtoms(buildWeeks(buildEdges(result, folded), folded));
  result = chooseAtoms(buildRanges(result, folded));
  result = mergeAll(result, folded, mergeRangeYear);
  result = chooseAtoms(buildOpenRanges(result, folded));
  result = mergeAll(result, folded, mergeDayAndTime);
  return result.filter((atom) => !atom.weak || INTRODUCED.test(folded.slice(0, atom.start)));
}
