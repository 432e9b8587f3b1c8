import { describe, expect, it } from 'vitest';
import { at, between, day, findTimes, onlyTime } from './testing.ts';

describe('times relative to now (09:00 on Monday 23 Nov 2026)', () => {
  it('moves by hours and minutes as elapsed time, by days and longer on the calendar', () => {
    expect(onlyTime('en 2 horas')).toEqual(at('2026-11-23T11:00:00', 'minute'));
    expect(onlyTime('dentro de media hora')).toEqual(at('2026-11-23T09:30:00', 'minute'));
    expect(onlyTime('en una hora y media')).toEqual(at('2026-11-23T10:30:00', 'minute'));
    expect(onlyTime('30 minutos después')).toEqual(at('2026-11-23T09:30:00', 'minute'));
    expect(onlyTime('hace 30 minutos')).toEqual(at('2026-11-23T08:30:00', 'minute'));
    expect(onlyTime('en 3 días')).toEqual(day('2026-11-26'));
    expect(onlyTime('dentro de 3 meses')).toEqual(day('2027-02-23'));
    expect(onlyTime('en 1 año')).toEqual(day('2027-11-23'));
    expect(onlyTime('hace 2 semanas')).toEqual(day('2026-11-09'));
  });

  it('reads now at the second', () => {
    expect(onlyTime('ahora mismo')).toEqual(at('2026-11-23T09:00:00', 'second'));
    expect(findTimes('nada más por ahora')).toEqual([]);
  });

  it('reads the next and last units as intervals from tomorrow or up to today', () => {
    expect(onlyTime('los próximos 3 días')).toEqual(
      between('2026-11-24T00:00:00', '2026-11-27T00:00:00', 'day'),
    );
    expect(onlyTime('las últimas 2 semanas')).toEqual(
      between('2026-11-09T00:00:00', '2026-11-23T00:00:00', 'week'),
    );
    expect(onlyTime('la próxima hora')).toEqual(
      between('2026-11-23T09:00:00', '2026-11-23T10:00:00', 'hour'),
    );
  });
});
