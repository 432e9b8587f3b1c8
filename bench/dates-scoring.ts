/**
 * How `npm run bench:dates` reads the Recognizers-Text DateTimeModel specs and decides whether a system
 * resolved a case (the rule is printed by the benchmark and written down in bench/dates.md).
 */
import { readFileSync } from 'node:fs';

/** A wall-clock time "YYYY-MM-DD HH:mm:ss" (the specs have no zones). */
export type Wall = string;

export interface ExpectedEntity {
  text: string;
  start: number;
  /** Exclusive (the specs' End is inclusive). */
  end: number;
  /** "date", "datetime", "time", "daterange", "datetimerange", "timerange", "duration", "set" … */
  type: string;
  values: { value?: string; start?: string; end?: string }[];
}

export interface SpecCase {
  index: number;
  input: string;
  reference: Wall;
  expected: ExpectedEntity[];
}

/** What a system found, reduced to what the specs can be compared with. */
export interface Found {
  start: number;
  end: number;
  kind: 'instant' | 'interval' | 'duration';
  at?: Wall;
  from?: Wall;
  to?: Wall;
  /** The system says a time of day, not just a day. */
  hasTime: boolean;
  grain?: string;
  seconds?: number;
}

interface RawResult {
  Text?: string;
  Start?: number;
  End?: number;
  TypeName?: string;
  Resolution?: { values?: { value?: string; start?: string; end?: string }[] };
}

interface RawCase {
  Input: string;
  Context?: { ReferenceDateTime?: string };
  Results?: RawResult[];
}

/** The cases of a DateTimeModel spec file that have a reference time, in file order. */
export function loadCases(path: string): SpecCase[] {
  const raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as RawCase[];
  const cases: SpecCase[] = [];
  raw.forEach((entry, index) => {
    const reference = entry.Context?.ReferenceDateTime;
    if (!reference) return;
    cases.push({
      index,
      input: entry.Input,
      reference: reference.slice(0, 19).replace('T', ' '),
      expected: (entry.Results ?? []).map((result) => ({
        text: result.Text ?? '',
        start: result.Start ?? 0,
        end: (result.End ?? 0) + 1,
        type: (result.TypeName ?? 'unknown').replace('datetimeV2.', ''),
        values: result.Resolution?.values ?? [],
      })),
    });
  });
  return cases;
}

/** A case's category: its one expected type, "mixed" for several, "none" when nothing is expected. */
export function categoryOf(spec: SpecCase): string {
  const types = [...new Set(spec.expected.map((entity) => entity.type))];
  if (types.length === 0) return 'none';
  return types.length === 1 ? (types[0] ?? 'unknown') : 'mixed';
}

function wallMs(wall: Wall): number {
  const [date = '', time = '00:00:00'] = wall.split(' ');
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function shiftWall(wall: Wall, unit: 'second' | 'day' | 'week' | 'month' | 'year', amount: number): Wall {
  const date = new Date(wallMs(wall));
  if (unit === 'second') date.setUTCSeconds(date.getUTCSeconds() + amount);
  if (unit === 'day') date.setUTCDate(date.getUTCDate() + amount);
  if (unit === 'week') date.setUTCDate(date.getUTCDate() + 7 * amount);
  if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + amount);
  if (unit === 'year') date.setUTCFullYear(date.getUTCFullYear() + amount);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const dayOf = (wall?: Wall) => wall?.slice(0, 10);
const timeOf = (wall?: Wall) => wall?.slice(11, 19);

/**
 * The end of a found range matches the expected one exactly, or once our exclusive end is read the
 * specs' way: one second before ("23:59:59") for times; for days, the day before or the start of the last
 * unit of the range's grain ("del 3 al 12" ends on the 12th there, the 13th here; "de marzo a mayo" on
 * 1 May there, 1 June here).
 */
function endMatches(found: Found, expected: string | undefined, part: (wall?: Wall) => string | undefined) {
  if (found.to === undefined || expected === undefined)
    return found.to === undefined && expected === undefined;
  const readings = [found.to, shiftWall(found.to, 'second', -1)];
  if (part === dayOf) {
    readings.push(shiftWall(found.to, 'day', -1));
    if (found.grain === 'week' || found.grain === 'month' || found.grain === 'year') {
      readings.push(shiftWall(found.to, found.grain, -1));
    }
    if (found.grain === 'quarter') readings.push(shiftWall(found.to, 'month', -3));
  }
  const wanted = part(expected.length === 10 ? `${expected} 00:00:00` : expected);
  return readings.some((reading) => part(reading) === wanted);
}

function startMatches(
  found: Wall | undefined,
  expected: string | undefined,
  part: (wall?: Wall) => string | undefined,
) {
  if (found === undefined || expected === undefined) return found === undefined && expected === undefined;
  return (
    part(found) === part(expected.length <= 10 && expected.includes('-') ? `${expected} 00:00:00` : expected)
  );
}

function asRange(found: Found): Found | null {
  if (found.kind === 'interval') return found;
  if (found.kind !== 'instant' || !found.at || found.hasTime) return null;
  const unit =
    found.grain === 'week' || found.grain === 'month' || found.grain === 'year' ? found.grain : 'day';
  return { ...found, kind: 'interval', from: found.at, to: shiftWall(found.at, unit, 1) };
}

function matchesValue(type: string, found: Found, value: ExpectedEntity['values'][number]): boolean {
  switch (type) {
    case 'date':
      return found.kind === 'instant' && !found.hasTime && dayOf(found.at) === value.value;
    case 'datetime':
      return found.kind === 'instant' && found.hasTime && found.at === value.value;
    case 'time':
      return found.kind === 'instant' && found.hasTime && timeOf(found.at) === value.value;
    case 'daterange': {
      const range = asRange(found);
      return Boolean(
        range && startMatches(range.from, value.start, dayOf) && endMatches(range, value.end, dayOf),
      );
    }
    case 'datetimerange':
      return (
        found.kind === 'interval' &&
        startMatches(found.from, value.start, (wall) => wall) &&
        endMatches(found, value.end, (wall) => wall)
      );
    case 'timerange': {
      const time = (wall?: Wall) => (wall && wall.length > 8 ? timeOf(wall) : wall);
      return (
        found.kind === 'interval' &&
        startMatches(found.from, value.start, time) &&
        endMatches(found, value.end, time)
      );
    }
    case 'duration':
      return found.kind === 'duration' && found.seconds === Number(value.value);
    default:
      return false;
  }
}

const UNRESOLVED = (value: ExpectedEntity['values'][number]) =>
  (value.value === undefined || value.value === 'not resolved') &&
  value.start === undefined &&
  value.end === undefined;

/**
 * A case resolves when every expected entity is matched by something the system found over an
 * overlapping span, with one of the expected values (the specs list a past and a future reading of
 * ambiguous dates; either counts). An entity the specs cannot resolve ("30 de febrero", a fiscal year)
 * is matched by finding nothing there. Recurring sets are never matched (no system resolves them to a
 * value). A case that expects nothing resolves when nothing is found. Extra findings are not penalised.
 */
export function resolves(spec: SpecCase, found: Found[]): boolean {
  if (spec.expected.length === 0) return found.length === 0;
  return spec.expected.every((expected) => {
    const overlapping = found.filter((item) => item.start < expected.end && expected.start < item.end);
    if (expected.type === 'set') return false;
    if (expected.values.length === 0 || expected.values.every(UNRESOLVED)) return overlapping.length === 0;
    return overlapping.some((item) =>
      expected.values.some((value) => matchesValue(expected.type, item, value)),
    );
  });
}
