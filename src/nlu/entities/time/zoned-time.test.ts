import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../../core/errors.ts';
import { formatInstant, formatLocal, fromLocal, offsetMinutes, toLocal } from './zoned-time.ts';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

describe('offsets are computed per instant', () => {
  it('keeps the same offset all year in zones without daylight saving time', () => {
    for (const month of [1, 4, 7, 10]) {
      expect(formatLocal(wall(2026, month, 15, 15), 'America/Bogota')).toBe(
        `2026-${String(month).padStart(2, '0')}-15T15:00:00.000-05:00`,
      );
      // Mexico abolished daylight saving time in 2022
      expect(
        offsetMinutes(fromLocal(wall(2026, month, 15, 15), 'America/Mexico_City'), 'America/Mexico_City'),
      ).toBe(-360);
    }
  });

  it('uses the offset in force on the resolved day in zones with daylight saving time', () => {
    expect(formatLocal(wall(2026, 1, 15, 15), 'America/New_York')).toBe('2026-01-15T15:00:00.000-05:00');
    expect(formatLocal(wall(2026, 7, 15, 15), 'America/New_York')).toBe('2026-07-15T15:00:00.000-04:00');
    expect(formatLocal(wall(2026, 1, 15, 10), 'Europe/Madrid')).toBe('2026-01-15T10:00:00.000+01:00');
    expect(formatLocal(wall(2026, 7, 15, 10), 'Europe/Madrid')).toBe('2026-07-15T10:00:00.000+02:00');
  });

  it('changes offset exactly at the transition', () => {
    // New York springs forward on 8 March 2026 at 02:00 (07:00 UTC)
    expect(offsetMinutes(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-240);
    // Madrid falls back on 25 October 2026 at 03:00 CEST (01:00 UTC)
    expect(offsetMinutes(new Date('2026-10-25T00:59:59Z'), 'Europe/Madrid')).toBe(120);
    expect(offsetMinutes(new Date('2026-10-25T01:00:00Z'), 'Europe/Madrid')).toBe(60);
  });

  it('moves a wall time skipped by a spring-forward jump to the new offset', () => {
    expect(formatLocal(wall(2026, 3, 8, 2, 30), 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
    expect(formatLocal(wall(2026, 3, 29, 2, 30), 'Europe/Madrid')).toBe('2026-03-29T03:30:00.000+02:00');
  });

  it('takes the earlier of a wall time that happens twice', () => {
    expect(fromLocal(wall(2026, 11, 1, 1, 30), 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(formatLocal(wall(2026, 10, 25, 2, 30), 'Europe/Madrid')).toBe('2026-10-25T02:30:00.000+02:00');
  });

  it('reads the wall clock of an instant', () => {
    expect(toLocal(new Date('2026-11-23T14:00:00Z'), 'America/Bogota')).toEqual(wall(2026, 11, 23, 9));
    expect(toLocal(new Date('2026-11-23T00:30:00Z'), 'America/Bogota')).toEqual(wall(2026, 11, 22, 19, 30));
    expect(formatInstant(new Date('2026-11-24T20:00:00.250Z'), 'Asia/Kolkata')).toBe(
      '2026-11-25T01:30:00.250+05:30',
    );
  });

  it('rejects a time zone that is not an IANA zone', () => {
    expect(() => toLocal(new Date(), 'Mars/Olympus')).toThrow(OrquestaError);
    expect(() => toLocal(new Date(), 'Mars/Olympus')).toThrow(/Mars\/Olympus.*IANA/);
  });
});
