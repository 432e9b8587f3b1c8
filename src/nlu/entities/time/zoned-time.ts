/**
 * Converts between instants and a time zone's wall clock with nothing but Intl.DateTimeFormat, so
 * offsets are computed per instant: a zone with daylight saving time gets the offset in force on the
 * resolved day, not the one of "now".
 */
import { OrquestaError } from '../../../core/errors.ts';
import { fromWallMs, wallMs, type LocalDateTime } from './calendar.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (error) {
      throw new OrquestaError(
        'invalid_config',
        `time zone "${timezone}" is not a known IANA zone — use a name like "America/Bogota"`,
        { cause: error },
      );
    }
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Throws an `invalid_config` error when `timezone` is not an IANA zone this runtime knows. */
export function assertTimeZone(timezone: string): void {
  formatterFor(timezone);
}

function partsAt(instant: Date, timezone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: (parts['hour'] ?? 0) % 24,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

// Offsets change only on quarter hours (every zone's transitions since 1970 fall on them), so one
// Intl call per zone and quarter hour is enough; the cache is bounded for long-running servers.
const QUARTER_HOUR = 900_000;
const offsetCache = new Map<string, number>();

/** Minutes east of UTC in force in `timezone` at `instant` (−300 for Bogotá). */
export function offsetMinutes(instant: Date, timezone: string): number {
  const bucket = Math.floor(instant.getTime() / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timezone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = Math.round((wallMs(partsAt(new Date(bucket), timezone)) - bucket) / 60_000);
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The wall clock of `timezone` at `instant` (milliseconds dropped). */
export function toLocal(instant: Date, timezone: string): LocalDateTime {
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  return fromWallMs(seconds + offsetMinutes(instant, timezone) * 60_000);
}

/**
 * The instant at which `timezone`'s wall clock shows `local`. A wall time skipped by a daylight-saving
 * jump resolves as if the clock had not jumped yet (02:30 on a spring-forward night is 03:30 of the new
 * offset); a wall time that happens twice resolves to the earlier of the two.
 */
export function fromLocal(local: LocalDateTime, timezone: string): Date {
  const wall = wallMs(local);
  const before = offsetMinutes(new Date(wall - 86_400_000), timezone);
  const after = offsetMinutes(new Date(wall + 86_400_000), timezone);
  if (before === after) {
    const candidate = wall - before * 60_000;
    if (offsetMinutes(new Date(candidate), timezone) === before) return new Date(candidate);
  }
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((candidate) => wallMs(toLocal(new Date(candidate), timezone)) === wall)
    .sort((a, b) => a - b);
  const first = candidates[0];
  return new Date(first ?? wall - Math.min(before, after) * 60_000);
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, '0');
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** Duckling's format: the zone's wall clock and the offset in force at that instant, `2026-11-24T15:00:00.000-05:00`. */
export function formatInstant(instant: Date, timezone: string): string {
  const local = toLocal(instant, timezone);
  const date = `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
  const time = `${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}.${pad(instant.getUTCMilliseconds(), 3)}`;
  return `${date}T${time}${formatOffset(offsetMinutes(instant, timezone))}`;
}

/** Formats a wall-clock value of `timezone` as Duckling does, with the offset of that day. */
export function formatLocal(local: LocalDateTime, timezone: string): string {
  return formatInstant(fromLocal(local, timezone), timezone);
}

/** Adds real elapsed time (hours, minutes, seconds) to a wall-clock value, across any offset change. */
export function addElapsed(local: LocalDateTime, milliseconds: number, timezone: string): LocalDateTime {
  return toLocal(new Date(fromLocal(local, timezone).getTime() + milliseconds), timezone);
}
