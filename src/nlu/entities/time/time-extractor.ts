/**
 * The `time` entity: dates and times in Spanish (and English) resolved against the tenant's time zone
 * and the turn's clock, in Duckling's shape. A point is `{ value: "2026-11-24T15:00:00.000-05:00", grain }`;
 * a range is `{ value: { from, to }, grain }` with `to` exclusive (an open range has only one of them).
 */
import type { Entity } from '../../parse-result.ts';
import { entityAt } from '../entity-candidate.ts';
import { dateOf } from './calendar.ts';
import { CLOCK_RULES } from './clock-rules.ts';
import { combineAtoms } from './combine.ts';
import { DATE_RULES } from './date-rules.ts';
import { EDGE_RULES } from './edges.ts';
import { chooseAtoms, matchRules } from './grammar.ts';
import { PERIOD_RULES } from './period-rules.ts';
import { RANGE_RULES } from './range-rules.ts';
import { RELATIVE_RULES } from './relative-rules.ts';
import { resolveValue } from './resolve.ts';
import { WEEK_RULES } from './week-rules.ts';
import type { Reference, Resolved, TimeAtom } from './time-value.ts';
import { formatLocal, toLocal } from './zoned-time.ts';

const RULES = [
  ...RANGE_RULES,
  ...DATE_RULES,
  ...PERIOD_RULES,
  ...WEEK_RULES,
  ...EDGE_RULES,
  ...RELATIVE_RULES,
  ...CLOCK_RULES,
];

export interface TimeContext {
  now: Date;
  /** IANA zone of the tenant, e.g. "America/Bogota". */
  timezone: string;
}

export function referenceOf(context: TimeContext): Reference {
  const local = toLocal(context.now, context.timezone);
  return { now: context.now, timezone: context.timezone, local, today: dateOf(local) };
}

/** The understood time expressions of a folded message, before resolution (for tests and the benchmark). */
export function parseTimeAtoms(folded: string, year: number): TimeAtom[] {
  return combineAtoms(chooseAtoms(matchRules(RULES, folded, { year })), folded);
}

function valueOf(resolved: Resolved, timezone: string): unknown {
  if (resolved.kind === 'instant') return formatLocal(resolved.at, timezone);
  return {
    ...(resolved.from ? { from: formatLocal(resolved.from, timezone) } : {}),
    ...(resolved.to ? { to: formatLocal(resolved.to, timezone) } : {}),
  };
}

const TIME_PREFIX = /(?<![\p{L}\p{N}])(?:a|at)\s+$/u;

export function extractTimes(folded: string, context: TimeContext): Entity[] {
  const reference = referenceOf(context);
  const entities: Entity[] = [];
  for (const atom of parseTimeAtoms(folded, reference.today.year)) {
    const resolved = resolveValue(atom.value, reference);
    if (!resolved) continue;
    let start = atom.start;
    // "a las 10": the "a" belongs to the time, though the grammar reads "las 10"
    const prefix = TIME_PREFIX.exec(folded.slice(0, start));
    if (prefix && /^(?:las?\s|\d)/u.test(folded.slice(start))) start -= prefix[0].length;
    entities.push(
      entityAt('time', start, atom.end, valueOf(resolved, context.timezone), { grain: resolved.grain }),
    );
  }
  return entities;
}
